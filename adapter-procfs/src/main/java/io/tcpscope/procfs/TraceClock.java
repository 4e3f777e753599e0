package io.tcpscope.procfs;

import java.time.Instant;
import java.util.function.LongFunction;

/**
 * Turns the trace clock's nanoseconds into instants. The instance's clock is {@code mono},
 * {@code CLOCK_MONOTONIC}, the clock {@link System#nanoTime()} reads on Linux, so one reading of
 * both clocks together anchors the one to the other.
 *
 * @param anchor the wall-clock instant of the anchor
 * @param anchorNanos {@link System#nanoTime()} at the anchor
 */
record TraceClock(Instant anchor, long anchorNanos) implements LongFunction<Instant> {

    TraceClock {
        java.util.Objects.requireNonNull(anchor, "anchor must not be null");
    }

    /** {@return a clock anchored now} */
    static TraceClock now() {
        Instant anchor = Instant.now();
        long nanos = System.nanoTime();
        return new TraceClock(anchor, nanos);
    }

    @Override
    public Instant apply(long monotonicNanos) {
        return anchor.plusNanos(monotonicNanos - anchorNanos);
    }
}
