package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.core.ExecResult;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade's own operations: lookups, exec, removal, custom images, cleanup. */
class ClusterIT {

    private Cluster cluster;

    @AfterEach
    void removeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void a_node_is_found_by_its_name_its_id_its_short_id_and_its_address() {
        // given
        cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(2).build().start();
        Node node = cluster.node("node-2");

        // then
        assertThat(node.ip()).isNotEmpty();
        assertThat(cluster.node(node.containerId())).isEqualTo(node);
        assertThat(cluster.node(node.shortId())).isEqualTo(node);
        assertThat(cluster.node(node.ip())).isEqualTo(node);
        assertThat(cluster.node(cluster.id() + "-node-2")).isEqualTo(node);
        assertThat(cluster.nodes()).extracting(Node::name).containsExactly("node-1", "node-2");
        assertThatThrownBy(() -> cluster.node("node-3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its nodes are [node-1, node-2]");
    }

    @Test
    void commands_run_in_a_node_and_nodes_get_their_own_environment() {
        // given
        cluster = Cluster.builder().withEngine(TestEngine.require()).node("a", n -> n.env("ROLE", "seed")).build().start();

        // when
        ExecResult hostname = cluster.execInContainer("a", "hostname");
        ExecResult env = cluster.execInContainer("a", "env");

        // then
        assertThat(hostname.stdoutText()).isEqualTo("a\n");
        assertThat(env.stdoutText()).contains("ROLE=seed", "LISTEN=9000");
    }

    @Test
    void nodes_of_an_image_of_ones_own_run_their_own_command_with_listen_and_peers_given() {
        // given: plain busybox nodes, told their ports through $LISTEN and $PEERS
        cluster = Cluster.builder().withEngine(TestEngine.require()).withImage(TestImages.builtOn(TestEngine.require()))
                .node("a", n -> n.command("sh", "-c", "nc -ll -p $LISTEN -e cat"))
                .node("b", n -> n.dial("a").command("sh", "-c", "until nc ${PEERS%:*} ${PEERS#*:} -e cat; do sleep 1; done"))
                .build().start();

        // when
        cluster.await().withTimeout(Duration.ofSeconds(30)).forActiveConnections("b", 1);

        // then: a listens on $LISTEN only, and b's one connection went to $PEERS, a's 9000; b listens nowhere
        Wiring.of(cluster, TestEngine.require().runtime()).listening(9000, "a").dial("b", "a", 9000).assertTables("a", "b");
        assertThat(cluster.topology().isConnected("a", "b")).as("%s and %s are connected", "a", "b").isTrue();
    }

    @Test
    void a_removed_node_is_gone_from_the_cluster_and_the_engine() {
        // given
        cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(2).build().start();
        String id = cluster.node("node-2").containerId();

        // when
        cluster.remove("node-2");

        // then
        assertThat(cluster.nodes()).extracting(Node::name).containsExactly("node-1");
        assertThat(containersLabelled(Cluster.LABEL, cluster.id())).doesNotContain(id);
    }

    @Test
    void closing_removes_every_container_and_the_network() {
        // given
        cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(2).build().start();
        String id = cluster.id();

        // when
        cluster.close();

        // then
        assertThat(containersLabelled(Cluster.LABEL, id)).isEmpty();
        assertThat(TestEngine.client().listNetworksCmd().withNameFilter(id).exec()).isEmpty();
    }

    @Test
    void what_a_killed_jvm_left_behind_is_removed_at_the_next_start_and_nothing_else() throws Exception {
        // given: a cluster of a JVM that still runs (this one), and one of a JVM of this machine that was killed
        DockerEngine engine = TestEngine.require();
        DockerClient client = TestEngine.client();
        cluster = Cluster.builder().withEngine(engine).nodes(1).build().start();
        Cluster alive = cluster;
        String[] self = engine.runtime().inspect(alive.node("node-1").containerId()).labels()
                .get(ContainerRuntime.OWNER_LABEL).split("/");
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        String deadOwner = self[0] + "/" + self[1] + "/" + self[2] + "/" + dead.pid() + "/1";
        // a name of this run's own: another build on the same engine may be running this test too
        String deadCluster = "tcpscope-dead" + UUID.randomUUID().toString().substring(0, 4);
        String leftover = client.createContainerCmd(TestImages.builtOn(engine)).withCmd("sleep", "1000")
                .withLabels(Map.of(Cluster.LABEL, deadCluster, ContainerRuntime.OWNER_LABEL, deadOwner)).exec().getId();
        String leftoverNet = client.createNetworkCmd().withName(deadCluster)
                .withLabels(Map.of(Cluster.LABEL, deadCluster, ContainerRuntime.OWNER_LABEL, deadOwner)).exec().getId();

        // when
        try (Cluster next = Cluster.builder().withEngine(engine).nodes(1).build().start()) {

            // then
            assertThat(containersLabelled(Cluster.LABEL, deadCluster)).doesNotContain(leftover).isEmpty();
            assertThat(client.listNetworksCmd().exec()).extracting(n -> n.getId()).doesNotContain(leftoverNet);
            assertThat(containersLabelled(Cluster.LABEL, alive.id())).hasSize(1);
            assertThat(next.nodes()).hasSize(1);
        } finally {
            // what the start should have removed, in case it did not
            engine.runtime().remove(leftover);
            engine.runtime().removeNetwork(leftoverNet);
        }
    }

    @Test
    void a_wait_that_times_out_shows_what_it_last_saw() {
        // given: one dial, so node a never reaches 3
        cluster = Cluster.builder().withEngine(TestEngine.require()).node("a").node("b", n -> n.dial("a")).build().start();
        cluster.await().withTimeout(Duration.ofSeconds(30)).forActiveConnections("a", 1);

        // then
        assertThatThrownBy(() -> cluster.await().withTimeout(Duration.ofSeconds(1)).forActiveConnections("a", 3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a did not reach 3 active P2P connections on 9000-9001 within 1 s; last seen:")
                .hasMessageContaining("ESTAB").hasMessageContaining(":9000");
        assertThatThrownBy(() -> cluster.await().withTimeout(Duration.ofSeconds(1)).forTopology("five edges", t -> t.edges().size() == 5))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not become five edges within 1 s; last seen:\nP2P connections on 9000-9001")
                .hasMessageContaining("b ").hasMessageContaining(" -> a ");
    }

    @Test
    void a_cluster_is_described_before_anything_is_created() {
        assertThatThrownBy(() -> Cluster.builder().build()).hasMessageContaining("at least one node");
        assertThatThrownBy(() -> Cluster.builder().node("a", n -> n.dial("z")).build())
                .hasMessageContaining("node 'a' dials 'z', which is not in the cluster");
        assertThatThrownBy(() -> Cluster.builder().node("a").node("a")).hasMessageContaining("named 'a' already");
        assertThatThrownBy(() -> Cluster.builder().node("$(id)")).hasMessageContaining("is not a node name");
    }

    private static List<String> containersLabelled(String key, String value) {
        return TestEngine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(key, value)).exec().stream().map(c -> c.getId()).toList();
    }
}
