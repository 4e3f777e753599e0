package io.tcpscope.assertj;

import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import org.assertj.core.api.AbstractAssert;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Assertions on one node's {@link NodeTable} from a snapshot: whether it could be read at all, its
 * addresses, what it listens on and whom it is connected to. Peers are named by IP address (a
 * table does not know the other nodes; to name them by node, use
 * {@link TcpscopeAssertions#assertThat(io.tcpscope.core.topology.Topology, String)}).
 *
 * <p>A table that could not be read, such as a paused container's in a mode that cannot read one,
 * is empty although its sockets may well exist: every check of its sockets fails on it, saying
 * why it was not read, rather than passing on an empty table. Ask for it with {@link #isUnread()}.
 *
 * <pre>{@code
 * Topology topology = cluster.topology();
 * assertThat(topology.table("node-a"))
 *         .isRead()
 *         .isListeningOn(9000)
 *         .hasConnectionTo("172.18.0.3")
 *         .hasActiveConnections(2);
 * assertThat(topology.table("node-3")).isUnreadBecause("paused");
 * }</pre>
 *
 * <p>Not thread-safe, as AssertJ's assertions are not. Not final, so that soft assertions can
 * proxy it ({@link TcpscopeSoftAssertions}).
 *
 * @since 0.2.0
 */
public class NodeTableAssert extends AbstractAssert<NodeTableAssert, NodeTable> {

    private static final String NOT_AN_ADDRESS = "not an IP address; a table names its peers by address "
            + "(to name them by node, assert on assertThat(topology, node))";

    /**
     * An assertion on a node's table; reach it through {@link TcpscopeAssertions#assertThat(NodeTable)}.
     *
     * @param actual the table
     */
    public NodeTableAssert(NodeTable actual) {
        super(actual, NodeTableAssert.class);
    }

    /**
     * The table was read.
     *
     * @return this assertion
     */
    public NodeTableAssert isRead() {
        isNotNull();
        if (!actual.isRead()) {
            failWithMessage("expected the table of %s to have been read, but it was not: %s", actual.name(), actual.unread());
        }
        return myself;
    }

    /**
     * The table could not be read, for whatever reason.
     *
     * @return this assertion
     */
    public NodeTableAssert isUnread() {
        isNotNull();
        if (actual.isRead()) {
            failWithMessage("expected the table of %s not to have been read, but it was:%n%s", actual.name(),
                    Sockets.table(actual.connections()));
        }
        return myself;
    }

    /**
     * The table could not be read, and the reason given contains the text.
     *
     * @param reason a part of the reason, such as {@code paused}
     * @return this assertion
     */
    public NodeTableAssert isUnreadBecause(String reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        isUnread();
        if (!actual.unread().contains(reason)) {
            failWithMessage("expected the table of %s not to have been read because of \"%s\", but the reason was: %s",
                    actual.name(), reason, actual.unread());
        }
        return myself;
    }

    /**
     * The node is reachable at the address.
     *
     * @param address an IP address
     * @return this assertion
     */
    public NodeTableAssert hasAddress(String address) {
        isNotNull();
        InetAddress wanted = Sockets.address(address, "not an IP address");
        if (!actual.addresses().contains(wanted)) {
            failWithMessage("expected %s to have the address %s, but its addresses were %s", actual.name(), address,
                    actual.addresses().stream().map(InetAddress::getHostAddress).sorted().toList());
        }
        return myself;
    }

    /**
     * A socket listens on each of the ports.
     *
     * @param ports the ports, one or more
     * @return this assertion
     */
    public NodeTableAssert isListeningOn(int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("name one port or more");
        }
        requireRead("listen on " + IntStream.of(ports).boxed().toList());
        List<Integer> missing = new ArrayList<>();
        for (int port : ports) {
            if (actual.connections().stream().noneMatch(c -> c.state() == TcpState.LISTEN && c.local().port() == port)) {
                missing.add(port);
            }
        }
        if (!missing.isEmpty()) {
            failWithMessage("expected %s to listen on port%s %s, but nothing listened on %s:%n%s", actual.name(),
                    Sockets.plural(ports.length), IntStream.of(ports).boxed().toList(), missing,
                    Sockets.table(actual.connections()));
        }
        return myself;
    }

    /**
     * At least one connection, in any state but LISTEN, goes to the peer: a dial still in SYN_SENT
     * counts, and so does one closing.
     *
     * @param peer the peer's IP address
     * @return this assertion
     */
    public NodeTableAssert hasConnectionTo(String peer) {
        InetAddress address = Sockets.address(peer, NOT_AN_ADDRESS);
        requireRead("hold a connection to " + peer);
        if (toward(address).isEmpty()) {
            failWithMessage("expected %s to hold a connection to %s, but it held none:%n%s", actual.name(), peer,
                    Sockets.table(actual.connections()));
        }
        return myself;
    }

    /**
     * No connection, in any state but LISTEN, goes to the peer.
     *
     * @param peer the peer's IP address
     * @return this assertion
     */
    public NodeTableAssert hasNoConnectionTo(String peer) {
        InetAddress address = Sockets.address(peer, NOT_AN_ADDRESS);
        requireRead("hold no connection to " + peer);
        List<TcpConnection> found = toward(address);
        if (!found.isEmpty()) {
            failWithMessage("expected %s to hold no connection to %s, but it held %d:%n%s", actual.name(), peer,
                    found.size(), Sockets.lines(found));
        }
        return myself;
    }

    /**
     * Exactly {@code count} live P2P connections, counted as {@link PeerConnections} counts them:
     * ESTABLISHED sockets with the default P2P ports ({@link PortSet#P2P_DEFAULT}) at one end.
     *
     * @param count how many
     * @return this assertion
     */
    public NodeTableAssert hasActiveConnections(int count) {
        return hasActiveConnections(count, PortSet.P2P_DEFAULT);
    }

    /**
     * Exactly {@code count} live P2P connections: ESTABLISHED sockets with one of the P2P ports at
     * one end, as {@link PeerConnections#activeConnections(java.util.Collection, PortSet)} counts.
     *
     * @param count how many
     * @param p2pPorts the ports that make a connection a P2P connection
     * @return this assertion
     */
    public NodeTableAssert hasActiveConnections(int count, PortSet p2pPorts) {
        Objects.requireNonNull(p2pPorts, "p2pPorts must not be null");
        requireRead("hold " + count + " active connection" + Sockets.plural(count));
        int found = PeerConnections.activeConnections(actual.connections(), p2pPorts);
        if (found != count) {
            failWithMessage("expected %s to hold %d active connection%s (ESTABLISHED on %s), but it held %d:%n%s",
                    actual.name(), count, Sockets.plural(count), p2pPorts, found, Sockets.table(actual.connections()));
        }
        return myself;
    }

    private List<TcpConnection> toward(InetAddress peer) {
        return actual.connections().stream().filter(c -> c.state() != TcpState.LISTEN && c.remote().address().equals(peer))
                .toList();
    }

    /** An unread table is empty whatever the node holds: no check of its sockets may pass on it. */
    private void requireRead(String check) {
        isNotNull();
        if (!actual.isRead()) {
            failWithMessage("expected %s to %s, but its table could not be read: %s", actual.name(), check, actual.unread());
        }
    }
}
