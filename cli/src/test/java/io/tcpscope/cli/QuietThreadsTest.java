package io.tcpscope.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.AsynchronousCloseException;

import static org.assertj.core.api.Assertions.assertThat;

/** A library's thread that dies of an exception prints nothing, unless --debug asked for traces. */
class QuietThreadsTest {

    @Test
    void a_thread_that_dies_prints_nothing_without_debug_and_its_trace_with_it() throws Exception {
        // given: a thread that dies as docker-java's attach thread did when the engine's stream closed
        StringWriter quiet = new StringWriter();
        StringWriter debug = new StringWriter();

        // when
        die(new QuietThreads(new PrintWriter(quiet), false));
        die(new QuietThreads(new PrintWriter(debug), true));

        // then
        assertThat(quiet.toString()).isEmpty();
        assertThat(debug.toString()).startsWith("tcpscope: thread 'docker-java-httpclient5-hijacking-stream-1' ended with a failure:")
                .contains("AsynchronousCloseException", "\tat ");
    }

    private static void die(Thread.UncaughtExceptionHandler handler) throws InterruptedException {
        Thread thread = new Thread(() -> {
            throw new RuntimeException(new AsynchronousCloseException());
        }, "docker-java-httpclient5-hijacking-stream-1");
        thread.setUncaughtExceptionHandler(handler);
        thread.start();
        thread.join();
    }
}
