package io.tcpscope.testkit.internal;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.InspectionFailedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a wait does with what it reads: values, typed failures, and anything else. */
class PollingTest {

    @Test
    void a_condition_met_at_once_is_read_once_and_returned() {
        AtomicInteger reads = new AtomicInteger();
        assertThat(Polling.until(reads::incrementAndGet, n -> n >= 1, Duration.ofSeconds(5), last -> new AssertionError("never"))).isEqualTo(1);
        assertThat(reads).hasValue(1);
    }

    @Test
    void reads_again_until_the_condition_holds_through_typed_failures() {
        // given: a node that is restarting for two reads, then counts up
        AtomicInteger reads = new AtomicInteger();

        // when
        int seen = Polling.until(() -> {
            if (reads.incrementAndGet() <= 2) {
                throw new ContainerUnavailableException("node-a", null, null, Condition.RESTARTING);
            }
            return reads.get();
        }, n -> n == 4, Duration.ofSeconds(30), last -> new AssertionError("never"));

        // then: it read through the two failures and the value 3, and stopped at 4
        assertThat(seen).isEqualTo(4);
        assertThat(reads).hasValue(4);
    }

    @Test
    void the_time_up_shows_the_last_value_or_failure_it_saw() {
        assertThatThrownBy(() -> Polling.until(() -> 7, n -> n == 8, Duration.ZERO, last -> new AssertionError("last seen: " + last)))
                .isInstanceOf(AssertionError.class).hasMessage("last seen: 7");
        ContainerUnavailableException paused = new ContainerUnavailableException("node-a", null, null, Condition.PAUSED);
        assertThatThrownBy(() -> Polling.until(() -> {
            throw paused;
        }, n -> true, Duration.ZERO, last -> new AssertionError("last seen: " + (last instanceof Throwable t ? t.getMessage() : String.valueOf(last)))))
                .isInstanceOf(AssertionError.class).hasCause(paused)
                .hasMessage("last seen: container 'node-a' is paused; unpause it ('docker unpause') before inspecting it");
    }

    @Test
    void anything_but_a_typed_failure_ends_the_wait_at_once() {
        AtomicInteger reads = new AtomicInteger();
        assertThatThrownBy(() -> Polling.until(() -> {
            reads.incrementAndGet();
            throw new IllegalStateException("cluster x is closed");
        }, n -> true, Duration.ofSeconds(30), last -> new AssertionError("never"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("cluster x is closed");
        assertThat(reads).hasValue(1);
    }

    @Test
    void a_wait_whose_reads_kept_failing_ends_showing_the_last_failure() {
        // given: a node that stays paused past the timeout
        AtomicInteger reads = new AtomicInteger();
        ContainerUnavailableException paused = new ContainerUnavailableException("node-a", null, null, Condition.PAUSED);

        // then
        assertThatThrownBy(() -> Polling.until(() -> {
            reads.incrementAndGet();
            throw paused;
        }, n -> true, Duration.ofMillis(300), last -> new AssertionError("last seen: " + (last instanceof Throwable t ? t.getMessage() : String.valueOf(last)))))
                .isInstanceOf(AssertionError.class).hasCause(paused).hasMessageContaining("is paused");
        assertThat(reads.get()).isGreaterThan(1);
    }

    @Test
    void a_failure_that_waiting_cannot_mend_is_thrown_at_once_as_it_is() {
        // given: a read that is refused for good, such as a missing sidecar image
        AtomicInteger reads = new AtomicInteger();
        InspectionFailedException refused = new InspectionFailedException("node-a", List.of(), "pull the image");

        // then
        assertThatThrownBy(() -> Polling.until(() -> {
            reads.incrementAndGet();
            throw refused;
        }, n -> true, Duration.ofSeconds(30), last -> new AssertionError("never"))).isSameAs(refused);
        assertThat(reads).hasValue(1);
    }

    @Test
    void a_timeout_beyond_what_nanoseconds_can_count_is_a_century() {
        assertThat(Polling.until(() -> 1, n -> n == 1, Duration.ofSeconds(Long.MAX_VALUE), last -> new AssertionError("never")))
                .isEqualTo(1);
        assertThat(Polling.LONGEST).isEqualTo(Duration.ofDays(36500));
    }

    @Test
    void a_fail_fast_that_happens_ends_the_wait_before_its_time_with_its_reason_and_the_last_value() {
        // given: a count that never reaches 5, and a container that stops after the second read
        AtomicInteger reads = new AtomicInteger();
        Polling.FailFast stopped = new Polling.FailFast(() -> "node-a stopped", () -> reads.get() >= 2);

        // then: ended at once, long before its minute, naming why and what it read last
        assertThatThrownBy(() -> Polling.until(reads::incrementAndGet, n -> n == 5, Duration.ofMinutes(1), List.of(stopped),
                (last, endedBy) -> new AssertionError("ended by " + endedBy + "; last seen: " + last)))
                .isInstanceOf(AssertionError.class).hasMessage("ended by node-a stopped; last seen: 2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void an_interrupted_wait_ends_and_keeps_the_flag() {
        // given
        Thread.currentThread().interrupt();
        try {
            // then
            assertThatThrownBy(() -> Polling.until(() -> 1, n -> n == 2, Duration.ofMinutes(1), last -> new AssertionError("never")))
                    .isInstanceOf(IllegalStateException.class).hasMessage("interrupted while waiting");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void a_wait_interrupted_while_it_waits_ends_and_keeps_the_flag() throws Exception {
        // given: a wait of a minute for what never comes, on a thread of its own
        AtomicInteger reads = new AtomicInteger();
        java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                Polling.until(reads::incrementAndGet, n -> false, Duration.ofMinutes(1), last -> new AssertionError("never"));
            } catch (Throwable t) {
                ended.complete(Thread.currentThread().isInterrupted() ? t : new AssertionError("flag lost", t));
            }
        });
        waiter.start();
        org.awaitility.Awaitility.await().until(() -> reads.get() >= 2);

        // when
        waiter.interrupt();

        // then
        assertThat(ended.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessage("interrupted while waiting");
    }
}
