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
 * <p>Immutable and thread-safe.
 *
 * @param name the node's name
 * @param addresses every address the node is reachable at
 * @param connections the node's table
 */
public record NodeTable(String name, Set<InetAddress> addresses, List<TcpConnection> connections) {

    /**
     * Validates and copies.
     *
     * @param name the node's name
     * @param addresses every address the node is reachable at
     * @param connections the node's table
     * @throws NullPointerException if any part is null
     */
    public NodeTable {
        Objects.requireNonNull(name, "name must not be null");
        addresses = Set.copyOf(addresses.stream().map(IpAddresses::normalize).toList());
        connections = List.copyOf(connections);
    }
}
