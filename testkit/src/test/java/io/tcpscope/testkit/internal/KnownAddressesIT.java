package io.tcpscope.testkit.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestImages;
import io.tcpscope.testkit.InspectorMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node named after the start of another container's id gets its own addresses: the engine takes a
 * name before an id prefix, and so does a snapshot. The oracle is the engine's own inspect, through
 * docker-java, of each container.
 */
@Timeout(120)
class KnownAddressesIT {

    private final DockerEngine engine = TestEngine.require();
    private final DockerClient docker = TestEngine.client();
    private final String prefix = "tk-known-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void remove() {
        for (String container : created) {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    /** A running container on the default bridge, and a stopped one named after the first 8 characters of its id. */
    private String[] runningAndOneNamedAfterItsId() {
        String image = TestImages.builtOn(engine);
        String running = docker.createContainerCmd(image).withName(prefix + "-a").withCmd("sleep", "600").exec().getId();
        created.add(running);
        docker.startContainerCmd(running).exec();
        String name = running.substring(0, 8);
        created.add(docker.createContainerCmd(image).withName(name).withCmd("sleep", "600").exec().getId());
        return new String[] {running, name};
    }

    /** The container's addresses, as the engine's inspect gives them. */
    private Set<InetAddress> engineSays(String container) throws Exception {
        Set<InetAddress> addresses = new HashSet<>();
        Map<String, ContainerNetwork> networks = docker.inspectContainerCmd(container).exec().getNetworkSettings().getNetworks();
        for (ContainerNetwork network : networks == null ? List.<ContainerNetwork>of() : networks.values()) {
            if (network.getIpAddress() != null && !network.getIpAddress().isEmpty()) {
                addresses.add(InetAddress.getByAddress(ipv4(network.getIpAddress())));
            }
        }
        return addresses;
    }

    private static byte[] ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    @Test
    void a_name_that_begins_another_containers_id_gets_the_named_containers_addresses() throws Exception {
        // given
        String[] containers = runningAndOneNamedAfterItsId();
        String running = containers[0];
        String named = containers[1];
        assertThat(engineSays(running)).as("the running container's addresses").isNotEmpty();
        List<ContainerInfo> listing = engine.runtime().list(Map.of(), false);
        ConnectionInspector exec = Inspectors.create(InspectorMode.EXEC, engine);

        // when
        Set<InetAddress> byName = new KnownAddresses(engine).of(named, exec, () -> listing);

        // then: the stopped container's (none), not the running one's
        assertThat(byName).isEqualTo(engineSays(named)).doesNotContainAnyElementsOf(engineSays(running));
    }

    @Test
    void an_answer_read_through_procfs_is_remembered_under_the_containers_id_never_under_a_short_name() throws Exception {
        // given: two running containers, the second named after the start of the first one's id
        String image = TestImages.builtOn(engine);
        String first = docker.createContainerCmd(image).withName(prefix + "-a").withCmd("sleep", "600").exec().getId();
        created.add(first);
        docker.startContainerCmd(first).exec();
        String name = first.substring(0, 8);
        String second = docker.createContainerCmd(image).withName(name).withCmd("sleep", "600").exec().getId();
        created.add(second);
        docker.startContainerCmd(second).exec();
        ConnectionInspector procfs = Inspectors.create(InspectorMode.PROCFS, engine);
        KnownAddresses known = new KnownAddresses(engine);
        List<ContainerInfo> listing = engine.runtime().list(Map.of(), false);

        // when
        Set<InetAddress> byName = known.of(name, procfs, () -> listing);
        Set<InetAddress> byId = known.of(first, procfs, () -> listing);

        // then: each gets its own container's addresses; only the id is remembered
        assertThat(byName).isEqualTo(engineSays(second)).isNotEmpty().doesNotContainAnyElementsOf(engineSays(first));
        assertThat(byId).isEqualTo(engineSays(first));
        assertThat(known.remembers(name)).as("remembered under the name " + name).isFalse();
        assertThat(known.remembers(first)).as("remembered under the full id").isTrue();
    }

    @Test
    void a_snapshot_of_a_node_named_after_another_nodes_id_is_a_topology() throws Exception {
        // given
        String[] containers = runningAndOneNamedAfterItsId();
        String running = containers[0];
        String named = containers[1];

        // when
        Topology topology;
        try (Inspection inspection = new Inspection("test " + prefix, engine, false, InspectorMode.EXEC, PortSet.P2P_DEFAULT)) {
            topology = inspection.topology(() -> List.of(new Member("a", running), new Member("cafe", named)), null);
        }

        // then
        assertThat(topology.table("a").addresses()).isEqualTo(engineSays(running));
        assertThat(topology.table("cafe").addresses()).isEqualTo(engineSays(named));
    }

    @Test
    void two_nodes_on_one_container_are_a_typed_failure_that_says_why() {
        // given
        String running = runningAndOneNamedAfterItsId()[0];

        // when / then
        try (Inspection inspection = new Inspection("test " + prefix, engine, false, InspectorMode.EXEC, PortSet.P2P_DEFAULT)) {
            assertThatThrownBy(() -> inspection.topology(() -> List.of(new Member("a", running), new Member("b", running)), null))
                    .isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("nodes 'a' and 'b' share the address")
                    .hasMessageContaining("give each node a container with a network namespace of its own");
        }
    }
}
