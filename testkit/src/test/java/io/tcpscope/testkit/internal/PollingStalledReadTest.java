package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.TcpConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A wait whose read does not return ends at its time, saying so, and does not leave the read
 * running: the read is an inspector at the port boundary that blocks until it is interrupted.
 */
class PollingStalledReadTest {

    /** Reads an empty table once, then blocks until interrupted. */
    private static final class StallingInspector implements ConnectionInspector {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch never = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);

        @Override
        public List<TcpConnection> connections(String container) {
            if (reads.incrementAndGet() == 1) {
                return List.of();
            }
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return List.of();
        }

        @Override
        public void close() {
            never.countDown();
        }
    }

    @Test
    void a_read_that_does_not_return_ends_the_wait_at_its_time_with_the_last_table_and_why() throws Exception {
        // given: a wait for a table that never comes, whose second read stalls
        StallingInspector inspector = new StallingInspector();

        try {
            // when / then: the wait ends (the guard only keeps a hang from stalling the build)
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> Polling.until(
                    () -> inspector.connections("node-a"), table -> !table.isEmpty(), Duration.ofSeconds(2), List.of(),
                    (last, endedBy) -> new AssertionError("last seen: " + last + "; " + endedBy)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("last seen: []; its time (2 s) was up while a read was under way, which had not"
                            + " returned 2 s later (an engine that does not answer?); check that the engine responds"
                            + " ('docker info'), or give the wait longer"));

            // then: the stalled read was interrupted, not left blocked
            assertThat(inspector.interrupted.await(30, TimeUnit.SECONDS)).as("the stalled read was interrupted").isTrue();
            assertThat(inspector.reads).hasValue(2);
        } finally {
            inspector.close();
        }
    }

    @Test
    void a_read_that_returns_in_time_is_waited_for_as_before() {
        // given: reads that each take a moment
        AtomicInteger reads = new AtomicInteger();

        // when
        int seen = Polling.until(() -> {
            sleep(50);
            return reads.incrementAndGet();
        }, n -> n == 3, Duration.ofSeconds(30), last -> new AssertionError("never"));

        // then
        assertThat(seen).isEqualTo(3);
    }

    @Test
    void a_read_under_way_when_the_time_is_up_gives_the_wait_its_value_and_the_plain_time_up() {
        // given: a wait of 1 s whose second read returns 300 ms after the time is up
        AtomicInteger reads = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();

        // when / then: the time-up names the value that read gave, not a read that did not return
        assertThatThrownBy(() -> Polling.until(() -> {
            if (reads.incrementAndGet() == 2) {
                sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000) + 300);
            }
            return reads.get();
        }, n -> n == 100, Duration.ofSeconds(1), List.of(), (last, endedBy) -> new AssertionError(last + " " + endedBy)))
                .hasMessage("2 null");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
