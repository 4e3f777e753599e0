package io.tcpscope.core.topology;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodePairTest {

    @Test
    void equals_a_pair_of_the_same_nodes_in_either_order() {
        // given
        NodePair ab = NodePair.of("a", "b");
        NodePair ba = NodePair.of("b", "a");

        // then
        assertThat(ab).isEqualTo(ba).hasSameHashCodeAs(ba).isNotEqualTo(NodePair.of("a", "c"));
        assertThat(ba.first()).isEqualTo("b");
        assertThat(ba).hasToString("[b, a]");
    }

    @Test
    void names_the_other_node() {
        NodePair ab = NodePair.of("a", "b");

        assertThat(ab.other("a")).isEqualTo("b");
        assertThat(ab.other("b")).isEqualTo("a");
        assertThat(ab.contains("a")).isTrue();
        assertThat(ab.contains("c")).isFalse();
        assertThatThrownBy(() -> ab.other("c")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'c'");
    }

    @Test
    void refuses_one_node_twice_and_nulls() {
        assertThatThrownBy(() -> NodePair.of("a", "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a pair is two nodes, not 'a' twice");
        assertThatThrownBy(() -> NodePair.of(null, "a")).isInstanceOf(NullPointerException.class);
    }
}
