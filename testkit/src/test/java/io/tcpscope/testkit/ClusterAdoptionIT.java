package io.tcpscope.testkit;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.ContainerSpec;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.internal.PeerImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster of containers that tcpscope did not start: three peers made with plain engine calls on
 * a network of the test's own, and a Compose project brought up by docker-compose. The cluster
 * waits, partitions and inspects them, and leaves them running when it closes.
 */
@ExtendWith(RequiresDocker.class)
class ClusterAdoptionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PREFIX = "tcpscope-it-adopt-" + UUID.randomUUID().toString().substring(0, 8);

    private static ContainerRuntime runtime;
    private static final Map<String, String> containers = new LinkedHashMap<>();

    @BeforeAll
    static void userContainers() {
        // given: a, b and c in a full mesh, named on their network by aliases, as a user's own code would start them
        DockerEngine engine = TestEngine.require();
        runtime = engine.runtime();
        String image = PeerImages.ensure(runtime);
        runtime.createNetwork(PREFIX, DockerTestCluster.labels());
        Map<String, String> peers = Map.of("a", "b:9000 c:9000", "b", "c:9000", "c", "");
        for (String alias : List.of("a", "b", "c")) {
            String id = runtime.create(ContainerSpec.of(image).withName(PREFIX + "-" + alias).withNetwork(PREFIX, alias)
                    .withEnv(Map.of("LISTEN", "9000", "PEERS", peers.get(alias))).withLabels(DockerTestCluster.labels()));
            runtime.start(id);
            containers.put(alias, PREFIX + "-" + alias);
        }
    }

    @AfterAll
    static void removeThem() {
        containers.values().forEach(runtime::remove);
        runtime.removeNetwork(PREFIX);
    }

    @Test
    void named_containers_are_waited_on_partitioned_and_healed_and_left_running_at_close() {
        // given
        ClusterAdoption adoption = Cluster.adopt().withEngine(TestEngine.require()).network(PREFIX);
        containers.forEach(adoption::node);
        Cluster cluster = adoption.build().start();
        try {
            // then: the mesh the users' peers made, named as the test named them
            Topology mesh = cluster.await().withTimeout(WAIT).forFullMesh();
            assertThat(mesh.nodes()).containsExactly("a", "b", "c");
            assertThat(cluster.node("b").containerId()).isEqualTo(runtime.inspect(containers.get("b")).id());

            // when: c is cut off, then let back under its alias, which its peers dial
            cluster.disconnect("c");
            cluster.await().withTimeout(WAIT).forTopology("c cut off", t -> !t.isConnected("a", "c") && !t.isConnected("b", "c"));
            cluster.reconnect("c");

            // then
            assertThat(runtime.inspect(containers.get("c")).aliases().get(PREFIX)).contains("c");
            cluster.await().withTimeout(WAIT).forFullMesh();

            // and a paused node keeps its sockets, which its peers give up on
            cluster.pause("a");
            Topology paused = cluster.await().withTimeout(WAIT).forTopology("a's peers hung up on it", t -> !t.isConnected("a", "b") && !t.isConnected("a", "c"));
            assertThat(paused.isConnected("b", "c")).isTrue();
            cluster.unpause("a");
            cluster.await().withTimeout(WAIT).forFullMesh();

            // and a stopped node is dialed again once started
            cluster.stop("b");
            Topology stopped = cluster.await().withTimeout(WAIT).forTopology("b stopped", t -> t.table("b").connections().isEmpty() && !t.isConnected("a", "b"));
            assertThat(stopped.isConnected("a", "c")).isTrue();
            cluster.start("b");
            cluster.await().withTimeout(WAIT).forFullMesh();
            assertThatThrownBy(() -> cluster.remove("a")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tcpscope never removes a container it did not create");
        } finally {
            cluster.close();
        }

        // then: closing left the users' containers running
        containers.values().forEach(c -> assertThat(runtime.inspect(c).running()).as(c).isTrue());
    }

    @Test
    void every_container_on_a_network_is_adopted_under_its_alias() {
        try (Cluster cluster = Cluster.adopt().withEngine(TestEngine.require()).network(PREFIX).everyContainerOnNetwork().build().start()) {
            assertThat(cluster.nodes()).extracting(Node::name).containsExactlyInAnyOrder("a", "b", "c");
            // the mesh's edges point the way each container's PEERS dial, which the wait does not look at
            assertThat(cluster.await().withTimeout(WAIT).forFullMesh().edges()).extracting(Edge::from, Edge::to)
                    .containsExactlyInAnyOrder(tuple("a", "b"), tuple("a", "c"), tuple("b", "c"));
            // a node is found by its container's name too
            assertThat(cluster.node(PREFIX + "-b").name()).isEqualTo("b");
        }
    }

    @Test
    void every_container_on_a_network_goes_by_its_containers_name_when_asked() {
        try (Cluster cluster = Cluster.adopt().withEngine(TestEngine.require()).network(PREFIX).everyContainerOnNetwork()
                .withContainerNames().build().start()) {
            assertThat(cluster.topology().nodes()).containsExactlyInAnyOrder(PREFIX + "-a", PREFIX + "-b", PREFIX + "-c");
        }
    }

    @Test
    void containers_adopted_without_a_name_go_by_the_alias_a_user_gave_else_their_compose_service_else_their_name() {
        // given: one container whose aliases are only its own name and a Testcontainers-style random one, with a
        // Compose service label; one with no alias and no label; and a, with its alias
        String image = PeerImages.ensure(runtime);
        String labelled = runtime.create(ContainerSpec.of(image).withName(PREFIX + "-d1")
                .withNetwork(PREFIX, PREFIX + "-d1", "tc-AbCdEfGh").withEnv(Map.of("LISTEN", "9001"))
                .withLabels(with(DockerTestCluster.labels(), "com.docker.compose.service", "svc")));
        String bare = runtime.create(ContainerSpec.of(image).withName(PREFIX + "-d2").withNetwork(PREFIX)
                .withEnv(Map.of("LISTEN", "9001")).withLabels(DockerTestCluster.labels()));
        try {
            runtime.start(labelled);
            runtime.start(bare);

            // when
            try (Cluster cluster = Cluster.adopt().withEngine(TestEngine.require()).container(labelled).container(bare)
                    .container(containers.get("a")).build().start()) {

                // then: and the network is the one they share
                assertThat(cluster.nodes()).extracting(Node::name).containsExactly("svc", PREFIX + "-d2", "a");
                assertThat(cluster.node("svc").containerId()).isEqualTo(runtime.inspect(labelled).id());
            }
        } finally {
            runtime.remove(labelled);
            runtime.remove(bare);
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(key, value);
        return all;
    }

    @Test
    void a_compose_project_is_adopted_by_service(@TempDir Path dir) throws Exception {
        // given: a project of three services that dial each other by service name
        String project = PREFIX.replace("-", "");
        String image = PeerImages.ensure(runtime);
        Path file = Files.writeString(dir.resolve("docker-compose.yml"), """
                version: "3"
                services:
                  seed:
                    image: %1$s
                    environment: {LISTEN: "9000", PEERS: ""}
                  peer:
                    image: %1$s
                    environment: {LISTEN: "9000", PEERS: "seed:9000"}
                  late:
                    image: %1$s
                    environment: {LISTEN: "9000", PEERS: "seed:9000 peer:9000"}
                """.formatted(image));
        compose(project, file, "up", "-d");
        try {
            // when
            try (Cluster cluster = Cluster.adopt().withEngine(TestEngine.require()).composeProject(project).build().start()) {

                // then
                Topology mesh = cluster.await().withTimeout(WAIT).forFullMesh();
                assertThat(mesh.nodes()).containsExactlyInAnyOrder("seed", "peer", "late");
                assertThat(mesh.edgesBetween("late", "seed")).singleElement().satisfies(e -> assertThat(e.from()).isEqualTo("late"));
                assertThat(cluster.connections("seed")).filteredOn(c -> c.state() == TcpState.LISTEN)
                        .extracting(c -> c.local().port()).contains(9000);
            }
            assertThat(runtime.list(Map.of("com.docker.compose.project", project), false)).hasSize(3);
        } finally {
            compose(project, file, "down", "--timeout", "0");
        }
    }

    @Test
    void what_cannot_be_adopted_is_said() {
        assertThatThrownBy(() -> Cluster.adopt().withEngine(TestEngine.require()).network(PREFIX).build().start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no container to adopt");
        // a whole network with no container yet is no error: its containers may come later
        try (Cluster empty = Cluster.adopt().withEngine(TestEngine.require()).network(PREFIX + "-none").everyContainerOnNetwork()
                .build().start()) {
            assertThat(empty.topology().nodes()).isEmpty();
        }
        assertThatThrownBy(() -> Cluster.adopt().withEngine(TestEngine.require()).node("x", containers.get("a")).node("y", "bridge-less")
                .build().start()).hasMessageContaining("'bridge-less' was not found");
        assertThatThrownBy(() -> Cluster.adopt().withEngine(TestEngine.require()).network("bridge").node("a", containers.get("a")).build().start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not on network 'bridge'");
    }

    private static void compose(String project, Path file, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("docker-compose", "-p", project, "-f", file.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", argv) + ":\n" + out).isZero();
    }
}
