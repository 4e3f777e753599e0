package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.AdoptionPlan;
import io.tcpscope.testkit.internal.ClusterSource;
import io.tcpscope.docker.DockerEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Describes a {@link Cluster} of containers that tcpscope did not start: your own, Testcontainers'
 * or a Compose project's. Reads, waits, topologies, recorders, failure reports, partitions
 * ({@link Cluster#disconnect}, {@link Cluster#reconnect}), pauses and restarts then work on them as
 * on a cluster of tcpscope's own, and tcpscope never removes them: {@link Cluster#close()} leaves
 * them running, and {@link Cluster#remove} refuses.
 *
 * <pre>{@code
 * try (Cluster mine = Cluster.adopt()
 *         .network("p2p")                          // the network partitions act on
 *         .node("seed", "p2p-seed-1")              // node name, container name or id
 *         .node("peer", "p2p-peer-1")
 *         .build()
 *         .start()) {                              // finds the containers
 *     int live = mine.activeConnections("seed");
 * }
 * Cluster compose = Cluster.adopt().composeProject("p2p").build();   // nodes named by service
 * Cluster all = Cluster.adopt().network("p2p").everyContainerOnNetwork().build();
 * }</pre>
 *
 * <p>{@link Cluster#start()} finds the containers: a container named that is missing fails it. Nodes
 * found on a network, and those adopted with {@link #container}, are named by the first alias a user
 * gave them there (not an id, not the container's own name, not Testcontainers' random {@code tc-}
 * alias), else by their Compose service, else by their container's name; a Compose project's by
 * service, with the container's number when a service runs several. Two containers that would have
 * one name are refused. The network is the one named, else the one user network every node shares;
 * without one, the nodes are read as well, and only a partition ({@link Cluster#disconnect}) asks for
 * it. Not thread-safe; build it, then use the cluster.
 *
 * @since 0.1.0
 */
public final class ClusterAdoption extends ClusterSettings<ClusterAdoption> {

    private String network;
    private final Map<String, String> named = new LinkedHashMap<>();
    private final List<String> unnamed = new ArrayList<>();
    private boolean wholeNetwork;
    private String composeProject;
    private boolean byContainerName;

    ClusterAdoption() {
    }

    /**
     * The network that partitions act on; by default the one user network all the nodes share (for
     * a Compose project, its default network {@code <project>_default} when every node is on it).
     *
     * @param network the network's name
     * @return this description
     */
    public ClusterAdoption network(String network) {
        this.network = Objects.requireNonNull(network, "network must not be null");
        return this;
    }

    /**
     * Adopts a container as a node.
     *
     * @param name the node's name in topologies and messages
     * @param container the container's name or id
     * @return this description
     */
    public ClusterAdoption node(String name, String container) {
        Objects.requireNonNull(name, "name must not be null");
        if (named.putIfAbsent(name, Objects.requireNonNull(container, "container must not be null")) != null) {
            throw new IllegalArgumentException("the cluster has a node named '" + name + "' already");
        }
        return this;
    }

    /**
     * Adopts a container as a node named as it goes by on the network (see above).
     *
     * @param container the container's name or id
     * @return this description
     */
    public ClusterAdoption container(String container) {
        unnamed.add(Objects.requireNonNull(container, "container must not be null"));
        return this;
    }

    /**
     * Adopts every container that runs on the network, as it is at each read: the nodes are those
     * running there when a topology is read, so containers that join later are seen, and a read
     * while none runs there shows no node.
     *
     * @return this description
     */
    public ClusterAdoption everyContainerOnNetwork() {
        this.wholeNetwork = true;
        return this;
    }

    /**
     * Adopts every running container of a Compose project: those labelled
     * {@code com.docker.compose.project=<project>}.
     *
     * @param project the project's name
     * @return this description
     */
    public ClusterAdoption composeProject(String project) {
        this.composeProject = Objects.requireNonNull(project, "project must not be null");
        return this;
    }

    /**
     * Names every node that {@link #node(String, String)} does not name by its container's name, as
     * {@code docker ps} shows it, instead of by its alias on the network or its Compose service.
     *
     * @return this description
     */
    public ClusterAdoption withContainerNames() {
        this.byContainerName = true;
        return this;
    }

    /**
     * The cluster, not started: {@link Cluster#start()} finds the containers.
     *
     * @return the cluster; closing it leaves the containers as they are
     */
    public Cluster build() {
        DockerEngine given = engine();
        return new Cluster(ClusterSource.adopting(new AdoptionPlan(network, named, unnamed, wholeNetwork, composeProject,
                byContainerName)),
                given != null ? given : DockerEngine.fromEnvironment(), given == null, p2pPorts(), mode(), defaultTimeout(),
                sharedNamespaces());
    }
}
