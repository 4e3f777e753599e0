package io.tcpscope.core.topology;

import io.tcpscope.core.TcpConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Follows one socket of a link across samples, to tell a stall from a moment's congestion: how
 * long it has waited on its peer ({@link TcpConnection#isWaitingOnPeer()}) with a send queue that
 * never shrank.
 *
 * <p>Not thread-safe: its timeline guards it.
 */
final class StallWatch {

    private TcpConnection last;
    private Instant since;
    private Instant lastAt;
    private int samples;

    /** One sample of the socket, or {@code null} when the snapshot did not show it. */
    void sample(Instant at, TcpConnection socket) {
        boolean waiting = socket != null && socket.isWaitingOnPeer();
        if (waiting && since != null && last != null && socket.sendQueue() >= last.sendQueue()) {
            samples++;
        } else if (waiting) {
            since = at;
            samples = 1;
        } else {
            since = null;
            samples = 0;
        }
        last = socket;
        lastAt = at;
    }

    /** A copy that goes on from where this one is, independently of it. */
    StallWatch copy() {
        StallWatch copy = new StallWatch();
        copy.last = last;
        copy.since = since;
        copy.lastAt = lastAt;
        copy.samples = samples;
        return copy;
    }

    /** The socket as last sampled, or {@code null}. */
    TcpConnection last() {
        return last;
    }

    Optional<StalledLink> report(Edge edge, String node, Duration stallTime) {
        if (since == null || samples < 2 || Duration.between(since, lastAt).compareTo(stallTime) < 0) {
            return Optional.empty();
        }
        return Optional.of(new StalledLink(edge, node, last, since, samples));
    }
}
