package io.tcpscope.core.topology;

import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.TcpConnection;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One node's name, its addresses, and its TCP table at the moment of a snapshot.
 *
 * <p>A node that could not be read, such as a paused container in a mode that cannot read one,
 * has an empty table and says why in {@link #unread()}: its sockets may well exist. A node that is
 * stopped has no sockets, and is read as an empty table.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the node's name
 * @param addresses every address the node is reachable at
 * @param connections the node's table
 * @param unread why the table could not be read, or {@code null} when it was read
 * @since 0.1.0
 */
public record NodeTable(String name, Set<InetAddress> addresses, List<TcpConnection> connections, String unread) {

    /**
     * Validates and copies.
     *
     * @param name the node's name
     * @param addresses every address the node is reachable at
     * @param connections the node's table
     * @param unread why the table could not be read, or {@code null} when it was read
     * @throws NullPointerException if the name, the addresses or the connections are null
     */
    public NodeTable {
        Objects.requireNonNull(name, "name must not be null");
        addresses = Set.copyOf(addresses.stream().map(IpAddresses::normalize).toList());
        connections = List.copyOf(connections);
        if (unread != null && !connections.isEmpty()) {
            throw new IllegalArgumentException("node '" + name + "' was not read, so it has no connections");
        }
    }

    /**
     * A node whose table was read.
     *
     * @param name the node's name
     * @param addresses every address the node is reachable at
     * @param connections the node's table
     */
    public NodeTable(String name, Set<InetAddress> addresses, List<TcpConnection> connections) {
        this(name, addresses, connections, null);
    }

    /**
     * A node whose table could not be read.
     *
     * @param name the node's name
     * @param addresses the addresses it is known by
     * @param reason why, such as {@code container 'node-3' is paused}
     * @return the node, with an empty table
     */
    public static NodeTable unread(String name, Set<InetAddress> addresses, String reason) {
        return new NodeTable(name, addresses, List.of(), Objects.requireNonNull(reason, "reason must not be null"));
    }

    /** {@return whether the table was read} */
    public boolean isRead() {
        return unread == null;
    }
}
