package io.tcpscope.docs;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples of the site's Concepts page (docs/concepts.md), on core alone: tables written by hand,
 * as a kernel would show them, counted, matched into a topology, and followed over time. Nothing
 * here needs an engine.
 */
class ConceptsTest {

    @Test
    void one_dial_counts_once_on_each_end_and_two_dials_count_twice() {
        // --8<-- [start:counting]
        PortSet p2p = PortSet.parse("9000-9001");

        // node-b (10.0.0.3) dialed node-a (10.0.0.2) on 9000, from its port 40001:
        // each kernel holds one ESTABLISHED socket of that one connection.
        List<TcpConnection> a = List.of(
                socket("10.0.0.2", 9000, "0.0.0.0", 0, TcpState.LISTEN),
                socket("10.0.0.2", 9000, "10.0.0.3", 40001, TcpState.ESTABLISHED));
        List<TcpConnection> b = List.of(
                socket("10.0.0.3", 9000, "0.0.0.0", 0, TcpState.LISTEN),
                socket("10.0.0.3", 40001, "10.0.0.2", 9000, TcpState.ESTABLISHED));
        assertThat(PeerConnections.activeConnections(a, p2p)).isEqualTo(1);
        assertThat(PeerConnections.activeConnections(b, p2p)).isEqualTo(1);

        // node-a dials node-b as well: a second connection, so 2 on each node.
        List<TcpConnection> a2 = plus(a, socket("10.0.0.2", 40002, "10.0.0.3", 9000, TcpState.ESTABLISHED));
        List<TcpConnection> b2 = plus(b, socket("10.0.0.3", 9000, "10.0.0.2", 40002, TcpState.ESTABLISHED));
        assertThat(PeerConnections.activeConnections(a2, p2p)).isEqualTo(2);
        assertThat(PeerConnections.activeConnections(b2, p2p)).isEqualTo(2);

        // Listeners, closing sockets and other ports count 0.
        List<TcpConnection> noise = List.of(
                socket("10.0.0.2", 40003, "10.0.0.3", 9000, TcpState.TIME_WAIT),
                socket("10.0.0.2", 40004, "10.0.0.9", 5432, TcpState.ESTABLISHED));
        assertThat(PeerConnections.activeConnections(noise, p2p)).isZero();
        // --8<-- [end:counting]
    }

    @Test
    void a_topology_matches_the_tables_into_edges_from_dialer_to_listener() {
        // --8<-- [start:topology]
        // Three nodes; node-b dialed node-a, and node-c has no connection yet.
        NodeTable a = node("node-a", "10.0.0.2",
                socket("10.0.0.2", 9000, "0.0.0.0", 0, TcpState.LISTEN),
                socket("10.0.0.2", 9000, "10.0.0.3", 40001, TcpState.ESTABLISHED));
        NodeTable b = node("node-b", "10.0.0.3",
                socket("10.0.0.3", 9000, "0.0.0.0", 0, TcpState.LISTEN),
                socket("10.0.0.3", 40001, "10.0.0.2", 9000, TcpState.ESTABLISHED));
        NodeTable c = node("node-c", "10.0.0.4",
                socket("10.0.0.4", 9000, "0.0.0.0", 0, TcpState.LISTEN));

        Topology topology = Topology.of(List.of(a, b, c), PortSet.P2P_DEFAULT);

        // One edge, however many tables show it; it points from the dialer to the listener.
        Edge edge = topology.edges().get(0);
        assertThat(topology.edges()).hasSize(1);
        assertThat(edge.from()).isEqualTo("node-b");
        assertThat(edge.to()).isEqualTo("node-a");
        assertThat(edge.direction()).isEqualTo(Edge.Direction.DIALED);
        assertThat(edge).hasToString("node-b 10.0.0.3:40001 -> node-a 10.0.0.2:9000");

        // The pairs with no connection, in either order.
        assertThat(topology.isFullMesh()).isFalse();
        assertThat(topology.missingPairs())
                .containsExactly(NodePair.of("node-a", "node-c"), NodePair.of("node-b", "node-c"));
        assertThat(topology.missingPairs()).contains(NodePair.of("node-c", "node-a"));
        assertThat(topology.activeConnections("node-a")).isEqualTo(1);
        // --8<-- [end:topology]
        assertThat(TopologyRenderer.text(topology)).contains("node-a", "node-b", "node-c");
    }

    @Test
    void a_timeline_turns_successive_snapshots_into_link_events() {
        // --8<-- [start:timeline]
        Timeline timeline = new Timeline();
        Instant start = Instant.parse("2026-01-01T12:00:00Z");

        // 12:00:00, nobody is connected; 12:00:01, node-b has dialed node-a; 12:00:02, the link is gone.
        timeline.add(start, Topology.of(List.of(
                node("node-a", "10.0.0.2", socket("10.0.0.2", 9000, "0.0.0.0", 0, TcpState.LISTEN)),
                node("node-b", "10.0.0.3")), PortSet.P2P_DEFAULT));
        List<LinkEvent> opened = timeline.add(start.plusSeconds(1), Topology.of(List.of(
                node("node-a", "10.0.0.2", socket("10.0.0.2", 9000, "0.0.0.0", 0, TcpState.LISTEN),
                        socket("10.0.0.2", 9000, "10.0.0.3", 40001, TcpState.ESTABLISHED)),
                node("node-b", "10.0.0.3", socket("10.0.0.3", 40001, "10.0.0.2", 9000, TcpState.ESTABLISHED))),
                PortSet.P2P_DEFAULT));
        List<LinkEvent> closed = timeline.add(start.plusSeconds(2), Topology.of(List.of(
                node("node-a", "10.0.0.2", socket("10.0.0.2", 9000, "0.0.0.0", 0, TcpState.LISTEN)),
                node("node-b", "10.0.0.3")), PortSet.P2P_DEFAULT));

        assertThat(opened).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LinkEvent.Kind.OPENED);
            assertThat(e.joins("node-a", "node-b")).isTrue();
            assertThat(e.isRise()).isTrue();
        });
        assertThat(closed).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LinkEvent.Kind.CLOSED);
            assertThat(e.isDrop()).isTrue();
        });
        assertThat(timeline.flaps("node-a", "node-b")).isEqualTo(1);     // the link went down once
        assertThat(timeline.outages("node-a", "node-b")).singleElement()
                .satisfies(o -> assertThat(o.isHealed()).isFalse());      // and has not come back
        // --8<-- [end:timeline]
        assertThat(timeline.edgeHistory("node-a", "node-b")).hasSize(2);
    }

    // --8<-- [start:helpers]
    /** One socket of a table, as the kernel lists it: local end, remote end, state. */
    static TcpConnection socket(String local, int localPort, String remote, int remotePort, TcpState state) {
        return TcpConnection.of(Endpoint.of(local, localPort), Endpoint.of(remote, remotePort), state);
    }

    /** A node's name, its address, and its table. */
    static NodeTable node(String name, String address, TcpConnection... table) {
        return new NodeTable(name, Set.of(IpAddresses.parse(address)), List.of(table));
    }
    // --8<-- [end:helpers]

    private static List<TcpConnection> plus(List<TcpConnection> table, TcpConnection socket) {
        List<TcpConnection> more = new ArrayList<>(table);
        more.add(socket);
        return more;
    }
}
