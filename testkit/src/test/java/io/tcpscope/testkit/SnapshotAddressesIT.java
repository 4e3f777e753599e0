package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a snapshot reads through procfs, it asks the engine for a node's addresses only when the
 * node's network namespace no longer holds what the engine last said. These tests change a node's
 * networks between snapshots, through the cluster and by hand, as a user of an adopted cluster may,
 * and check each snapshot's addresses against the engine's own record, read through docker-java.
 */
class SnapshotAddressesIT {

    @ParameterizedTest
    @ValueSource(strings = {"procfs", "auto"})
    void each_snapshot_shows_a_node_at_the_addresses_it_has_then(InspectorMode mode) {
        DockerClient docker = TestEngine.client();
        String handmade = "tcpscope-it-handmade-" + UUID.randomUUID().toString().substring(0, 8);
        try (Cluster cluster = Cluster.builder().withEngine(TestEngine.require()).withInspectorMode(mode)
                .node("a").node("b").build().start()) {
            String a = cluster.node("a").containerId();
            // given: snapshots that have read a twice, so that its addresses are known
            cluster.topology();
            assertAddressesAsTheEngineHasThem(cluster.topology(), "a", a);

            // when / then: off the cluster's network, and back
            cluster.disconnect("a");
            assertThat(cluster.topology().table("a").addresses()).isEmpty();
            assertAddressesAsTheEngineHasThem(cluster.topology(), "a", a);
            cluster.reconnect("a");
            assertThat(cluster.topology().table("a").addresses()).hasSize(1);
            assertAddressesAsTheEngineHasThem(cluster.topology(), "a", a);

            // and by hand: a network the cluster does not know, joined and left
            docker.createNetworkCmd().withName(handmade).withDriver("bridge").exec();
            docker.connectToNetworkCmd().withNetworkId(handmade).withContainerId(a).exec();
            assertThat(cluster.topology().table("a").addresses()).hasSize(2);
            assertAddressesAsTheEngineHasThem(cluster.topology(), "a", a);
            docker.disconnectFromNetworkCmd().withNetworkId(handmade).withContainerId(a).exec();
            assertThat(cluster.topology().table("a").addresses()).hasSize(1);
            assertAddressesAsTheEngineHasThem(cluster.topology(), "a", a);

            // and the other node was read at its own address all along
            assertAddressesAsTheEngineHasThem(cluster.topology(), "b", cluster.node("b").containerId());
        } finally {
            try {
                docker.removeNetworkCmd(handmade).exec();
            } catch (RuntimeException ignored) {
                // not created
            }
        }
    }

    /** The node's addresses in the snapshot are those docker-java's inspect gives, on every network. */
    private static void assertAddressesAsTheEngineHasThem(Topology topology, String node, String container) {
        Set<InetAddress> engine = new HashSet<>();
        for (ContainerNetwork network : TestEngine.client().inspectContainerCmd(container).exec()
                .getNetworkSettings().getNetworks().values()) {
            for (String text : new String[] {network.getIpAddress(), network.getGlobalIPv6Address()}) {
                if (text != null && !text.isEmpty()) {
                    engine.add(IpAddresses.parse(text));
                }
            }
        }
        assertThat(topology.table(node).addresses()).as("%s's addresses in the snapshot", node)
                .containsExactlyInAnyOrderElementsOf(engine);
    }
}
