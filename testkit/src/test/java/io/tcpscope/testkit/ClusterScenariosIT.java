package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The P2P scenarios of a cluster of built-in peers, read in every inspector mode. After each wait,
 * the nodes' tables are checked against what the test set up ({@link Wiring}): who dials whom on
 * which port, at the addresses the engine gave the containers.
 */
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
        cluster = nodes.apply(Cluster.builder().withEngine(TestEngine.require()).withInspectorMode(mode)).build().start();
        return cluster;
    }

    /** Nothing dialed yet; the given nodes listen on 9000, the first P2P port, as built-in peers do by default. */
    private Wiring wiring(String... nodes) {
        return Wiring.of(cluster, runtime()).listening(9000, nodes);
    }

    private static ContainerRuntime runtime() {
        return TestEngine.require().runtime();
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void two_nodes_and_one_dial_count_one_each(InspectorMode mode) {
        // given
        start(mode, b -> b.node("a").node("b", n -> n.dial("a")));

        // when
        cluster.await().withTimeout(WAIT).forActiveConnections("a", 1);
        cluster.await().withTimeout(WAIT).forActiveConnections("b", 1);

        // then: b's end and a's end of the one dial, to a's 9000
        wiring("a", "b").dial("b", "a", 9000).assertTables("a", "b");
        Topology topology = cluster.topology();
        assertThat(topology.edges()).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo("b");
            assertThat(e.to()).isEqualTo("a");
            assertThat(e.direction()).isEqualTo(Edge.Direction.DIALED);
            assertThat(e.toEnd().port()).isEqualTo(9000);
        });
        assertThat(cluster.topology().isConnected("a", "b")).as("%s and %s are connected", "a", "b").isTrue();
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void a_pair_that_dials_both_ways_counts_two_each(InspectorMode mode) {
        // given
        start(mode, b -> b.node("a", n -> n.dial("b")).node("b", n -> n.dial("a")));

        // when
        cluster.await().withTimeout(WAIT).forActiveConnections("a", 2);
        cluster.await().withTimeout(WAIT).forActiveConnections("b", 2);

        // then: each node holds the dial it made and the dial it took, both on 9000
        wiring("a", "b").dial("a", "b", 9000).dial("b", "a", 9000).assertTables("a", "b");
        assertThat(cluster.topology().edgesBetween("a", "b")).extracting(Edge::from, Edge::to)
                .containsExactlyInAnyOrder(tuple("a", "b"), tuple("b", "a"));
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void three_nodes_form_a_full_mesh(InspectorMode mode) {
        // given
        start(mode, b -> b.nodes(3).fullMesh());

        // when
        Topology mesh = cluster.await().withTimeout(WAIT).forFullMesh();

        // then: each node dialed every node described after it, on 9000, and nothing else
        assertThat(mesh.nodes()).containsExactly("node-1", "node-2", "node-3");
        wiring("node-1", "node-2", "node-3").dial("node-1", "node-2", 9000).dial("node-1", "node-3", 9000)
                .dial("node-2", "node-3", 9000).assertTables("node-1", "node-2", "node-3");
        for (String node : mesh.nodes()) {
            assertThat(cluster.activeConnections(node)).as(node).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void eight_nodes_form_a_full_mesh_on_ports_9001_to_9008(InspectorMode mode) {
        // given: node-i listens on 9000 + i
        start(mode, b -> {
            b.withP2pPorts(PortSet.parse("9001-9008"));
            for (int i = 1; i <= 8; i++) {
                int port = 9000 + i;
                b.node("node-" + i, n -> n.listen(port));
            }
            return b.fullMesh();
        });

        // when
        Topology mesh = cluster.await().withTimeout(WAIT).forFullMesh();

        // then: node-i took a dial from each node before it on 9000 + i, and dialed each node after it on its port
        assertThat(mesh.edges()).hasSize(28).allSatisfy(e -> assertThat(e.direction()).isEqualTo(Edge.Direction.DIALED));
        Wiring wiring = Wiring.of(cluster, runtime());
        String[] nodes = new String[8];
        for (int i = 1; i <= 8; i++) {
            nodes[i - 1] = "node-" + i;
            wiring.listening(9000 + i, "node-" + i);
            for (int j = i + 1; j <= 8; j++) {
                wiring.dial("node-" + i, "node-" + j, 9000 + j);
            }
        }
        wiring.assertTables(nodes);
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void a_restarted_node_drops_its_connections_and_is_dialed_again(InspectorMode mode) {
        // given
        start(mode, b -> b.node("a").node("b", n -> n.dial("a")));
        cluster.await().withTimeout(WAIT).forActiveConnections("b", 1);

        // when the listener stops, the dialer's count drops: b still listens, and holds no connection
        cluster.stop("a");
        cluster.await().withTimeout(WAIT).forActiveConnections("b", 0);
        assertThat(runtime().inspect(cluster.id() + "-a").state()).isEqualTo("exited");
        wiring("b").assertTables("b");

        // when it starts, the dialer dials a again, at the address the engine gave it this time
        cluster.start("a");
        cluster.await().withTimeout(WAIT).forActiveConnections("a", 1);
        cluster.await().withTimeout(WAIT).forActiveConnections("b", 1);
        wiring("a", "b").dial("b", "a", 9000).assertTables("a", "b");

        // and a restart, too quick to watch the count drop, leaves a new connection in its place
        TcpConnection before = established(cluster, "b");
        cluster.restart("a");
        cluster.await().withTimeout(WAIT).forTopology("reconnected after the restart", t -> t.activeConnections("b") == 1 && !established(t, "b").equals(before));
        cluster.await().withTimeout(WAIT).forActiveConnections("a", 1);
        Map<String, List<TcpConnection>> after = wiring("a", "b").dial("b", "a", 9000).assertTables("a", "b");
        assertThat(after.get("b")).doesNotContain(before);
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void a_partitioned_node_loses_every_connection_and_regains_them(InspectorMode mode) {
        // given: b and c both dial a
        start(mode, b -> b.node("a").node("b", n -> n.dial("a")).node("c", n -> n.dial("a")));
        cluster.await().withTimeout(WAIT).forActiveConnections("a", 2);

        // when
        cluster.disconnect("b");

        // then: the engine took b off the network; b holds nothing, and a holds c's dial only
        cluster.await().withTimeout(WAIT).forActiveConnections("b", 0);
        cluster.await().withTimeout(WAIT).forActiveConnections("a", 1);
        assertThat(runtime().inspect(cluster.id() + "-b").addresses()).doesNotContainKey(cluster.id());
        wiring("a", "b", "c").dial("c", "a", 9000).assertTables("a", "b", "c");
        assertThat(cluster.topology().isConnected("a", "b")).as("%s and %s are connected", "a", "b").isFalse();
        assertThat(cluster.topology().isConnected("a", "c")).as("%s and %s are connected", "a", "c").isTrue();

        // and when the partition heals, b dials a again from the address it has now
        cluster.reconnect("b");
        cluster.await().withTimeout(WAIT).forActiveConnections("b", 1);
        cluster.await().withTimeout(WAIT).forActiveConnections("a", 2);
        wiring("a", "b", "c").dial("b", "a", 9000).dial("c", "a", 9000).assertTables("a", "b", "c");
        assertThat(cluster.topology().isConnected("a", "b")).as("%s and %s are connected", "a", "b").isTrue();
    }

    private static TcpConnection established(Cluster cluster, String node) {
        return cluster.connections(node).stream().filter(c -> c.state() == TcpState.ESTABLISHED)
                .map(TcpConnection::withoutDetails).findFirst().orElseThrow();
    }

    private static TcpConnection established(Topology topology, String node) {
        return topology.table(node).connections().stream().filter(c -> c.state() == TcpState.ESTABLISHED)
                .map(TcpConnection::withoutDetails).findFirst().orElse(null);
    }
}
