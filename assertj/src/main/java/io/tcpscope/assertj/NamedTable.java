package io.tcpscope.assertj;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.Topology;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * A table of connections that knows what to call itself in a failure, the topology it was taken
 * from, if any, whose node names then name its peers, and whether it could be read. It travels as the
 * {@link ConnectionsAssert}'s actual value because AssertJ rebuilds an assertion from its actual
 * value alone, through the one-argument constructor: for {@code filteredOn} under soft assertions,
 * and for every soft assertion's proxy. Anything kept beside the list would be lost there.
 *
 * <p>Equal to any list with the same connections in the same order, as a list is.
 *
 * <p>Immutable and thread-safe.
 */
final class NamedTable extends AbstractList<TcpConnection> implements RandomAccess {

    private final List<TcpConnection> connections;
    private final String name;
    private final Topology topology;
    private final String unread;

    NamedTable(List<? extends TcpConnection> connections, String name, Topology topology, String unread) {
        // a copy that keeps nulls, which List.copyOf refuses, so that AssertJ's own checks report them
        this.connections = Collections.unmodifiableList(new ArrayList<>(connections));
        this.name = name;
        this.topology = topology;
        this.unread = unread;
    }

    @Override
    public TcpConnection get(int index) {
        return connections.get(index);
    }

    @Override
    public int size() {
        return connections.size();
    }

    /** {@return what a failure calls the table, such as {@code node-a} or {@code the table}} */
    String name() {
        return name;
    }

    /** {@return the topology the table was taken from, or {@code null}} */
    Topology topology() {
        return topology;
    }

    /** {@return why the table could not be read, or {@code null} if it was: see {@link io.tcpscope.core.topology.NodeTable#unread()}} */
    String unread() {
        return unread;
    }
}
