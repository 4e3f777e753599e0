package io.tcpscope.docker;

import java.time.Instant;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the trace clock of an engine's kernel into this JVM's instants. The helper's tracing instance
 * runs on {@code mono}, the engine's kernel's {@code CLOCK_MONOTONIC}, which means nothing here; so
 * it is anchored by round trips: a token sent at {@code t0} and whose marker came back at {@code t1}
 * was marked at {@code (t0 + t1) / 2}, give or take half the trip. Of {@link #TRIPS} trips the
 * shortest is kept, and every instant is then this JVM's clock's, within that half trip (well under a
 * millisecond on a local engine).
 *
 * <p>Thread-safe: trips are noted under its lock; once anchored it only reads.
 */
final class EngineEventClock implements LongFunction<Instant> {

    /** How many round trips anchor the clock: the tokens 1 to this. */
    static final int TRIPS = 3;

    /** A line of the pipe: "<task>-<pid> [cpu] <flags> <seconds>.<fraction>: <event>: ". */
    static final Pattern TRACE_LINE = Pattern.compile("\\s(\\d+)\\.(\\d{1,9}): \\w+: ");

    private final Instant wallBase = Instant.now();
    private final long nanoBase = System.nanoTime();
    private final long[] sentAt = new long[TRIPS + 1];
    private long bestTrip = Long.MAX_VALUE;
    private long bestMono;
    private long bestMid;
    private volatile boolean anchored;
    private volatile long monoAnchor;
    private volatile Instant wallAnchor;

    /** Notes when an anchoring token went out; other tokens are not noted. */
    synchronized void sent(long token) {
        if (token >= 1 && token <= TRIPS) {
            sentAt[(int) token] = System.nanoTime();
        }
    }

    /**
     * An anchoring token's marker came back now.
     *
     * @param token the token
     * @param line the marker's line of the pipe, whose timestamp is the trace clock's at the mark
     * @return whether this was the last trip and the clock is now anchored
     */
    synchronized boolean answered(long token, String line) {
        long received = System.nanoTime();
        if (anchored || token < 1 || token > TRIPS) {
            return false;
        }
        long sent = sentAt[(int) token];
        Matcher m = TRACE_LINE.matcher(line);
        if (sent != 0 && m.find() && received - sent < bestTrip) {
            bestTrip = received - sent;
            bestMid = sent + bestTrip / 2;
            bestMono = Long.parseLong(m.group(1)) * 1_000_000_000L + fraction(m.group(2));
        }
        if (token != TRIPS || bestTrip == Long.MAX_VALUE) {
            return false;
        }
        monoAnchor = bestMono;
        wallAnchor = wallBase.plusNanos(bestMid - nanoBase);
        anchored = true;
        return true;
    }

    /** {@return whether the clock is anchored} */
    boolean anchored() {
        return anchored;
    }

    /** {@return half the shortest trip, in nanoseconds: how far off an instant may be; -1 before the anchor} */
    synchronized long uncertaintyNanos() {
        return anchored ? bestTrip / 2 : -1;
    }

    @Override
    public Instant apply(long monotonicNanos) {
        return wallAnchor.plusNanos(monotonicNanos - monoAnchor);
    }

    private static long fraction(String digits) {
        long value = Long.parseLong(digits);
        for (int i = digits.length(); i < 9; i++) {
            value *= 10;
        }
        return value;
    }
}
