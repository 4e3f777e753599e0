package io.tcpscope.docs;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static io.tcpscope.assertj.TcpscopeSoftAssertions.assertSoftly;
import static io.tcpscope.docs.ConceptsTest.node;
import static io.tcpscope.docs.ConceptsTest.socket;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The samples of the site's Assertions page (docs/assertions.md): tcpscope-assertj's assertions on
 * topologies, tables and timelines that core builds from tables written by hand, so that what each
 * assertion says, and how it fails, needs no engine.
 */
class AssertionsTest {

    // node-b dialed node-a, node-c dialed node-a; node-b and node-c are not connected.
    private static final NodeTable A = node("node-a", "10.0.0.2",
            socket("10.0.0.2", 9000, "0.0.0.0", 0, TcpState.LISTEN),
            socket("10.0.0.2", 9000, "10.0.0.3", 40001, TcpState.ESTABLISHED),
            socket("10.0.0.2", 9000, "10.0.0.4", 40002, TcpState.ESTABLISHED));
    private static final NodeTable B = node("node-b", "10.0.0.3",
            socket("10.0.0.3", 9000, "0.0.0.0", 0, TcpState.LISTEN),
            socket("10.0.0.3", 40001, "10.0.0.2", 9000, TcpState.ESTABLISHED),
            socket("10.0.0.3", 40009, "10.0.0.4", 9000, TcpState.SYN_SENT));
    private static final NodeTable C = node("node-c", "10.0.0.4",
            socket("10.0.0.4", 9000, "0.0.0.0", 0, TcpState.LISTEN),
            socket("10.0.0.4", 40002, "10.0.0.2", 9000, TcpState.ESTABLISHED));

    @Test
    void a_topology_is_asserted_edge_by_edge() {
        Topology topology = Topology.of(List.of(A, B, C), PortSet.P2P_DEFAULT);

        // --8<-- [start:topology]
        assertThat(topology)
                .hasEdge("node-a", "node-b")                 // connected, in either direction
                .hasConnectionCount("node-a", "node-c", 1)   // one dial; 2 when both dial
                .hasDegree("node-a", 2)                      // node-a has two peers
                .hasNoEdge("node-b", "node-c");
        // --8<-- [end:topology]
    }

    @Test
    void a_table_is_asserted_socket_by_socket() {
        // --8<-- [start:table]
        assertThat(A.connections())
                .hasListenerOn(9000)
                .hasEstablishedOnPort(9000, 2)
                .hasEstablishedTo("10.0.0.3")
                .hasNoneIn(TcpState.CLOSE_WAIT);
        // --8<-- [end:table]
    }

    @Test
    void a_nodes_table_taken_from_a_topology_names_its_peers_by_node() {
        Topology topology = Topology.of(List.of(A, B, C), PortSet.P2P_DEFAULT);

        // --8<-- [start:node-table]
        assertThat(topology, "node-b")                          // node-b's table; its peers by node name
                .hasEstablishedTo("node-a")
                .hasInState(TcpState.SYN_SENT, 1)               // its dial to node-c never completed
                .filteredOn(c -> c.remote().port() == 9000)     // AssertJ's list assertions work too
                .hasSize(2);
        // --8<-- [end:node-table]
        assertThatThrownBy(() -> assertThat(topology, "node-b").hasEstablishedTo("node-c"))
                .hasMessageContaining("expected node-b to hold an ESTABLISHED connection to node-c, but it held none");
    }

    @Test
    void a_timeline_is_asserted_on_how_its_links_changed() {
        // given: node-b and node-c dialed node-a; at 12:00:01 node-c's link is gone, at 12:00:03 node-c has dialed again
        Instant start = Instant.parse("2026-01-01T12:00:00Z");
        Timeline timeline = new Timeline();
        timeline.add(start, bAndCDialedA(40002));
        timeline.add(start.plusSeconds(1), Topology.of(List.of(
                node("node-a", "10.0.0.2", socket("10.0.0.2", 9000, "0.0.0.0", 0, TcpState.LISTEN),
                        socket("10.0.0.2", 9000, "10.0.0.3", 40001, TcpState.ESTABLISHED)),
                node("node-b", "10.0.0.3", socket("10.0.0.3", 40001, "10.0.0.2", 9000, TcpState.ESTABLISHED)),
                node("node-c", "10.0.0.4")), PortSet.P2P_DEFAULT));
        timeline.add(start.plusSeconds(3), bAndCDialedA(40003));

        // then
        // --8<-- [start:timeline]
        assertThat(timeline.snapshot())                          // a recorder's timeline() is a snapshot too
                .hasDropped("node-a", "node-c")                  // the fault took effect
                .hasHealedWithin(Duration.ofSeconds(5))          // and node-c dialed again 2 s later
                .hasFlappedAtMost("node-a", "node-b", 0)         // the other link never dropped
                .hasNoReconnectStorm(3, Duration.ofSeconds(10))
                .hasNoStalledLinks();
        // --8<-- [end:timeline]
        assertThatThrownBy(() -> assertThat(timeline.snapshot()).hasHealedWithin(Duration.ofSeconds(1)))
                .hasMessageContaining("expected every outage to heal within 1000 ms");
        assertThatThrownBy(() -> assertThat(timeline.snapshot()).hasDropped("node-a", "node-b"))
                .hasMessageContaining("expected a link between node-a and node-b to drop, but none did");
    }

    /** node-b and node-c each dialed node-a, node-c from the port given. */
    private static Topology bAndCDialedA(int cPort) {
        return Topology.of(List.of(
                node("node-a", "10.0.0.2", socket("10.0.0.2", 9000, "0.0.0.0", 0, TcpState.LISTEN),
                        socket("10.0.0.2", 9000, "10.0.0.3", 40001, TcpState.ESTABLISHED),
                        socket("10.0.0.2", 9000, "10.0.0.4", cPort, TcpState.ESTABLISHED)),
                node("node-b", "10.0.0.3", socket("10.0.0.3", 40001, "10.0.0.2", 9000, TcpState.ESTABLISHED)),
                node("node-c", "10.0.0.4", socket("10.0.0.4", cPort, "10.0.0.2", 9000, TcpState.ESTABLISHED))),
                PortSet.P2P_DEFAULT);
    }

    @Test
    void a_failure_names_what_is_missing_and_the_sockets_the_two_nodes_hold() {
        Topology topology = Topology.of(List.of(A, B, C), PortSet.P2P_DEFAULT);

        // --8<-- [start:failure]
        assertThatThrownBy(() -> assertThat(topology).isFullMesh())
                .hasMessageContaining("expected a full mesh of [node-a, node-b, node-c], but 1 pair had no edge")
                .hasMessageContaining("node-b -- node-c")
                .hasMessageContaining("SYN_SENT");      // node-b dialed, and the dial never completed
        // --8<-- [end:failure]
    }

    @Test
    void soft_assertions_report_every_failure_of_the_block_at_once() {
        Topology topology = Topology.of(List.of(A, B, C), PortSet.P2P_DEFAULT);

        // --8<-- [start:soft]
        assertThatThrownBy(() -> assertSoftly(softly -> {
            softly.assertThat(topology).isFullMesh();                     // fails: node-b -- node-c
            softly.assertThat(topology).hasConnectionCount("node-a", "node-b", 2);   // fails: 1
            softly.assertThat(topology).hasDegree("node-a", 2);           // holds
        })).hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("expected a full mesh")
                .hasMessageContaining("expected 2 connections between node-a and node-b, but there was 1");
        // --8<-- [end:soft]
    }
}
