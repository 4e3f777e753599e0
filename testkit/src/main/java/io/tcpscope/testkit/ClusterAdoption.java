package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.internal.Adopter;
import io.tcpscope.testkit.internal.ClusterLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Describes a {@link Cluster} of containers that tcpscope did not start: your own, Testcontainers'
 * or a Compose project's. Waits, asserts, topologies, failure reports, partitions
 * ({@link Cluster#disconnect}, {@link Cluster#reconnect}), pauses and restarts then work on them as
 * on a cluster of tcpscope's own, and tcpscope never removes them: {@link Cluster#close()} leaves
 * them running, and {@link Cluster#remove} refuses.
 *
 * <pre>{@code
 * Cluster mine = Cluster.adopt()
 *         .network("p2p")                          // the network partitions act on
 *         .node("seed", "p2p-seed-1")              // node name, container name or id
 *         .node("peer", "p2p-peer-1")
 *         .build();
 * Cluster compose = Cluster.adopt().composeProject("p2p").build();   // nodes named by service
 * Cluster all = Cluster.adopt().network("p2p").everyContainerOnNetwork().build();
 * }</pre>
 *
 * <p>Nodes found on a network, and those adopted with {@link #container}, are named by the first
 * alias a user gave them there (not an id, not the container's own name, not Testcontainers'
 * random {@code tc-} alias), else by their Compose service, else by their container's name; a
 * Compose project's by service, with the container's number when a service runs several. Two
 * containers that would have one name are refused. Not thread-safe; build it, then use the cluster.
 */
public final class ClusterAdoption {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterAdoption.class);

    private DockerEngine engine;
    private String network;
    private final Map<String, String> named = new LinkedHashMap<>();
    private final List<String> unnamed = new ArrayList<>();
    private boolean wholeNetwork;
    private String composeProject;
    private PortSet p2pPorts = PortSet.P2P_DEFAULT;
    private InspectorMode mode = InspectorMode.AUTO;

    ClusterAdoption() {
    }

    /**
     * The engine the containers run on; by default one from {@code DOCKER_HOST}, closed with the cluster.
     *
     * @param engine the engine, which the caller keeps ownership of
     * @return this description
     */
    public ClusterAdoption engine(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        return this;
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
     * Adopts every container that runs on the network when the cluster is built.
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
     * The ports whose connections count as P2P connections; 9000-9001 by default.
     *
     * @param ports the P2P ports
     * @return this description
     */
    public ClusterAdoption p2pPorts(PortSet ports) {
        this.p2pPorts = Objects.requireNonNull(ports, "ports must not be null");
        return this;
    }

    /**
     * How the nodes' tables are read; {@link InspectorMode#AUTO} by default.
     *
     * @param mode the mode
     * @return this description
     */
    public ClusterAdoption inspectorMode(InspectorMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        return this;
    }

    /**
     * Finds the containers, and makes them a running cluster.
     *
     * @return the cluster; closing it leaves the containers as they are
     * @throws IllegalArgumentException if no container is found, or the network cannot be told
     * @throws io.tcpscope.core.TcpscopeException if a named container is missing, or the engine fails
     */
    public Cluster build() {
        DockerEngine on = engine != null ? engine : DockerEngine.fromEnvironment();
        try {
            ClusterLauncher.Launched adopted = Adopter.adopt(on.runtime(), network, named, unnamed, wholeNetwork,
                    composeProject);
            LOG.debug("adopted {} containers on network {}: {}", adopted.containers().size(), adopted.network(),
                    adopted.containers().keySet());
            return new Cluster(adopted, on, engine == null, p2pPorts, mode);
        } catch (RuntimeException e) {
            if (engine == null) {
                on.close();
            }
            throw e;
        }
    }
}
