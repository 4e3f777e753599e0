package io.tcpscope.core;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The two checks P2P integration tests need: which connections a node has, and how many of them
 * are live P2P connections.
 *
 * <h2>How connections are counted</h2>
 * {@link #activeConnections(String)} counts sockets in the inspected container's own table
 * that are {@link TcpState#ESTABLISHED} and whose local or remote port is a P2P port. A TCP
 * connection between two nodes has a socket on each side, so:
 * <ul>
 *   <li>node A dials node B once: the count is 1 on A and 1 on B;</li>
 *   <li>A dials B and B dials A: the count is 2 on A and 2 on B;</li>
 *   <li>listeners, TIME_WAIT sockets, and connections on other ports count 0.</li>
 * </ul>
 *
 * <pre>{@code
 * PeerConnections peers = new PeerConnections(inspector, PortSet.parse("9000-9001"));
 * List<TcpConnection> all = peers.connections("node-a");
 * int live = peers.activeConnections("node-a");
 * }</pre>
 *
 * <p>Thread-safe if the inspector is.
 *
 * @since 0.1.0
 */
public final class PeerConnections {

    private final ConnectionInspector inspector;
    private final PortSet p2pPorts;

    /**
     * Counts on the default P2P ports, 9000 and 9001.
     *
     * @param inspector how to read a container's connections
     */
    public PeerConnections(ConnectionInspector inspector) {
        this(inspector, PortSet.P2P_DEFAULT);
    }

    /**
     * Counts on the given P2P ports.
     *
     * @param inspector how to read a container's connections
     * @param p2pPorts the ports that make a connection a P2P connection
     */
    public PeerConnections(ConnectionInspector inspector, PortSet p2pPorts) {
        this.inspector = Objects.requireNonNull(inspector, "inspector must not be null");
        this.p2pPorts = Objects.requireNonNull(p2pPorts, "p2pPorts must not be null");
    }

    /**
     * Every TCP connection of the container, in every state.
     *
     * @param containerId a container name or id
     * @return the connections; unmodifiable
     * @throws TcpscopeException if the table cannot be read
     */
    public List<TcpConnection> connections(String containerId) {
        return inspector.connections(containerId);
    }

    /**
     * The number of ESTABLISHED sockets on a P2P port in the container's table; see the class
     * description for how one dial counts on each side.
     *
     * @param containerId a container name or id
     * @return the count, 0 or more
     * @throws TcpscopeException if the table cannot be read
     */
    public int activeConnections(String containerId) {
        return activeConnections(inspector.connections(containerId), p2pPorts);
    }

    /**
     * The P2P ports this instance counts on.
     *
     * @return the ports
     */
    public PortSet p2pPorts() {
        return p2pPorts;
    }

    /**
     * Counts the ESTABLISHED connections whose local or remote port is in {@code ports}.
     *
     * @param connections one container's connections
     * @param ports the P2P ports
     * @return the count
     */
    public static int activeConnections(Collection<TcpConnection> connections, PortSet ports) {
        int count = 0;
        for (TcpConnection c : connections) {
            if (c.state() == TcpState.ESTABLISHED && c.touchesAny(ports)) {
                count++;
            }
        }
        return count;
    }
}
