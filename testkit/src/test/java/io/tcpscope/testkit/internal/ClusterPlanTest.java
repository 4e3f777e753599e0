package io.tcpscope.testkit.internal;

import io.tcpscope.core.PortSet;
import io.tcpscope.testkit.InspectorMode;
import io.tcpscope.testkit.internal.ClusterPlan.NodePlan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How node descriptions become the containers' ports and peers. */
class ClusterPlanTest {

    private static NodeDraft node(String name, List<Integer> listen, NodeDraft.Dial... dials) {
        return new NodeDraft(name, listen, List.of(dials), Map.of(), List.of());
    }

    @Test
    void a_full_mesh_dials_each_later_node_once_on_its_first_port_and_planning_again_gives_the_same() {
        // given
        List<NodeDraft> drafts = List.of(node("a", List.of()), node("b", List.of(9001, 9002)),
                node("c", List.of(), new NodeDraft.Dial("a", 9005)));

        // when
        ClusterPlan first = ClusterPlan.of(drafts, true, null, PortSet.parse("9000-9010"), InspectorMode.AUTO);
        ClusterPlan second = ClusterPlan.of(drafts, true, null, PortSet.parse("9000-9010"), InspectorMode.AUTO);

        // then
        assertThat(first.nodes()).extracting(NodePlan::name, NodePlan::listen, NodePlan::peers).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", List.of(9000), List.of("b:9001", "c:9000")),
                org.assertj.core.groups.Tuple.tuple("b", List.of(9001, 9002), List.of("c:9000")),
                org.assertj.core.groups.Tuple.tuple("c", List.of(9000), List.of("a:9005")));
        assertThat(second).isEqualTo(first);
        assertThat(first.nodes().get(0).containerEnv()).containsExactly(Map.entry("LISTEN", "9000"),
                Map.entry("PEERS", "b:9001 c:9000"));
    }

    @Test
    void a_plan_needs_nodes_and_dials_of_nodes_that_exist() {
        assertThatThrownBy(() -> ClusterPlan.of(List.of(), false, null, PortSet.P2P_DEFAULT, InspectorMode.AUTO))
                .hasMessage("a cluster needs at least one node; use nodes(n) or node(name)");
        assertThatThrownBy(() -> ClusterPlan.of(List.of(node("a", List.of(), new NodeDraft.Dial("z", null))), false, null,
                PortSet.P2P_DEFAULT, InspectorMode.AUTO))
                .hasMessage("node 'a' dials 'z', which is not in the cluster; its nodes are [a]");
    }
}
