package io.tcpscope.assertj;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each assertion passes on what was built to pass, and fails on what was built to fail, saying why. */
class TopologyAssertTest {

    // a and b dialed each other, c dialed a; c's dial of b hangs in SYN_SENT
    private final Topology mesh = Tables.nodes("a", "b", "c").dial("a", "b").dial("b", "a").dial("c", "a")
            .dial("c", "b", TcpState.SYN_SENT).topology();

    @Test
    void edges_counts_and_degrees_that_are_there_pass() {
        assertThat(mesh).hasEdge("a", "b").hasEdge("c", "a").hasNoEdge("b", "c")
                .hasConnectionCount("a", "b", 2).hasConnectionCount("a", "c", 1).hasConnectionCount("b", "c", 0)
                .hasDegree("a", 3).hasDegree("b", 2).hasDegree("c", 1);
    }

    @Test
    void a_missing_edge_shows_the_sockets_the_two_do_hold_and_the_topology() {
        assertThatThrownBy(() -> assertThat(mesh).hasEdge("b", "c"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected an edge between b and c, but there was none: c SYN_SENT 10.0.0.3:40003 -> 10.0.0.2:9000")
                .hasMessageContaining("rows dialed columns");
        assertThatThrownBy(() -> assertThat(mesh).isFullMesh())
                .hasMessageContaining("expected a full mesh of [a, b, c], but 1 pair had no edge:")
                .hasMessageContaining("  b -- c: c SYN_SENT 10.0.0.3:40003 -> 10.0.0.2:9000");
    }

    @Test
    void an_extra_edge_a_wrong_count_or_degree_shows_the_edges_there_are() {
        assertThatThrownBy(() -> assertThat(mesh).hasNoEdge("a", "c"))
                .hasMessageContaining("expected no edge between a and c, but there was 1:\n  c 10.0.0.3:40002 -> a 10.0.0.1:9000");
        assertThatThrownBy(() -> assertThat(mesh).hasConnectionCount("a", "b", 1))
                .hasMessageContaining("expected 1 connection between a and b, but there were 2:");
        assertThatThrownBy(() -> assertThat(mesh).hasDegree("c", 2))
                .hasMessageContaining("expected c to have 2 connections to other nodes, but it had 1:");
        assertThatThrownBy(() -> assertThat(mesh).hasEdge("a", "z"))
                .hasMessageContaining("expected a node named z in the topology, but its nodes are [a, b, c]");
    }

    @Test
    void a_cut_that_took_effect_and_one_that_healed_pass_and_their_opposites_fail() {
        // given: c cut off (its dial of a gone), then back
        Topology cut = Tables.nodes("a", "b", "c").dial("a", "b").dial("c", "b", TcpState.SYN_SENT).topology();
        Topology healed = Tables.nodes("a", "b", "c").dial("a", "b").dial("c", "b").topology();

        // then
        assertThat(cut).isPartitionedInto(Set.of("a", "b"), Set.of("c"));
        assertThat(healed).isConnectedAcross(Set.of("a", "b"), Set.of("c"));
        assertThatThrownBy(() -> assertThat(healed).isPartitionedInto(Set.of("a", "b"), Set.of("c")))
                .hasMessageContaining("but 1 crossed:\n  c 10.0.0.3:40001 -> b 10.0.0.2:9000");
        assertThatThrownBy(() -> assertThat(cut).isConnectedAcross(List.of(Set.of("a"), Set.of("b"), Set.of("c"))))
                .hasMessageContaining("but these were not:\n  [a] and [c]\n  [b] and [c]");
        assertThatThrownBy(() -> assertThat(cut).isPartitionedInto(Set.of("a"), Set.of("c")))
                .hasMessageContaining("to name every node of the topology once, but it has [a, b, c]");
        assertThatThrownBy(() -> assertThat(cut).isPartitionedInto(Set.of("a", "b"), Set.of("b", "c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node 'b' is in two groups");
    }

    @Test
    void no_topology_fails_as_assertj_fails_on_null() {
        assertThatThrownBy(() -> assertThat((Topology) null).isFullMesh()).hasMessageContaining("Expecting actual not to be null");
    }
}
