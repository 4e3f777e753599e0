package io.tcpscope.testkit;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
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
class TcpScopeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static DockerTestCluster fixture;
    private static TcpScope scope;

    @BeforeAll
    static void scope() {
        fixture = DockerTestCluster.shared();
        scope = TcpScope.builder().engine(DockerEngine.of(TestEngine.client(), "the test engine"))
                .p2pPorts(PortSet.parse("9000-9001")).build();
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
        Topology topology = scope.topology(fixture.listener(), fixture.dialer(), fixture.bidiLeft(), fixture.bidiRight());

        // then: one dial on 9000, and a pair on 9001 that dialed both ways
        assertThat(topology.nodes()).containsExactly(fixture.listener(), fixture.dialer(), fixture.bidiLeft(), fixture.bidiRight());
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
        Topology topology = scope.networkTopology(fixture.name("net"));

        // then: the stopped and the paused containers' neighbours are there; the idle one has no network
        assertThat(topology.nodes()).contains(fixture.listener(), fixture.dialer(), fixture.bidiLeft(), fixture.bidiRight())
                .doesNotContain(fixture.stopped(), fixture.idle());
        assertThat(topology.isConnected(fixture.dialer(), fixture.listener())).isTrue();
        assertThat(scope.networkTopology("tcpscope-test-no-such-network").nodes()).isEmpty();
    }

    @Test
    void waits_return_what_they_saw_and_fail_with_the_last_table() {
        // then: the count it waited for is the count of the table, whose two peers are the left node
        scope.awaitActiveConnections(fixture.bidiRight(), 2, WAIT);
        assertThat(scope.connections(fixture.bidiRight())).filteredOn(c -> c.state() == TcpState.ESTABLISHED)
                .hasSize(2).allSatisfy(c -> assertThat(c.touchesAny(PortSet.parse("9001"))).isTrue());
        Topology pair = scope.awaitFullMesh(List.of(fixture.bidiLeft(), fixture.bidiRight()), WAIT);
        assertThat(pair.edgesBetween(fixture.bidiLeft(), fixture.bidiRight())).hasSize(2);
        assertThatThrownBy(() -> scope.awaitActiveConnections(fixture.dialer(), 5, Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(fixture.dialer() + " did not reach 5 active P2P connections on 9000-9001 within 500 ms;"
                        + " last seen: ")
                .hasMessageContaining(":9000");
        assertThatThrownBy(() -> scope.awaitFullMesh(List.of(fixture.listener(), fixture.bidiLeft()), Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not become a full mesh within 500 ms; last seen:\nP2P connections on 9000-9001");
    }

    @Test
    void asserts_pass_on_what_is_so_and_fail_showing_the_topology() {
        scope.assertConnected(fixture.dialer(), fixture.listener());
        scope.assertNotConnected(fixture.dialer(), fixture.bidiLeft());
        scope.assertFullMesh(List.of(fixture.bidiLeft(), fixture.bidiRight()));
        assertThatThrownBy(() -> scope.assertConnected(fixture.dialer(), fixture.bidiLeft()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(fixture.dialer() + " and " + fixture.bidiLeft() + " are not connected:\n");
        assertThatThrownBy(() -> scope.assertFullMesh(List.of(fixture.listener(), fixture.bidiRight())))
                .hasMessageContaining("is not a full mesh; missing [[" + fixture.listener() + ", " + fixture.bidiRight() + "]]");
    }

    @Test
    void a_container_that_is_not_running_is_named_when_read_alone_and_empty_in_a_topology() {
        assertThatThrownBy(() -> scope.connections(fixture.stopped()))
                .isInstanceOfSatisfying(ContainerUnavailableException.class,
                        e -> assertThat(e.condition()).isEqualTo(ContainerUnavailableException.Condition.NOT_RUNNING));
        Topology topology = scope.topology(fixture.listener(), fixture.stopped());
        assertThat(topology.table(fixture.stopped()).connections()).isEmpty();
        assertThat(topology.table(fixture.stopped()).addresses()).isEmpty();
    }

    @Test
    void a_scopes_recorder_samples_every_second_in_exec_mode_and_every_100_ms_in_auto_unless_told() {
        // given
        List<String> nodes = List.of(fixture.dialer(), fixture.listener());
        try (TcpScope exec = TcpScope.builder().engine(DockerEngine.of(TestEngine.client(), "the test engine"))
                .inspectorMode(InspectorMode.DOCKER_EXEC).build();
             // when
             TimelineRecorder execDefault = exec.recorder(nodes).start();
             TimelineRecorder execTold = exec.recorder(nodes).interval(Duration.ofMillis(300)).start();
             TimelineRecorder autoDefault = scope.recorder(nodes).start()) {

            // then
            assertThat(execDefault.interval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(execTold.interval()).isEqualTo(Duration.ofMillis(300));
            assertThat(autoDefault.interval()).isEqualTo(Duration.ofMillis(100));
            assertThat(execDefault.awaitStable(Duration.ofSeconds(1), WAIT).edges()).as("what the exec-mode recorder read")
                    .extracting(Edge::from, Edge::to).containsExactly(tuple(fixture.dialer(), fixture.listener()));
        }
    }

    @Test
    void a_scope_that_is_closed_says_so_and_leaves_a_given_engine_open() {
        // given
        DockerEngine engine = DockerEngine.of(TestEngine.client(), "the test engine");
        TcpScope own = TcpScope.builder().engine(engine).inspectorMode(InspectorMode.DOCKER_EXEC).build();
        assertThat(own.activeConnections(fixture.listener())).isEqualTo(1);

        // when
        own.close();
        own.close();

        // then
        assertThatThrownBy(() -> own.connections(fixture.listener()))
                .isInstanceOf(IllegalStateException.class).hasMessage("this TcpScope is closed");
        engine.ping();
    }
}
