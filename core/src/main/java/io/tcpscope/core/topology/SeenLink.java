package io.tcpscope.core.topology;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;

/**
 * What one snapshot showed of a link: each end's socket and state, {@code null} where not shown.
 *
 * <p>Not thread-safe: its timeline guards it.
 */
final class SeenLink {
    final Edge edge;
    TcpState from;
    TcpState to;
    TcpConnection fromSocket;
    TcpConnection toSocket;
    /** Whether an end was kept from the snapshot before, its node not read in this one. */
    boolean fromKept;
    boolean toKept;

    SeenLink(Edge edge) {
        this.edge = edge;
    }

    /** Puts a socket that one node's table showed at the end it belongs to. */
    void put(String node, TcpConnection c) {
        if (node.equals(edge.from()) && c.local().equals(edge.fromEnd())) {
            from = c.state();
            fromSocket = c;
        } else {
            to = c.state();
            toSocket = c;
        }
    }
}
