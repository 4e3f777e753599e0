package io.tcpscope.testcontainers;

import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.testcontainers.TcpscopeWaitStrategy.Read;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the waits read again and again: the times they take, and the failures they read through. */
class WaitPollingTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<String> last = new AtomicReference<>("nothing yet");

    /** Done on the n-th read. */
    private Read doneOn(int n) {
        int read = reads.incrementAndGet();
        return new Read(read >= n, "read " + read);
    }

    @Test
    void a_zero_timeout_reads_once() {
        assertThat(WaitPolling.poll(Duration.ZERO, () -> doneOn(2), last)).isEqualTo(new Read(false, "read 1"));
        assertThat(reads).hasValue(1);
    }

    @Test
    void it_reads_until_done() {
        assertThat(WaitPolling.poll(Duration.ofSeconds(30), () -> doneOn(3), last)).isEqualTo(new Read(true, "read 3"));
        assertThat(reads).hasValue(3);
    }

    @Test
    void a_timeout_beyond_what_nanoseconds_can_count_is_taken_as_a_century() {
        assertThat(WaitPolling.poll(Duration.ofSeconds(Long.MAX_VALUE), () -> doneOn(1), last).done()).isTrue();
    }

    @Test
    void a_failure_that_time_can_mend_is_read_through_and_kept_as_the_last_thing_seen() {
        Read read = WaitPolling.poll(Duration.ofSeconds(30), () -> {
            if (reads.incrementAndGet() < 3) {
                throw new EngineUnavailableException("tcp://127.0.0.1:1", new java.io.IOException("refused"));
            }
            return new Read(true, "read " + reads.get());
        }, last);

        assertThat(read.done()).isTrue();
        assertThat(reads).hasValue(3);
        assertThat(WaitPolling.poll(Duration.ZERO, () -> {
            throw new EngineUnavailableException("tcp://127.0.0.1:1", new java.io.IOException("refused"));
        }, last).done()).isFalse();
        assertThat(last.get()).contains("cannot reach the Docker engine at tcp://127.0.0.1:1");
    }

    @Test
    void any_other_failure_ends_the_wait_at_once() {
        assertThatThrownBy(() -> WaitPolling.poll(Duration.ofSeconds(30), () -> {
            reads.incrementAndGet();
            throw new IllegalStateException("broken");
        }, last)).isInstanceOf(IllegalStateException.class).hasMessage("broken");
        assertThat(reads).hasValue(1);
    }

    @Test
    void a_negative_time_is_refused_and_times_read_as_words() {
        assertThatThrownBy(() -> WaitPolling.poll(Duration.ofMillis(-1), () -> doneOn(1), last))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero or more");
        assertThat(reads).hasValue(0);
        assertThat(WaitPolling.words(Duration.ofSeconds(60))).isEqualTo("60 s");
        assertThat(WaitPolling.words(Duration.ofMillis(500))).isEqualTo("500 ms");
    }
}
