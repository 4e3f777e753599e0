package io.tcpscope.testcontainers;

import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.WaitFailedError;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Testcontainers' own containers, on its own network and in a Compose project, as a tcpscope
 * cluster: named by their aliases, awaited as a group, cut and healed, and left to Testcontainers.
 */
@ExtendWith(RequiresDocker.class)
class TestcontainersClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Network NETWORK = Network.newNetwork();
    private static final GenericContainer<?> SEED = Images.peer(NETWORK, "seed", "");
    private static final GenericContainer<?> PEER_1 = Images.peer(NETWORK, "peer-1", "seed:9000");
    private static final GenericContainer<?> PEER_2 = Images.peer(NETWORK, "peer-2", "seed:9000 peer-1:9000");

    @BeforeAll
    static void start() {
        Startables.deepStart(SEED, PEER_1, PEER_2).join();
    }

    @AfterAll
    static void stop() {
        List.of(SEED, PEER_1, PEER_2).forEach(GenericContainer::stop);
        NETWORK.close();
    }

    @Test
    void a_group_wait_sees_the_mesh_form_under_the_aliases_given() {
        // when
        Topology mesh;
        Topology whole;
        List<String> found;
        try (Cluster of = TestcontainersCluster.of(NETWORK, SEED, PEER_1, PEER_2).start();
             Cluster onNetwork = TestcontainersCluster.onNetwork(NETWORK).start();
             Cluster shared = TestcontainersCluster.of(SEED, PEER_1, PEER_2).start()) {
            mesh = of.await().forFullMesh();
            whole = onNetwork.await().forConnected(NodePair.of("peer-2", "seed"), NodePair.of("peer-2", "peer-1"));
            found = shared.await().forFullMesh().nodes();
        }

        // then: who dialed whom, as the test wired them
        assertThat(mesh).hasConnectionCount("seed", "peer-1", 1).hasConnectionCount("seed", "peer-2", 1).hasDegree("peer-2", 2);
        org.assertj.core.api.Assertions.assertThat(mesh.edgesBetween("peer-2", "seed")).singleElement()
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.from()).isEqualTo("peer-2"));
        org.assertj.core.api.Assertions.assertThat(whole.nodes()).containsExactlyInAnyOrder("seed", "peer-1", "peer-2");
        org.assertj.core.api.Assertions.assertThat(found)
                .as("the network they share, found").containsExactly("seed", "peer-1", "peer-2");
        try (Cluster two = TestcontainersCluster.of(NETWORK, SEED, PEER_1).start();
             Cluster onNetwork = TestcontainersCluster.onNetwork(NETWORK).start()) {
            assertThatThrownBy(() -> two.await().forConnected(NodePair.of("seed", "nobody")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'nobody'; its nodes are [seed, peer-1]");
            assertThatThrownBy(() -> onNetwork.await().withTimeout(Duration.ofMillis(500))
                    .forConnected(NodePair.of("seed", "nobody")))
                    .isInstanceOf(WaitFailedError.class)
                    .hasMessageContaining("did not become connected as [[seed, nobody]] within 500 ms; last seen:");
        }
    }

    @Test
    void a_cluster_wait_told_to_fail_fast_when_a_container_stops_does() {
        // given: a node that exits 2 s after it starts, and a minute's wait for an edge nobody dials
        try (GenericContainer<?> quitter = Images.peer(NETWORK, "quitter", "")
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/sh", "-c", "/peer & sleep 2"))) {
            quitter.start();

            // then
            try (Cluster cluster = TestcontainersCluster.of(NETWORK, SEED, quitter).start()) {
                assertThatThrownBy(() -> cluster.await().withFailFast("quitter stopped", () -> !quitter.isRunning())
                        .forConnected(NodePair.of("seed", "quitter")))
                        .isInstanceOf(WaitFailedError.class)
                        .hasMessageContaining("did not become connected as [[seed, quitter]]: quitter stopped");
            }
        }
    }

    @Test
    void a_wait_on_a_whole_network_waits_for_its_containers_to_join() throws Exception {
        try (Network later = Network.newNetwork()) {
            // given: a network with no container yet
            try (Cluster none = TestcontainersCluster.onNetwork(later).start()) {
                assertThatThrownBy(() -> none.await().withTimeout(Duration.ofSeconds(1)).forConnected(NodePair.of("y", "x")))
                        .isInstanceOfSatisfying(WaitFailedError.class, e -> org.assertj.core.api.Assertions.assertThat(
                                e.missing()).containsExactly("y and x are not connected (not both are running)"))
                        .hasMessageContaining("within 1 s; last seen:");
            }
            GenericContainer<?> x = Images.peer(later, "x", "");
            GenericContainer<?> y = Images.peer(later, "y", "x:9000");
            try {
                // when: x starts, the wait begins, and only then does y start and dial x
                x.start();
                Cluster joining = TestcontainersCluster.onNetwork(later).start();
                CompletableFuture<Topology> waiting = CompletableFuture.supplyAsync(
                        () -> joining.await().forConnected(NodePair.of("y", "x"))).whenComplete((t, e) -> joining.close());
                y.start();

                // then
                assertThat(waiting.get(90, TimeUnit.SECONDS)).hasConnectionCount("y", "x", 1).hasDegree("x", 1);
            } finally {
                y.stop();
                x.stop();
            }
        }
    }

    @Test
    void a_cut_made_on_testcontainers_network_is_seen_to_take_effect_and_to_heal() {
        try (Cluster cluster = TestcontainersCluster.of(NETWORK, SEED, PEER_1, PEER_2).start()) {
            cluster.await().withTimeout(WAIT).forFullMesh();

            // when
            cluster.disconnect("peer-2");

            // then
            Topology cut = cluster.await().withTimeout(WAIT).forTopology("peer-2 cut off", t -> !t.isConnected("peer-2", "seed") && !t.isConnected("peer-2", "peer-1"));
            assertThat(cut).isPartitionedInto(Set.of("seed", "peer-1"), Set.of("peer-2")).hasEdge("seed", "peer-1");

            // and when
            cluster.reconnect("peer-2");

            // then
            // (a full mesh is connected across any cut: only the counts are left to check)
            assertThat(cluster.await().withTimeout(WAIT).forFullMesh()).hasConnectionCount("peer-2", "seed", 1).hasConnectionCount("peer-2", "peer-1", 1);

            // and last: a pause, which closing the cluster does not undo
            cluster.pause("peer-1");
        }
        // then: Testcontainers still has its containers, as the test left them
        String paused = PEER_1.getContainerId();
        try {
            org.assertj.core.api.Assertions.assertThat(TestEngine.client().inspectContainerCmd(paused).exec().getState().getPaused())
                    .as("peer-1 paused after the cluster closed").isTrue();
            org.assertj.core.api.Assertions.assertThat(List.of(SEED, PEER_1, PEER_2)).allMatch(GenericContainer::isRunning);
        } finally {
            TestEngine.client().unpauseContainerCmd(paused).exec();
        }
    }

    @Test
    void a_compose_project_is_a_cluster_named_by_service(@TempDir Path dir) throws Exception {
        // given: a project that Testcontainers starts with the local docker-compose (Compose v1; ComposeContainer
        // would run Compose v2, which Debian does not ship), whose peer dials the seed only 3 s after it starts
        String image = Images.peer().asCanonicalNameString();
        File file = Files.writeString(dir.resolve("docker-compose.yml"), """
                version: "3"
                services:
                  seed:
                    image: %1$s
                    environment: {LISTEN: "9000", PEERS: ""}
                  peer:
                    image: %1$s
                    environment: {LISTEN: "9000", PEERS: "seed:9000"}
                    entrypoint: ["/bin/sh", "-c", "PEERS= /peer & sleep 3; LISTEN= exec /peer"]
                """.formatted(image)).toFile();
        // --8<-- [start:compose]
        DockerComposeContainer<?> compose = new DockerComposeContainer<>(file).withPull(false)
                .waitingFor("peer", TcpscopeWait.forConnectedPeers("seed"));    // until peer holds a link to seed
        // --8<-- [end:compose]
        try (compose) {
            compose.start();
            int peerDialed = Images.rows(Images.procTables(compose.getContainerByServiceName("peer").orElseThrow()),
                    Images.ESTABLISHED_TO_9000);

            // when
            // --8<-- [start:compose-cluster]
            ContainerState seed = compose.getContainerByServiceName("seed").orElseThrow();
            try (Cluster cluster = TestcontainersCluster.ofComposeProject(seed).start()) {    // every service, by its name
                assertThat(cluster.await().forFullMesh()).hasConnectionCount("peer", "seed", 1).hasDegree("seed", 1);
            }
            // --8<-- [end:compose-cluster]

            // then: the service's wait held until the kernel had its dial
            org.assertj.core.api.Assertions.assertThat(peerDialed).as("peer's connections to :9000 once started").isEqualTo(1);
        }
    }

    @Test
    void containers_that_are_not_started_or_not_on_the_network_are_refused() {
        GenericContainer<?> unstarted = Images.peer(NETWORK, "later", "");
        assertThatThrownBy(() -> TestcontainersCluster.of(NETWORK, unstarted))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has not started");
        try (Network other = Network.newNetwork()) {
            assertThatThrownBy(() -> TestcontainersCluster.of(other, SEED))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none of the containers is on the network");
        }
    }
}
