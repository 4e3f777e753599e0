package io.tcpscope.benchmarks;

import io.tcpscope.core.events.TcpTraceEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A subscription's callback that notes, for each event, how long after the kernel stamped it the
 * callback got it; and counts the refusals among them. The callback's time is
 * {@link System#nanoTime()}, mapped to wall time by an anchor read once, as the adapter maps the
 * kernel's stamps: both are {@code CLOCK_MONOTONIC} on Linux, so a step or slew of the wall clock
 * does not enter.
 *
 * <p>Thread-safe.
 */
final class Arrivals implements Consumer<List<TcpTraceEvent>> {

    private Instant anchor = Instant.now();
    private long anchorNanos = System.nanoTime();
    private double[] ms = new double[1024];
    private int count;
    private long refused;

    /** Reads the anchor again: right after subscribing, when the adapter read its own. */
    synchronized void anchor() {
        anchor = Instant.now();
        anchorNanos = System.nanoTime();
    }

    @Override
    public void accept(List<TcpTraceEvent> batch) {
        long now = System.nanoTime();
        synchronized (this) {
            Instant arrived = anchor.plusNanos(now - anchorNanos);
            for (TcpTraceEvent e : batch) {
                if (count == ms.length) {
                    ms = Arrays.copyOf(ms, count * 2);
                }
                ms[count++] = Duration.between(e.at(), arrived).toNanos() / 1e6;
                if (e.kind() == TcpTraceEvent.Kind.ERROR_REPORT && e.error() == TcpTraceEvent.ECONNREFUSED) {
                    refused++;
                }
            }
        }
    }

    /** Forgets what came so far. */
    synchronized void reset() {
        count = 0;
        refused = 0;
    }

    /** {@return the latency of each event since the last reset, in ms} */
    synchronized double[] ms() {
        return Arrays.copyOf(ms, count);
    }

    /** {@return the refusals since the last reset} */
    synchronized long refused() {
        return refused;
    }
}
