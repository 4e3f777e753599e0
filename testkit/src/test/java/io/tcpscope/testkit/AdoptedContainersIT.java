package io.tcpscope.testkit;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The facade on containers that tcpscope did not start: the shared fixture's, started with plain
 * docker-java calls. The oracle is what the fixture set up: who listens, who dialed whom.
 */
class AdoptedContainersIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static DockerTestCluster fixture;
    private static Cluster scope;

    @BeforeAll
    static void scope() {
        fixture = DockerTestCluster.shared();
        scope = adopt(DockerEngine.of(TestEngine.client(), "the test engine"), InspectorMode.AUTO,
                fixture.listener(), fixture.dialer(), fixture.bidiLeft(), fixture.bidiRight(), fixture.stopped());
    }

    /** Containers one did not start, adopted as nodes named as given, as the command line does. */
    private static Cluster adopt(DockerEngine engine, InspectorMode mode, String... containers) {
        ClusterAdoption adoption = Cluster.adopt().withEngine(engine).withInspectorMode(mode)
                .withP2pPorts(PortSet.parse("9000-9001"));
        for (String c : containers) {
            adoption.node(c, c);
        }
        return adoption.build().start();
    }

    @AfterAll
    static void close() {
        scope.close();
    }

    @Test
    void the_seeds_two_operations_on_a_container_it_did_not_start() {
        // given: the dialer dialed the listener once on 9000 and once on 8080
        List<TcpConnection> table = scope.connections(fixture.dialer());

        // then
        assertThat(table).filteredOn(c -> c.state() == TcpState.ESTABLISHED).extracting(c -> c.remote().port())
                .containsExactlyInAnyOrder(9000, 8080);
        assertThat(scope.activeConnections(fixture.dialer())).isEqualTo(1);
        assertThat(scope.activeConnections(fixture.listener())).isEqualTo(1);
        assertThat(scope.activeConnections(fixture.bidiLeft())).isEqualTo(2);
    }

    @Test
    void a_topology_of_its_containers_names_them_as_given_and_knows_who_dialed() {
        // when
        Topology topology = scope.topology();

        // then: one dial on 9000, and a pair on 9001 that dialed both ways
        assertThat(topology.nodes()).containsExactly(fixture.listener(), fixture.dialer(), fixture.bidiLeft(), fixture.bidiRight(),
                fixture.stopped());
        assertThat(topology.edges()).extracting(Edge::from, Edge::to).containsExactlyInAnyOrder(
                tuple(fixture.dialer(), fixture.listener()),
                tuple(fixture.bidiLeft(), fixture.bidiRight()),
                tuple(fixture.bidiRight(), fixture.bidiLeft()));
        assertThat(topology.table(fixture.listener()).connections())
                .filteredOn(c -> c.state() == TcpState.LISTEN && !c.local().address().isLoopbackAddress())
                .extracting(c -> c.local().port()).containsExactlyInAnyOrder(9000, 8080);
    }

    @Test
    void the_topology_of_a_network_holds_its_running_containers_by_name() {
        // when
        Topology topology;
        Topology none;
        try (Cluster network = Cluster.adopt().withEngine(DockerEngine.of(TestEngine.client(), "the test engine"))
                .network(fixture.name("net")).everyContainerOnNetwork().build().start();
             Cluster nowhere = Cluster.adopt().withEngine(DockerEngine.of(TestEngine.client(), "the test engine"))
                .network("tcpscope-test-no-such-network").everyContainerOnNetwork().build().start()) {
            topology = network.topology();
            none = nowhere.topology();
        }

        // then: the stopped and the paused containers' neighbours are there; the idle one has no network
        assertThat(topology.nodes()).contains(fixture.listener(), fixture.dialer(), fixture.bidiLeft(), fixture.bidiRight())
                .doesNotContain(fixture.stopped(), fixture.idle());
        assertThat(topology.isConnected(fixture.dialer(), fixture.listener())).isTrue();
        assertThat(none.nodes()).isEmpty();
    }

    @Test
    void waits_return_what_they_saw_and_fail_with_the_last_table() {
        // then: the count it waited for is the count of the table, whose two peers are the left node
        scope.await().withTimeout(WAIT).forActiveConnections(fixture.bidiRight(), 2);
        assertThat(scope.connections(fixture.bidiRight())).filteredOn(c -> c.state() == TcpState.ESTABLISHED)
                .hasSize(2).allSatisfy(c -> assertThat(c.touchesAny(PortSet.parse("9001"))).isTrue());
        Topology pair = scope.await().withTimeout(WAIT).forConnected(NodePair.of(fixture.bidiLeft(), fixture.bidiRight()));
        assertThat(pair.edgesBetween(fixture.bidiLeft(), fixture.bidiRight())).hasSize(2);
        assertThatThrownBy(() -> scope.await().withTimeout(Duration.ofMillis(500)).forActiveConnections(fixture.dialer(), 5))
                .isInstanceOf(WaitFailedError.class)
                .hasMessageStartingWith(fixture.dialer() + " did not reach 5 active P2P connections on 9000-9001 within 500 ms;"
                        + " last seen: ")
                .hasMessageContaining(":9000");
        assertThatThrownBy(() -> scope.await().withTimeout(Duration.ofMillis(500))
                .forConnected(NodePair.of(fixture.listener(), fixture.bidiLeft())))
                .isInstanceOfSatisfying(WaitFailedError.class, e -> assertThat(e.missing())
                        .containsExactly(fixture.listener() + " and " + fixture.bidiLeft() + " are not connected"))
                .hasMessageContaining("did not become connected as [[" + fixture.listener() + ", " + fixture.bidiLeft()
                        + "]] within 500 ms; last seen:\nP2P connections on 9000-9001");
        assertThatThrownBy(() -> scope.await().withTimeout(Duration.ofMillis(500))
                .forDisconnected(NodePair.of(fixture.dialer(), fixture.listener())))
                .isInstanceOfSatisfying(WaitFailedError.class, e -> assertThat(e.missing())
                        .containsExactly(fixture.dialer() + " and " + fixture.listener() + " are still connected"));
    }

    @Test
    void a_container_that_is_not_running_is_named_when_read_alone_and_empty_in_a_topology() {
        assertThatThrownBy(() -> scope.connections(fixture.stopped()))
                .isInstanceOfSatisfying(ContainerUnavailableException.class,
                        e -> assertThat(e.condition()).isEqualTo(ContainerUnavailableException.Condition.NOT_RUNNING));
        Topology topology = scope.topology();
        assertThat(topology.table(fixture.stopped()).connections()).isEmpty();
        assertThat(topology.table(fixture.stopped()).addresses()).isEmpty();
    }

    @Test
    void a_recorder_samples_every_second_in_exec_mode_and_every_100_ms_in_auto_unless_told() {
        // given
        try (Cluster exec = adopt(DockerEngine.of(TestEngine.client(), "the test engine"), InspectorMode.EXEC,
                fixture.dialer(), fixture.listener());
             // when
             TimelineRecorder execDefault = exec.recorder().start();
             TimelineRecorder execTold = exec.recorder().withInterval(Duration.ofMillis(300)).start();
             TimelineRecorder autoDefault = scope.recorder().start()) {

            // then
            assertThat(execDefault.interval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(execTold.interval()).isEqualTo(Duration.ofMillis(300));
            assertThat(autoDefault.interval()).isEqualTo(Duration.ofMillis(100));
            assertThat(execDefault.await().withTimeout(WAIT).forStable(Duration.ofSeconds(1)).edges()).as("what the exec-mode recorder read")
                    .extracting(Edge::from, Edge::to).containsExactly(tuple(fixture.dialer(), fixture.listener()));
        }
    }

    @Test
    void an_adopted_cluster_that_is_closed_says_so_and_leaves_a_given_engine_open() {
        // given
        DockerEngine engine = DockerEngine.of(TestEngine.client(), "the test engine");
        Cluster own = adopt(engine, InspectorMode.EXEC, fixture.listener());
        assertThat(own.activeConnections(fixture.listener())).isEqualTo(1);

        // when
        own.close();
        own.close();

        // then
        assertThatThrownBy(() -> own.connections(fixture.listener()))
                .isInstanceOf(IllegalStateException.class).hasMessage("cluster " + own.id() + " is closed");
        engine.ping();
    }
}
