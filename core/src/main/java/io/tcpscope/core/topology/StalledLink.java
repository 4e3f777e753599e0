package io.tcpscope.core.topology;

import io.tcpscope.core.TcpConnection;

import java.time.Instant;
import java.util.Objects;

/**
 * A link whose data does not reach its peer: one end has bytes waiting in its send queue, and the
 * kernel is resending them or probing the peer's closed receive window
 * ({@link TcpConnection#isWaitingOnPeer()}).
 *
 * <p>From one {@link Topology} it is what that snapshot shows, with no {@code since} and one sample.
 * From a {@link Timeline} it is a link that stayed so, with a send queue that never shrank, across
 * the samples of at least the timeline's stall time: {@code since} is the first of them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param link the link
 * @param node the node whose socket cannot send
 * @param socket that socket, as last read
 * @param since when the first snapshot that showed it waiting began, or {@code null} for one snapshot
 * @param samples how many snapshots in a row showed it waiting
 * @since 0.1.0
 */
public record StalledLink(Edge link, String node, TcpConnection socket, Instant since, int samples) {

    /**
     * Validates.
     *
     * @param link the link
     * @param node the node that cannot send
     * @param socket its socket
     * @param since the first snapshot that showed it, or {@code null}
     * @param samples how many snapshots showed it
     * @throws NullPointerException if the link, node or socket is null
     */
    public StalledLink {
        Objects.requireNonNull(link, "link must not be null");
        Objects.requireNonNull(node, "node must not be null");
        Objects.requireNonNull(socket, "socket must not be null");
    }

    /** {@return for example {@code node-1 10.0.0.2:40001 -> node-2 10.0.0.3:9000: node-1 has 2803712 bytes unsent (ZERO_WINDOW_PROBE, 0 retransmits)}} */
    @Override
    public String toString() {
        return link + ": " + node + " has " + socket.sendQueue() + " bytes unsent (" + socket.timer() + ", "
                + socket.retransmits() + " retransmits)";
    }
}
