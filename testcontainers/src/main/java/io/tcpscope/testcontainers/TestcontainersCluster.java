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
 * {@link ContainerState}. Nodes are named by the network aliases you gave them on the network,
 * else by their Compose service, else by their container names. tcpscope never removes them: closing the cluster leaves them to
 * Testcontainers.
 *
 * <pre>{@code
 * try (Cluster cluster = TestcontainersCluster.of(network, seed, peer1, peer2).p2pPorts(PortSet.parse("7000")).build()) {
 *     cluster.awaitFullMesh(Duration.ofSeconds(30));
 *     cluster.disconnect("peer-2");                          // a partition, on your network
 *     assertThat(cluster.awaitTopology(t -> !t.isConnected("seed", "peer-2"), "peer-2 cut off", Duration.ofSeconds(30)))
 *             .isPartitionedInto(Set.of("seed", "peer-1"), Set.of("peer-2"));
 * }
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class TestcontainersCluster {

    private TestcontainersCluster() {
    }

    /**
     * A cluster of containers on a Testcontainers network, to finish describing and build.
     *
     * @param network the network they share, which partitions act on
     * @param containers the started containers
     * @return the adoption, ready to {@code build()}; the engine, network and node names are set
     * @throws IllegalArgumentException if a container has not started or is not on the network
     */
    public static ClusterAdoption of(Network network, ContainerState... containers) {
        Objects.requireNonNull(network, "network must not be null");
        List<ContainerState> all = List.of(containers);
        return adopt(Containers.nameOf(network, all), all);
    }

    /**
     * A cluster of containers that share exactly one user network, such as the services of a
     * Compose project.
     *
     * @param containers the started containers
     * @return the adoption, ready to {@code build()}, which finds the network they share
     * @throws IllegalArgumentException if a container has not started; and, from {@code build()},
     *     if they share no user network, or several
     */
    public static ClusterAdoption of(ContainerState... containers) {
        return adopt(null, List.of(containers));
    }

    /**
     * Every container that runs on a Testcontainers network when the cluster is built.
     *
     * @param network the network
     * @return the adoption, ready to {@code build()}
     * @throws IllegalArgumentException if the network has been closed; and, from {@code build()}, if
     *     no container runs on it, or two go by the same name
     */
    public static ClusterAdoption onNetwork(Network network) {
        Objects.requireNonNull(network, "network must not be null");
        DockerClient client = DockerClientFactory.lazyClient();
        String name = Containers.networkName(client, network);
        return Cluster.adopt().engine(Containers.engine(client)).network(name).everyContainerOnNetwork();
    }

    /**
     * Every running container of the Compose project that a container belongs to, named by
     * service, as in {@code ComposeContainer.getContainerByServiceName("seed").get()}.
     *
     * @param anyServiceContainer a container of the project
     * @return the adoption, ready to {@code build()}
     * @throws IllegalArgumentException if the container is not of a Compose project
     */
    public static ClusterAdoption ofComposeProject(ContainerState anyServiceContainer) {
        Map<String, String> labels = anyServiceContainer.getCurrentContainerInfo().getConfig().getLabels();
        String project = labels == null ? null : labels.get("com.docker.compose.project");
        if (project == null) {
            throw new IllegalArgumentException("container " + anyServiceContainer.getContainerId()
                    + " has no com.docker.compose.project label: it is not of a Compose project");
        }
        return Cluster.adopt().engine(Containers.engineOf(anyServiceContainer)).composeProject(project);
    }

    private static ClusterAdoption adopt(String network, List<ContainerState> containers) {
        if (containers.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one container");
        }
        ClusterAdoption adoption = Cluster.adopt().engine(Containers.engineOf(containers.get(0)));
        if (network != null) {
            adoption.network(network);
        }
        for (ContainerState c : containers) {
            adoption.container(Containers.started(c).getContainerId());
        }
        return adoption;
    }
}
