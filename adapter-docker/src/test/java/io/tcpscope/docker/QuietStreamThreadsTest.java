package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A stream's threads, made as docker-java makes them (a plain {@code new Thread(..)} by the thread
 * that starts the stream, and another by that one), end quietly when they fail; the start itself is
 * bounded and its own failure is the caller's.
 */
@Timeout(30)
class QuietStreamThreadsTest {

    @Test
    void a_thread_the_stream_makes_and_one_that_thread_makes_end_without_a_word_on_stderr() throws Exception {
        // given: stderr captured, and a start that makes a thread which makes one more, both failing
        PrintStream real = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CountDownLatch ended = new CountDownLatch(2);
        AtomicReference<ThreadGroup> copierGroup = new AtomicReference<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // when
            QuietStreamThreads.start("unix:///engine.sock", "attach to a helper", Duration.ofSeconds(10), () -> {
                Thread stream = new Thread(() -> {
                    Thread copier = new Thread(() -> {
                        copierGroup.set(Thread.currentThread().getThreadGroup());
                        ended.countDown();
                        throw new RuntimeException("java.nio.channels.AsynchronousCloseException");
                    }, "docker-java-httpclient5-hijacking-stream-1");
                    copier.start();
                    ended.countDown();
                    throw new IllegalStateException("the connection closed");
                }, "docker-java-stream-1");
                stream.start();
            });
            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
            awaitNoLiveThreadsOf(QuietStreamThreads.GROUP);
        } finally {
            System.setErr(real);
        }

        // then
        assertThat(copierGroup.get()).isSameAs(QuietStreamThreads.GROUP);
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("what the threads printed on stderr").isEmpty();
    }

    @Test
    void a_start_that_does_not_return_within_its_bound_is_a_stalled_call() {
        CountDownLatch never = new CountDownLatch(1);
        assertThatThrownBy(() -> QuietStreamThreads.start("unix:///engine.sock", "attach to a helper", Duration.ofMillis(200),
                () -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageStartingWith("the Docker engine at unix:///engine.sock did not answer 'attach to a helper' within 200 ms");
    }

    @Test
    void what_the_start_throws_is_the_callers() {
        assertThatThrownBy(() -> QuietStreamThreads.start("unix:///engine.sock", "attach to a helper", Duration.ofSeconds(5),
                () -> {
                    throw new IllegalArgumentException("no such container");
                }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no such container");
    }

    private static void awaitNoLiveThreadsOf(ThreadGroup group) throws InterruptedException {
        for (int i = 0; i < 100 && group.activeCount() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(group.activeCount()).as("live threads of the group").isZero();
    }
}
