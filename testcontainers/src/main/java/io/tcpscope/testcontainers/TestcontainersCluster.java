package io.tcpscope.testcontainers;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterAdoption;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.Network;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * tcpscope's {@link Cluster} on containers Testcontainers started: a {@code GenericContainer}, a
 * service of a {@code ComposeContainer} ({@code getContainerByServiceName(..)}), anything that is a
 * {@link ContainerState}. Each {@code of...} gives a cluster, with the settings every cluster has by
 * default, to {@link Cluster#start() start}; each {@code adopt...} gives the same cluster's
 * description, for other settings ({@code withP2pPorts}, {@code withInspectorMode},
 * {@code withDefaultTimeout}). The engine is Testcontainers' own. Nodes are named by the network
 * aliases you gave them on the network, else by their Compose service, else by their container
 * names. tcpscope never removes them: closing the cluster leaves them to Testcontainers.
 *
 * <pre>{@code
 * try (Cluster cluster = TestcontainersCluster.of(network, seed, peer1, peer2).start()) {
 *     cluster.await().forFullMesh();
 *     cluster.disconnect("peer-2");                          // a partition, on your network
 *     cluster.await().forDisconnected(NodePair.of("seed", "peer-2"));
 * }
 * Cluster on7000 = TestcontainersCluster.adopt(network, seed, peer1)
 *         .withP2pPorts(PortSet.parse("7000")).build().start();
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.1.0
 */
public final class TestcontainersCluster {

    private TestcontainersCluster() {
    }

    /**
     * A cluster of started containers on a Testcontainers network, which partitions act on.
     *
     * @param network the network they share
     * @param containers the started containers
     * @return the cluster, to start
     * @throws IllegalArgumentException if a container has not started or is not on the network
     */
    public static Cluster of(Network network, ContainerState... containers) {
        return adopt(network, containers).build();
    }

    /**
     * A cluster of started containers that share exactly one user network, such as the services of
     * a Compose project.
     *
     * @param containers the started containers
     * @return the cluster, to start
     * @throws IllegalArgumentException if a container has not started
     */
    public static Cluster of(ContainerState... containers) {
        return adopt(containers).build();
    }

    /**
     * A cluster of every container that runs on a Testcontainers network, as it is at each read:
     * containers that join later are seen.
     *
     * @param network the network
     * @return the cluster, to start
     * @throws IllegalArgumentException if the network has been closed
     */
    public static Cluster onNetwork(Network network) {
        return adoptNetwork(network).build();
    }

    /**
     * A cluster of every running container of the Compose project that a container belongs to,
     * named by service, as in {@code ComposeContainer.getContainerByServiceName("seed").get()}.
     *
     * @param anyServiceContainer a container of the project
     * @return the cluster, to start
     * @throws IllegalArgumentException if the container is not of a Compose project
     */
    public static Cluster ofComposeProject(ContainerState anyServiceContainer) {
        return adoptComposeProject(anyServiceContainer).build();
    }

    /**
     * The description of {@link #of(Network, ContainerState...)}, for other settings.
     *
     * @param network the network they share
     * @param containers the started containers
     * @return the description, with the engine, the network and the containers set
     * @throws IllegalArgumentException if a container has not started or is not on the network
     */
    public static ClusterAdoption adopt(Network network, ContainerState... containers) {
        Objects.requireNonNull(network, "network must not be null");
        List<ContainerState> all = List.of(containers);
        return adopt(Containers.nameOf(network, all), all);
    }

    /**
     * The description of {@link #of(ContainerState...)}, for other settings.
     *
     * @param containers the started containers
     * @return the description, with the engine and the containers set
     * @throws IllegalArgumentException if a container has not started
     */
    public static ClusterAdoption adopt(ContainerState... containers) {
        return adopt(null, List.of(containers));
    }

    /**
     * The description of {@link #onNetwork(Network)}, for other settings.
     *
     * @param network the network
     * @return the description, with the engine and the network set
     * @throws IllegalArgumentException if the network has been closed
     */
    public static ClusterAdoption adoptNetwork(Network network) {
        Objects.requireNonNull(network, "network must not be null");
        DockerClient client = DockerClientFactory.lazyClient();
        String name = Containers.networkName(client, network);
        return Cluster.adopt().withEngine(Containers.engine(client)).network(name).everyContainerOnNetwork();
    }

    /**
     * The description of {@link #ofComposeProject(ContainerState)}, for other settings.
     *
     * @param anyServiceContainer a container of the project
     * @return the description, with the engine and the project set
     * @throws IllegalArgumentException if the container is not of a Compose project
     */
    public static ClusterAdoption adoptComposeProject(ContainerState anyServiceContainer) {
        Map<String, String> labels = anyServiceContainer.getCurrentContainerInfo().getConfig().getLabels();
        String project = labels == null ? null : labels.get("com.docker.compose.project");
        if (project == null) {
            throw new IllegalArgumentException("container " + anyServiceContainer.getContainerId()
                    + " has no com.docker.compose.project label: it is not of a Compose project");
        }
        return Cluster.adopt().withEngine(Containers.engineOf(anyServiceContainer)).composeProject(project);
    }

    private static ClusterAdoption adopt(String network, List<ContainerState> containers) {
        if (containers.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one container");
        }
        ClusterAdoption adoption = Cluster.adopt().withEngine(Containers.engineOf(containers.get(0)));
        if (network != null) {
            adoption.network(network);
        }
        for (ContainerState c : containers) {
            adoption.container(Containers.started(c).getContainerId());
        }
        return adoption;
    }
}
