package io.tcpscope.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testcontainers.internal.TestcontainersEngines;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.Network;

import java.util.List;
import java.util.Map;

/**
 * What tcpscope needs of Testcontainers' containers: the engine they run on, as Testcontainers
 * reaches it, and the name of a network they share. Nodes are named by the adoption itself
 * ({@link io.tcpscope.testkit.ClusterAdoption#container}), so there is one naming rule.
 */
final class Containers {

    private Containers() {
    }

    /** The engine behind a container's client, named as Testcontainers reaches it. */
    static DockerEngine engineOf(ContainerState container) {
        return engine(container.getDockerClient());
    }

    /**
     * The engine behind a client of Testcontainers', named as Testcontainers reaches it, with the
     * helper base through the user's image name substitutor and Testcontainers' session labels.
     */
    static DockerEngine engine(DockerClient client) {
        return TestcontainersEngines.engine(client);
    }

    /** The name of a Testcontainers network, as the containers on it see it. */
    static String nameOf(Network network, List<? extends ContainerState> containers) {
        String id = network.getId();
        for (ContainerState c : containers) {
            for (Map.Entry<String, ContainerNetwork> n : networks(c).entrySet()) {
                if (id.equals(n.getValue().getNetworkID())) {
                    return n.getKey();
                }
            }
        }
        throw new IllegalArgumentException("none of the containers is on the network " + id
                + "; start them with withNetwork(network) first");
    }

    /** The container, if it has started; IllegalArgumentException if not. */
    static ContainerState started(ContainerState container) {
        networks(container);
        return container;
    }


    /** The name of a network, from its id; IllegalArgumentException if it is gone. */
    static String networkName(DockerClient client, Network network) {
        String id = network.getId();
        try {
            return client.inspectNetworkCmd().withNetworkId(id).exec().getName();
        } catch (NotFoundException gone) {
            throw new IllegalArgumentException("the network " + id + " does not exist: it was closed or removed", gone);
        }
    }

    private static Map<String, ContainerNetwork> networks(ContainerState container) {
        if (container.getContainerId() == null) {
            throw new IllegalArgumentException("a container that has not started has no network yet; start it first");
        }
        InspectContainerResponse info = container.getCurrentContainerInfo();
        return info.getNetworkSettings() == null || info.getNetworkSettings().getNetworks() == null ? Map.of()
                : info.getNetworkSettings().getNetworks();
    }
}
