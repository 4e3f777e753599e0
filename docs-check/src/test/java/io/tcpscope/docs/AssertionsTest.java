package io.tcpscope.docs;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static io.tcpscope.assertj.TcpscopeSoftAssertions.assertSoftly;
import static io.tcpscope.docs.ConceptsTest.node;
import static io.tcpscope.docs.ConceptsTest.socket;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The samples of the site's Assertions page (docs/assertions.md): tcpscope-assertj's assertions on
 * topologies and tables that core builds from tables written by hand, so that what each assertion
 * says, and how it fails, needs no engine.
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
