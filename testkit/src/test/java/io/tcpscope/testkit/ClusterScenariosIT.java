package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The P2P scenarios of a cluster of built-in peers, read in every inspector mode. */
class ClusterScenariosIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Cluster cluster;

    @AfterEach
    void removeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Cluster start(InspectorMode mode, UnaryOperator<ClusterBuilder> nodes) {
        cluster = nodes.apply(Cluster.builder().engine(TestEngine.require()).inspectorMode(mode)).build().start();
        return cluster;
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void two_nodes_and_one_dial_count_one_each(InspectorMode mode) {
        // given
        start(mode, b -> b.node("a").node("b", n -> n.dial("a")));

        // then
        assertThat(cluster.awaitActiveConnections("a", 1, WAIT)).isEqualTo(1);
        assertThat(cluster.awaitActiveConnections("b", 1, WAIT)).isEqualTo(1);
        Topology topology = cluster.topology();
        assertThat(topology.edges()).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo("b");
            assertThat(e.to()).isEqualTo("a");
            assertThat(e.direction()).isEqualTo(Edge.Direction.DIALED);
            assertThat(e.toEnd().port()).isEqualTo(9000);
        });
        cluster.assertConnected("a", "b");
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void a_pair_that_dials_both_ways_counts_two_each(InspectorMode mode) {
        // given
        start(mode, b -> b.node("a", n -> n.dial("b")).node("b", n -> n.dial("a")));

        // then
        assertThat(cluster.awaitActiveConnections("a", 2, WAIT)).isEqualTo(2);
        assertThat(cluster.awaitActiveConnections("b", 2, WAIT)).isEqualTo(2);
        assertThat(cluster.topology().edgesBetween("a", "b")).extracting(Edge::from, Edge::to)
                .containsExactlyInAnyOrder(tuple("a", "b"), tuple("b", "a"));
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void three_nodes_form_a_full_mesh(InspectorMode mode) {
        // given
        start(mode, b -> b.nodes(3).fullMesh());

        // when
        Topology mesh = cluster.awaitFullMesh(WAIT);

        // then
        assertThat(mesh.edges()).hasSize(3);
        for (String node : mesh.nodes()) {
            assertThat(cluster.getActiveConnectionsCount(node)).as(node).isEqualTo(2);
        }
        cluster.assertFullMesh();
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void eight_nodes_form_a_full_mesh_on_ports_9001_to_9008(InspectorMode mode) {
        // given: node-i listens on 9000 + i
        start(mode, b -> {
            b.p2pPorts(PortSet.parse("9001-9008"));
            for (int i = 1; i <= 8; i++) {
                int port = 9000 + i;
                b.node("node-" + i, n -> n.listen(port));
            }
            return b.fullMesh();
        });

        // when
        Topology mesh = cluster.awaitFullMesh(WAIT);

        // then
        assertThat(mesh.edges()).hasSize(28).allSatisfy(e -> assertThat(e.direction()).isEqualTo(Edge.Direction.DIALED));
        for (int i = 1; i <= 8; i++) {
            assertThat(cluster.awaitActiveConnections("node-" + i, 7, WAIT)).isEqualTo(7);
        }
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void a_restarted_node_drops_its_connections_and_is_dialed_again(InspectorMode mode) {
        // given
        start(mode, b -> b.node("a").node("b", n -> n.dial("a")));
        cluster.awaitActiveConnections("b", 1, WAIT);

        // when the listener stops, the dialer's count drops; when it starts, the dialer dials again
        cluster.stop("a");
        assertThat(cluster.awaitActiveConnections("b", 0, WAIT)).isZero();
        cluster.start("a");
        assertThat(cluster.awaitActiveConnections("a", 1, WAIT)).isEqualTo(1);
        assertThat(cluster.awaitActiveConnections("b", 1, WAIT)).isEqualTo(1);

        // and a restart, too quick to watch the count drop, leaves a new connection in its place
        TcpConnection before = established(cluster, "b");
        cluster.restart("a");
        cluster.awaitTopology(t -> t.activeCount("b") == 1 && !established(t, "b").equals(before),
                "reconnected after the restart", WAIT);
        assertThat(cluster.awaitActiveConnections("a", 1, WAIT)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void a_partitioned_node_loses_every_connection_and_regains_them(InspectorMode mode) {
        // given: b and c both dial a
        start(mode, b -> b.node("a").node("b", n -> n.dial("a")).node("c", n -> n.dial("a")));
        cluster.awaitActiveConnections("a", 2, WAIT);

        // when
        cluster.disconnect("b");

        // then
        assertThat(cluster.awaitActiveConnections("b", 0, WAIT)).isZero();
        assertThat(cluster.awaitActiveConnections("a", 1, WAIT)).isEqualTo(1);
        cluster.assertNotConnected("a", "b");
        cluster.assertConnected("a", "c");

        // and when the partition heals
        cluster.reconnect("b");
        assertThat(cluster.awaitActiveConnections("b", 1, WAIT)).isEqualTo(1);
        assertThat(cluster.awaitActiveConnections("a", 2, WAIT)).isEqualTo(2);
        cluster.assertConnected("a", "b");
    }

    private static TcpConnection established(Cluster cluster, String node) {
        return cluster.checkTcpConnections(node).stream().filter(c -> c.state() == TcpState.ESTABLISHED)
                .map(TcpConnection::withoutDetails).findFirst().orElseThrow();
    }

    private static TcpConnection established(Topology topology, String node) {
        return topology.table(node).connections().stream().filter(c -> c.state() == TcpState.ESTABLISHED)
                .map(TcpConnection::withoutDetails).findFirst().orElse(null);
    }
}
