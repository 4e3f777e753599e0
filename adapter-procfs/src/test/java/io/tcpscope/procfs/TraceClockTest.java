package io.tcpscope.procfs;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Kernel monotonic nanoseconds into instants, by one anchor. */
class TraceClockTest {

    private final TraceClock clock = new TraceClock(Instant.parse("2026-12-07T12:00:00Z"), 5_000_000_000L);

    @Test
    void a_time_after_the_anchor_is_that_much_later() {
        // then
        assertThat(clock.apply(5_000_001_500L)).isEqualTo(Instant.parse("2026-12-07T12:00:00.000001500Z"));
    }

    @Test
    void a_time_before_the_anchor_is_that_much_earlier() {
        // then
        assertThat(clock.apply(171_438_936_000L - 171_000_000_000L)).isEqualTo(Instant.parse("2026-12-07T11:59:55.438936Z"));
    }
}
