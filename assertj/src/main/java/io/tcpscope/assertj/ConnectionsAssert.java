package io.tcpscope.assertj;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Assertions on a list of TCP connections, such as a node's table: whom it is connected to, on
 * which ports, in which states. A peer is named by its IP address or, for a table taken from a
 * topology ({@link TcpscopeAssertions#assertThat(Topology, String)}), by its node name. A failure
 * shows the whole table. The checks below fail on a node's table that the snapshot could not read
 * ({@link NodeTable#unread()}), which is empty whatever the node holds.
 *
 * <p>It is an AssertJ list assertion too, so AssertJ's own checks and navigation work on it:
 * {@code hasSize}, {@code contains}, {@code filteredOn} (which gives a {@code ConnectionsAssert}
 * on the connections kept, with the checks below), {@code extracting} and {@code singleElement}.
 *
 * <pre>{@code
 * assertThat(topology, "node-a")
 *         .hasEstablishedTo("node-b")
 *         .hasListenerOn(9000)
 *         .hasNoneIn(TcpState.SYN_SENT);
 * assertThat(cluster.connections("node-a"))
 *         .hasEstablishedTo("172.18.0.3")
 *         .filteredOn(c -> c.state() == TcpState.ESTABLISHED)
 *         .hasSize(2)
 *         .extracting(c -> c.remote().port())
 *         .containsOnly(9000);
 * }</pre>
 *
 * <p>Not thread-safe, as AssertJ's assertions are not. Not final, so that soft assertions can
 * proxy it ({@link TcpscopeSoftAssertions}).
 *
 * @since 0.1.0
 */
public class ConnectionsAssert
        extends AbstractListAssert<ConnectionsAssert, List<? extends TcpConnection>, TcpConnection, ObjectAssert<TcpConnection>> {

    private final String name;
    private final Topology topology;
    private final String unread;

    /**
     * An assertion on a list of connections; reach it through
     * {@link TcpscopeAssertions#assertThat(List)}.
     *
     * @param actual the connections
     */
    public ConnectionsAssert(List<? extends TcpConnection> actual) {
        super(actual, ConnectionsAssert.class);
        NamedTable named = actual instanceof NamedTable t ? t : null;
        this.name = named == null ? "the table" : named.name();
        this.topology = named == null ? null : named.topology();
        this.unread = named == null ? null : named.unread();
    }

    /**
     * A node's table from a topology, as the actual value to build an assertion from, by hand or
     * by a soft assertion's proxy: its peers may be named by node.
     */
    static NamedTable named(NodeTable table, Topology topology) {
        return new NamedTable(table.connections(), table.name(), topology, table.unread());
    }

    /**
     * At least one ESTABLISHED connection goes to the peer.
     *
     * @param peer an IP address, or the name of a node of the topology the table was taken from
     * @return this assertion
     */
    public ConnectionsAssert hasEstablishedTo(String peer) {
        Set<InetAddress> addresses = addressesOf(peer);
        if (count(c -> c.state() == TcpState.ESTABLISHED && addresses.contains(c.remote().address())) == 0) {
            failWithMessage("expected %s to hold an ESTABLISHED connection to %s, but it held none:%n%s", name, peer,
                    Sockets.table(actual));
        }
        return myself;
    }

    /**
     * No connection, in any state but LISTEN, goes to the peer.
     *
     * @param peer an IP address, or the name of a node of the topology the table was taken from
     * @return this assertion
     */
    public ConnectionsAssert hasNoConnectionTo(String peer) {
        Set<InetAddress> addresses = addressesOf(peer);
        List<TcpConnection> found = matching(c -> c.state() != TcpState.LISTEN && addresses.contains(c.remote().address()));
        if (!found.isEmpty()) {
            failWithMessage("expected %s to hold no connection to %s, but it held %d:%n%s", name, peer, found.size(),
                    Sockets.lines(found));
        }
        return myself;
    }

    /**
     * Exactly {@code count} ESTABLISHED connections have the port at one end.
     *
     * @param port the port, local or remote
     * @param count how many
     * @return this assertion
     */
    public ConnectionsAssert hasEstablishedOnPort(int port, int count) {
        long found = count(c -> c.state() == TcpState.ESTABLISHED && c.touchesPort(port));
        if (found != count) {
            failWithMessage("expected %s to hold %d ESTABLISHED connection%s on port %d, but it held %d:%n%s", name, count,
                    Sockets.plural(count), port, found, Sockets.table(actual));
        }
        return myself;
    }

    /**
     * A socket listens on the port.
     *
     * @param port the port
     * @return this assertion
     */
    public ConnectionsAssert hasListenerOn(int port) {
        if (count(c -> c.state() == TcpState.LISTEN && c.local().port() == port) == 0) {
            failWithMessage("expected %s to listen on port %d, but it did not:%n%s", name, port, Sockets.table(actual));
        }
        return myself;
    }

    /**
     * Exactly {@code count} connections are in the state.
     *
     * @param state the state
     * @param count how many
     * @return this assertion
     */
    public ConnectionsAssert hasInState(TcpState state, int count) {
        long found = count(c -> c.state() == state);
        if (found != count) {
            failWithMessage("expected %s to hold %d connection%s in %s, but it held %d:%n%s", name, count,
                    Sockets.plural(count), state, found, Sockets.table(actual));
        }
        return myself;
    }

    /**
     * No connection is in the state.
     *
     * @param state the state
     * @return this assertion
     */
    public ConnectionsAssert hasNoneIn(TcpState state) {
        return hasInState(state, 0);
    }

    /**
     * The connections kept by AssertJ's {@code filteredOn} and the like, with this table's name and
     * topology, so that the checks above still name peers by node.
     *
     * @param iterable the connections kept
     * @return an assertion on them
     */
    @Override
    protected ConnectionsAssert newAbstractIterableAssert(Iterable<? extends TcpConnection> iterable) {
        List<TcpConnection> kept = new ArrayList<>();
        iterable.forEach(kept::add);
        return new ConnectionsAssert(new NamedTable(kept, name, topology, unread));
    }

    /**
     * An assertion on one connection, for AssertJ's {@code singleElement}, {@code first} and the like.
     *
     * @param value the connection
     * @param description what AssertJ calls it
     * @return the assertion
     */
    @Override
    protected ObjectAssert<TcpConnection> toAssert(TcpConnection value, String description) {
        return new ObjectAssert<>(value).as(description);
    }

    private Set<InetAddress> addressesOf(String peer) {
        isNotNullAndRead();
        if (topology != null && topology.nodes().contains(peer)) {
            return topology.table(peer).addresses();
        }
        return Set.of(Sockets.address(peer, "neither an IP address nor a node of " + (topology == null
                ? "a topology (this table came from none)" : "the topology " + topology.nodes())));
    }

    private long count(Predicate<TcpConnection> test) {
        isNotNullAndRead();
        return actual.stream().filter(test).count();
    }

    /** A table that could not be read is empty whatever the node holds: no check of it may pass. */
    private void isNotNullAndRead() {
        isNotNull();
        if (unread != null) {
            failWithMessage("expected the connections of %s, but its table could not be read: %s", name, unread);
        }
    }

    private List<TcpConnection> matching(Predicate<TcpConnection> test) {
        List<TcpConnection> found = new ArrayList<>();
        for (TcpConnection c : actual) {
            if (test.test(c)) {
                found.add(c);
            }
        }
        return found;
    }
}
