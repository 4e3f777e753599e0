package io.tcpscope.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.tcpscope.docker.DockerEngine;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tcpscope needs of Testcontainers' containers: the engine they run on, as Testcontainers
 * reaches it, the name of a network they share, and the name each goes by on it.
 */
final class Containers {

    private static final String COMPOSE_SERVICE = "com.docker.compose.service";

    private Containers() {
    }

    /** The engine behind a container's client, named as Testcontainers reaches it. */
    static DockerEngine engineOf(ContainerState container) {
        return engine(container.getDockerClient());
    }

    /** The engine behind a client of Testcontainers', named as Testcontainers reaches it. */
    static DockerEngine engine(DockerClient client) {
        String host;
        try {
            host = DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
        } catch (RuntimeException e) {
            host = "the engine Testcontainers uses";
        }
        return DockerEngine.of(client, host);
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

    /** The one user network all the containers share. */
    static String sharedNetwork(List<? extends ContainerState> containers) {
        Set<String> common = null;
        for (ContainerState c : containers) {
            Set<String> mine = new LinkedHashSet<>(networks(c).keySet());
            mine.removeAll(List.of("bridge", "host", "none"));
            if (common == null) {
                common = mine;
            } else {
                common.retainAll(mine);
            }
        }
        if (common == null || common.size() != 1) {
            throw new IllegalArgumentException("give the Network the containers share: they share "
                    + (common == null || common.isEmpty() ? "no user network" : "several, " + new ArrayList<>(common)));
        }
        return common.iterator().next();
    }

    /**
     * The name a container goes by on a network: its first alias there that the user gave (not
     * Testcontainers' random {@code tc-} alias, not an id, not the container's own name, which
     * Compose v2 adds), else its Compose service, else its container's name.
     */
    static String nodeName(ContainerState container, String network) {
        networks(container);
        return nodeName(container.getCurrentContainerInfo(), network);
    }

    /** The same, for a container known only to the engine. */
    static String nodeName(InspectContainerResponse container, String network) {
        ContainerNetwork on = container.getNetworkSettings() == null || container.getNetworkSettings().getNetworks() == null
                ? null : container.getNetworkSettings().getNetworks().get(network);
        String name = container.getName().startsWith("/") ? container.getName().substring(1) : container.getName();
        if (on != null && on.getAliases() != null) {
            for (String alias : on.getAliases()) {
                boolean id = alias.length() >= 12 && container.getId().startsWith(alias);
                if (!id && !alias.equals(name) && !alias.matches("tc-[1-9A-HJ-NP-Za-km-z]{8}")) {
                    return alias;
                }
            }
        }
        Map<String, String> labels = container.getConfig() == null ? null : container.getConfig().getLabels();
        return labels != null && labels.containsKey(COMPOSE_SERVICE) ? labels.get(COMPOSE_SERVICE) : name;
    }

    /** Every running container on a network, named as {@link #nodeName} names them. */
    static Map<String, String> onNetwork(DockerClient client, String network) {
        Map<String, String> nodes = new LinkedHashMap<>();
        for (Container c : client.listContainersCmd().withNetworkFilter(List.of(network)).exec()) {
            InspectContainerResponse info = client.inspectContainerCmd(c.getId()).exec();
            String name = nodeName(info, network);
            if (nodes.putIfAbsent(name, info.getId()) != null) {
                throw new IllegalArgumentException("two containers on network '" + network + "' go by the name '" + name
                        + "'; give them aliases of their own");
            }
        }
        return nodes;
    }

    /** The name of a network, from its id. */
    static String networkName(DockerClient client, Network network) {
        return client.inspectNetworkCmd().withNetworkId(network.getId()).exec().getName();
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
