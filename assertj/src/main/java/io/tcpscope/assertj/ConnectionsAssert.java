package io.tcpscope.assertj;

import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import org.assertj.core.api.AbstractAssert;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Assertions on one table of TCP connections: whom it is connected to, on which ports, in which
 * states. A peer is named by its IP address, or, for a table taken from a topology, by its node
 * name. A failure shows the whole table.
 *
 * <pre>{@code
 * assertThat(topology.table("node-a"))
 *         .hasEstablishedTo("node-b")
 *         .hasListenerOn(9000)
 *         .hasNoneIn(TcpState.SYN_SENT);
 * assertThatConnections(scope.connections("node-a")).hasEstablishedTo("172.18.0.3");
 * }</pre>
 *
 * <p>Not thread-safe, as AssertJ's assertions are not. Not final, so that soft assertions can
 * proxy it.
 */
public class ConnectionsAssert extends AbstractAssert<ConnectionsAssert, List<TcpConnection>> {

    private final String name;
    private final Topology topology;

    /**
     * An assertion on a table; reach it through {@link TcpscopeAssertions}.
     *
     * @param actual the connections
     */
    public ConnectionsAssert(List<TcpConnection> actual) {
        this(actual, "the table", null);
    }

    ConnectionsAssert(List<TcpConnection> actual, String name, Topology topology) {
        super(actual, ConnectionsAssert.class);
        this.name = name;
        this.topology = topology;
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
            failWithMessage("expected %s to hold an ESTABLISHED connection to %s, but it held none:%n%s", name, peer, table());
        }
        return myself;
    }

    /**
     * No connection, in any state, goes to the peer.
     *
     * @param peer an IP address, or the name of a node of the topology the table was taken from
     * @return this assertion
     */
    public ConnectionsAssert hasNoConnectionTo(String peer) {
        Set<InetAddress> addresses = addressesOf(peer);
        List<TcpConnection> found = matching(c -> c.state() != TcpState.LISTEN && addresses.contains(c.remote().address()));
        if (!found.isEmpty()) {
            failWithMessage("expected %s to hold no connection to %s, but it held %d:%n%s", name, peer, found.size(),
                    lines(found));
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
                    count == 1 ? "" : "s", port, found, table());
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
            failWithMessage("expected %s to listen on port %d, but it did not:%n%s", name, port, table());
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
                    count == 1 ? "" : "s", state, found, table());
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

    private Set<InetAddress> addressesOf(String peer) {
        isNotNull();
        if (topology != null && topology.nodes().contains(peer)) {
            return topology.table(peer).addresses();
        }
        InetAddress address = IpAddresses.parseOrNull(peer, 0, peer.length());
        if (address == null) {
            throw new IllegalArgumentException("'" + peer + "' is neither an IP address nor a node of "
                    + (topology == null ? "a topology (this table came from none)" : "the topology " + topology.nodes()));
        }
        return Set.of(IpAddresses.normalize(address));
    }

    private long count(Predicate<TcpConnection> test) {
        isNotNull();
        return actual.stream().filter(test).count();
    }

    private List<TcpConnection> matching(Predicate<TcpConnection> test) {
        return actual.stream().filter(test).toList();
    }

    private String table() {
        return actual.isEmpty() ? "  (an empty table)" : lines(actual);
    }

    private static String lines(List<TcpConnection> connections) {
        return connections.stream().map(c -> "  " + c).collect(Collectors.joining("\n"));
    }

    /** A table taken from a topology, whose peers may be named by node. */
    static ConnectionsAssert of(NodeTable table, Topology topology) {
        return new ConnectionsAssert(table.connections(), table.name(), topology);
    }
}
