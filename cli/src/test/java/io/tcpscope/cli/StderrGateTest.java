package io.tcpscope.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the command's thread writes to stderr, unless --debug; a second command in the JVM takes the gate over. */
class StderrGateTest {

    private PrintStream before;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void captureStderr() {
        before = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(before);
    }

    @Test
    void another_thread_writes_nothing_and_the_command_and_its_own_stream_write_through() throws Exception {
        // given
        PrintStream own = StderrGate.install(Thread.currentThread(), false);

        // when
        printOnAnotherThread("WARN  i.t.docker.HelperRun - could not remove helper container 3f2a", true);
        System.err.println("the command's thread");
        own.println("the command's line");

        // then
        assertThat(text()).isEqualTo("the command's thread\nthe command's line\n");
    }

    @Test
    void under_debug_every_thread_writes_through() throws Exception {
        // given
        StderrGate.install(Thread.currentThread(), true);

        // when
        printOnAnotherThread("a debug log", false);

        // then
        assertThat(text()).isEqualTo("a debug log\n");
    }

    @Test
    void a_second_command_takes_the_gate_over_without_a_second_gate() throws Exception {
        // given: a first command, on another thread, then a second, on this one
        Thread first = new Thread(() -> StderrGate.install(Thread.currentThread(), true));
        first.start();
        first.join();
        PrintStream gate = System.err;

        // when
        StderrGate.install(Thread.currentThread(), false);
        printOnAnotherThread("from another thread", false);
        System.err.println("the second command");

        // then
        assertThat(System.err).isSameAs(gate);
        assertThat(text()).isEqualTo("the second command\n");
    }

    private String text() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Prints the line, then a trace if asked, as a library's read thread would. */
    private static void printOnAnotherThread(String line, boolean trace) throws InterruptedException {
        Thread thread = new Thread(() -> {
            System.err.println(line);
            if (trace) {
                new IllegalStateException("a trace").printStackTrace();
            }
        }, "tcpscope-read-1");
        thread.start();
        thread.join();
    }
}
