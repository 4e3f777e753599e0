package io.tcpscope.core.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a {@link Timeline} keeps of one pair of nodes: how many of their links are up, when each
 * went down, and when the pair had no link up. Bounded: the most recent {@value #KEPT} drops and
 * outages are kept, and the totals count them all.
 *
 * <p>Not thread-safe: its timeline guards it.
 */
final class PairHistory {

    static final int KEPT = 1024;

    private final String a;
    private final String b;
    private final Deque<Instant> drops = new ArrayDeque<>();
    private final Deque<Outage> outages = new ArrayDeque<>();
    private long dropCount;
    private int up;
    private Instant downSince;

    PairHistory(String a, String b) {
        this.a = a;
        this.b = b;
    }

    /** A copy that goes on from where this one is, independently of it. */
    PairHistory copy() {
        PairHistory copy = new PairHistory(a, b);
        copy.drops.addAll(drops);
        copy.outages.addAll(outages);
        copy.dropCount = dropCount;
        copy.up = up;
        copy.downSince = downSince;
        return copy;
    }

    /** One sample's changes to the pair's links: how many came up and how many went down. */
    void sample(Instant at, int rises, int falls) {
        boolean wasUp = up > 0;
        up += rises - falls;
        for (int i = 0; i < falls; i++) {
            dropCount++;
            keep(drops, at);
        }
        if (wasUp && up == 0) {
            downSince = at;
        } else if (!wasUp && up > 0 && downSince != null) {
            keep(outages, new Outage(a, b, downSince, at));
            downSince = null;
        }
    }

    long dropCount() {
        return dropCount;
    }

    long dropsBetween(Instant from, Instant to) {
        return drops.stream().filter(t -> !t.isBefore(from) && !t.isAfter(to)).count();
    }

    /** The most drops inside any window of this length, over the drops kept. */
    int mostDropsWithin(Duration window) {
        List<Instant> times = new ArrayList<>(drops);
        int most = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (Duration.between(times.get(start), times.get(end)).compareTo(window) > 0) {
                start++;
            }
            most = Math.max(most, end - start + 1);
        }
        return most;
    }

    boolean isUp() {
        return up > 0;
    }

    /** The outages kept, the one under way last with no end. */
    List<Outage> outages() {
        List<Outage> all = new ArrayList<>(outages);
        if (downSince != null) {
            all.add(new Outage(a, b, downSince, null));
        }
        return all;
    }

    private static <T> void keep(Deque<T> into, T value) {
        if (into.size() == KEPT) {
            into.removeFirst();
        }
        into.addLast(value);
    }
}
