package io.tcpscope.core.topology;

import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.tcpscope.core.Golden.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyTest {

    private static final String A = "10.0.0.2";
    private static final String B = "10.0.0.3";
    private static final String C = "10.0.0.4";

    @Test
    void a_dial_seen_from_both_sides_is_one_edge_pointing_at_the_listener() {
        // given: b dialed a's 9000 from 40001; both tables show it
        NodeTable a = node("a", A, listen(9000), c(TcpState.ESTABLISHED, A, 9000, B, 40001));
        NodeTable b = node("b", B, listen(9000), c(TcpState.ESTABLISHED, B, 40001, A, 9000));

        // when
        Topology t = Topology.of(List.of(a, b), PortSet.P2P_DEFAULT);

        // then
        assertThat(t.edges()).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo("b");
            assertThat(e.to()).isEqualTo("a");
            assertThat(e.direction()).isEqualTo(Direction.DIALED);
            assertThat(e).hasToString("b 10.0.0.3:40001 -> a 10.0.0.2:9000");
        });
        assertThat(t.isConnected("a", "b")).isTrue();
        assertThat(t.activeConnections("a")).isEqualTo(1);
        assertThat(t.isFullMesh()).isTrue();
    }

    @Test
    void both_nodes_dialing_is_two_edges_one_each_way() {
        NodeTable a = node("a", A, listen(9000), c(TcpState.ESTABLISHED, A, 9000, B, 40001),
                c(TcpState.ESTABLISHED, A, 40002, B, 9000));
        NodeTable b = node("b", B, listen(9000), c(TcpState.ESTABLISHED, B, 40001, A, 9000),
                c(TcpState.ESTABLISHED, B, 9000, A, 40002));

        Topology t = Topology.of(List.of(a, b), PortSet.P2P_DEFAULT);

        assertThat(t.edgesBetween("a", "b")).extracting(Edge::from, Edge::to)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("b", "a"), org.assertj.core.groups.Tuple.tuple("a", "b"));
        assertThat(t.activeConnections("a")).isEqualTo(2);
    }

    @Test
    void a_dial_from_a_listening_port_is_marked_rather_than_guessed() {
        // given: libp2p-style port reuse, both ends on 9000, both listening
        NodeTable a = node("a", A, listen(9000), c(TcpState.ESTABLISHED, A, 9000, B, 9000));
        NodeTable b = node("b", B, listen(9000), c(TcpState.ESTABLISHED, B, 9000, A, 9000));

        assertThat(Topology.of(List.of(b, a), PortSet.P2P_DEFAULT).edges()).singleElement()
                .satisfies(e -> {
                    assertThat(e.direction()).isEqualTo(Direction.BOTH_LISTEN);
                    assertThat(e.from()).isEqualTo("a");
                });
    }

    @Test
    void without_listeners_the_direction_is_unknown() {
        NodeTable a = node("a", A, List.of(), c(TcpState.ESTABLISHED, A, 9000, B, 40001));
        NodeTable b = node("b", B, List.of());
        assertThat(Topology.of(List.of(a, b), PortSet.P2P_DEFAULT).edges()).singleElement()
                .extracting(Edge::direction).isEqualTo(Direction.UNKNOWN);
    }

    @Test
    void other_ports_other_states_strangers_and_loopback_are_no_edges() {
        NodeTable a = node("a", A, listen(9000),
                c(TcpState.ESTABLISHED, A, 8080, B, 40003),
                c(TcpState.TIME_WAIT, A, 9000, B, 40004),
                c(TcpState.ESTABLISHED, A, 9000, "10.9.9.9", 40005),
                c(TcpState.ESTABLISHED, "127.0.0.1", 9000, "127.0.0.1", 40006));
        NodeTable b = node("b", B, List.of());

        Topology t = Topology.of(List.of(a, b), PortSet.P2P_DEFAULT);

        assertThat(t.edges()).isEmpty();
        assertThat(t.missingPairs()).containsExactly(NodePair.of("a", "b"));
        assertThat(t.activeConnections("a")).isEqualTo(2); // the stranger and the loopback dial still count on a
    }

    @Test
    void a_triangle_is_a_full_mesh_and_a_path_is_not() {
        NodeTable a = node("a", A, listen(9000), c(TcpState.ESTABLISHED, A, 40001, B, 9000), c(TcpState.ESTABLISHED, A, 40002, C, 9000));
        NodeTable b = node("b", B, listen(9000), c(TcpState.ESTABLISHED, B, 40003, C, 9000));
        NodeTable c = node("c", C, listen(9000));
        assertThat(Topology.of(List.of(a, b, c), PortSet.P2P_DEFAULT).isFullMesh()).isTrue();

        NodeTable b2 = node("b", B, listen(9000));
        Topology path = Topology.of(List.of(a, b2, c), PortSet.P2P_DEFAULT);
        assertThat(path.isFullMesh()).isFalse();
        assertThat(path.missingPairs()).containsExactly(NodePair.of("b", "c"));
    }

    @Test
    void names_and_addresses_must_be_unique() {
        assertThatThrownBy(() -> Topology.of(List.of(node("a", A, List.of()), node("a", B, List.of())), PortSet.P2P_DEFAULT))
                .hasMessage("two nodes are named 'a'");
        assertThatThrownBy(() -> Topology.of(List.of(node("a", A, List.of()), node("b", A, List.of())), PortSet.P2P_DEFAULT))
                .hasMessage("nodes 'a' and 'b' share the address 10.0.0.2");
        assertThatThrownBy(() -> Topology.of(List.of(node("a", A, List.of())), PortSet.P2P_DEFAULT).activeConnections("z"))
                .hasMessageContaining("no node 'z'");
    }

    @Test
    void renders_a_text_matrix_mermaid_and_dot() {
        Topology t = Topology.of(List.of(
                node("a", A, listen(9000), c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                node("b", B, listen(9000), c(TcpState.ESTABLISHED, B, 40001, A, 9000), c(TcpState.ESTABLISHED, B, 9000, C, 9000)),
                node("c", C, listen(9000), c(TcpState.ESTABLISHED, C, 9000, B, 9000))), PortSet.P2P_DEFAULT);

        assertThat(TopologyRenderer.text(t)).isEqualTo("""
                P2P connections on 9000-9001: rows dialed columns (* both ends listen, ? direction unknown)

                        a       b       c       active
                a       .       .       .       1
                b       1       .       1*      2
                c       .       .       .       1

                b 10.0.0.3:40001 -> a 10.0.0.2:9000
                b 10.0.0.3:9000 <-> c 10.0.0.4:9000
                """);
        assertThat(TopologyRenderer.mermaid(t)).isEqualTo("""
                graph LR
                  n0["a"]
                  n1["b"]
                  n2["c"]
                  n1 -->|9000| n0
                  n1 <-->|9000/9000| n2
                """);
        assertThat(TopologyRenderer.dot(t)).isEqualTo("""
                digraph tcpscope {
                  rankdir=LR;
                  node [shape=circle];
                  "a";
                  "b";
                  "c";
                  "b" -> "a" [label="9000"];
                  "b" -> "c" [label="9000/9000", dir=both];
                }
                """);
    }

    private static NodeTable node(String name, String ip, List<TcpConnection> listeners, TcpConnection... connections) {
        List<TcpConnection> table = new ArrayList<>(listeners);
        table.addAll(List.of(connections));
        return new NodeTable(name, Set.of(IpAddresses.parse(ip)), table);
    }

    private static List<TcpConnection> listen(int port) {
        return List.of(c(TcpState.LISTEN, "0.0.0.0", port, "0.0.0.0", 0));
    }
}
