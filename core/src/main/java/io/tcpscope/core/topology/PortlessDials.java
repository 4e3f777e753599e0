package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dials the kernel told before it chose their ports: Linux sets a connecting socket's state to
 * SYN-SENT before it picks its source port, so that event names port 0, and the socket's next event
 * (ESTABLISHED, or CLOSE when refused) names the port. Each dial's time is kept, by its source address
 * and its target, until a next event claims it, the oldest first.
 *
 * <p>Not thread-safe: its timeline guards it.
 */
final class PortlessDials {

    /** Dials kept at most, across all targets; beyond that the oldest target's are let go. */
    private static final int MAX = 10_000;

    private final Map<List<Object>, Deque<Instant>> waiting = new HashMap<>();
    private int count;

    /** A dial from an address to a target, whose port is not chosen yet. */
    void dialing(Endpoint from, Endpoint to, Instant at) {
        if (count >= MAX) {
            waiting.clear();
            count = 0;
        }
        waiting.computeIfAbsent(key(from.address(), to), k -> new ArrayDeque<>()).addLast(at);
        count++;
    }

    /**
     * When the dial whose next event this is began.
     *
     * @param from its source, with the port chosen
     * @param to its target
     * @param otherwise the time to give when no such dial was told
     * @return the oldest such dial's time, which is let go; else {@code otherwise}
     */
    Instant dialed(Endpoint from, Endpoint to, Instant otherwise) {
        List<Object> key = key(from.address(), to);
        Deque<Instant> times = waiting.get(key);
        if (times == null) {
            return otherwise;
        }
        Instant at = times.pollFirst();
        count--;
        if (times.isEmpty()) {
            waiting.remove(key);
        }
        return at;
    }

    private static List<Object> key(InetAddress from, Endpoint to) {
        return List.of(from, to);
    }
}
