package io.tcpscope.assertj;

import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.NodeFirewall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Set;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cut made by a tool that knows nothing of tcpscope, checked to have taken effect and, once
 * undone, to have healed: here a network disconnect, and iptables dropping a peer's packets inside
 * the node's own network namespace. The built-in peers hang up a connection whose heartbeat stops.
 * Each test cuts a full mesh of its own, so that neither depends on how the other left its nodes.
 */
@ExtendWith(RequiresDocker.class)
class PartitionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<String> MAJORITY = Set.of("node-1", "node-2");
    private static final Set<String> CUT_OFF = Set.of("node-3");

    private Cluster cluster;

    @BeforeEach
    void mesh() {
        cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(3).fullMesh().build().start();
        cluster.await().withTimeout(WAIT).forFullMesh();
    }

    @AfterEach
    void remove() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void a_network_disconnect_is_seen_to_cut_and_a_reconnect_to_heal() {
        // when
        cluster.disconnect("node-3");

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.topology()).isPartitionedInto(MAJORITY, CUT_OFF));
        assertThat(cluster.topology()).hasEdge("node-1", "node-2").hasDegree("node-3", 0);

        // and when
        cluster.reconnect("node-3");

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.topology()).isConnectedAcross(MAJORITY, CUT_OFF).isFullMesh());
    }

    @Test
    void an_iptables_drop_inside_the_node_is_seen_to_cut_and_its_removal_to_heal() throws Exception {
        // given: node-3 drops every packet from the other two, in its own network namespace
        String drop = "-s " + cluster.node("node-1").ip() + "," + cluster.node("node-2").ip() + " -j DROP";

        // when
        NodeFirewall.iptables(cluster, "node-3", ("-I INPUT " + drop).split(" "));
        try {
            // then
            await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.topology()).isPartitionedInto(MAJORITY, CUT_OFF));
        } finally {
            NodeFirewall.iptables(cluster, "node-3", ("-D INPUT " + drop).split(" "));
        }

        // and then
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.topology()).isConnectedAcross(MAJORITY, CUT_OFF).isFullMesh());
    }
}
