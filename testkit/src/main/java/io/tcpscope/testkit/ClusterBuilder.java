package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.internal.ClusterPlan;
import io.tcpscope.testkit.internal.NodeDraft;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Describes a {@link Cluster}. Not thread-safe; build it, then use the cluster. Building does
 * not change the builder: it may build again, and each cluster is the same description.
 *
 * <pre>{@code
 * Cluster cluster = Cluster.builder()
 *         .nodes(8)                                   // node-1 .. node-8
 *         .p2pPorts(PortSet.parse("9001-9008"))
 *         .inspectorMode(InspectorMode.PROCFS)
 *         .build()
 *         .start();
 * }</pre>
 */
public final class ClusterBuilder {

    private DockerEngine engine;
    private String image;
    private PortSet p2pPorts = PortSet.P2P_DEFAULT;
    private InspectorMode mode = InspectorMode.AUTO;
    private final Map<String, NodeSpec> specs = new LinkedHashMap<>();
    private boolean fullMesh;

    ClusterBuilder() {
    }

    /**
     * The engine to run on; by default one from {@code DOCKER_HOST}, closed with the cluster.
     *
     * @param engine the engine, which the caller keeps ownership of
     * @return this builder
     */
    public ClusterBuilder engine(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        return this;
    }

    /**
     * The image every node runs, instead of the built-in peer image. The nodes' listen ports
     * and dials reach it as {@code $LISTEN} and {@code $PEERS}.
     *
     * @param image an image on the engine
     * @return this builder
     */
    public ClusterBuilder image(String image) {
        this.image = Objects.requireNonNull(image, "image must not be null");
        return this;
    }

    /**
     * The ports whose connections count as P2P connections; 9000-9001 by default.
     *
     * @param ports the P2P ports
     * @return this builder
     */
    public ClusterBuilder p2pPorts(PortSet ports) {
        this.p2pPorts = Objects.requireNonNull(ports, "ports must not be null");
        return this;
    }

    /**
     * How the nodes' tables are read; {@link InspectorMode#AUTO} by default.
     *
     * @param mode the mode
     * @return this builder
     */
    public ClusterBuilder inspectorMode(InspectorMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        return this;
    }

    /**
     * Adds {@code count} nodes named {@code node-1}, {@code node-2}, ..., each listening on
     * the first P2P port.
     *
     * @param count how many nodes
     * @return this builder
     */
    public ClusterBuilder nodes(int count) {
        int first = specs.size() + 1;
        for (int i = first; i < first + count; i++) {
            node("node-" + i);
        }
        return this;
    }

    /**
     * Adds a node that listens on the first P2P port.
     *
     * @param name the node's name
     * @return this builder
     */
    public ClusterBuilder node(String name) {
        return node(name, spec -> { });
    }

    /**
     * Adds a node described by {@code spec}; a node that names no listen port listens on the
     * first P2P port.
     *
     * @param name the node's name
     * @param spec describes the node
     * @return this builder
     */
    public ClusterBuilder node(String name, Consumer<NodeSpec> spec) {
        NodeSpec node = new NodeSpec(name);
        spec.accept(node);
        if (specs.putIfAbsent(name, node) != null) {
            throw new IllegalArgumentException("the cluster has a node named '" + name + "' already");
        }
        return this;
    }

    /**
     * Makes the nodes a full mesh: each dials every node described after it, once, so every
     * pair has exactly one connection and each of {@code n} nodes counts {@code n-1}.
     *
     * @return this builder
     */
    public ClusterBuilder fullMesh() {
        this.fullMesh = true;
        return this;
    }

    /**
     * The cluster, not yet started.
     *
     * @return the cluster; call {@link Cluster#start()}
     * @throws IllegalArgumentException if there are no nodes, or a node dials one that does not exist
     */
    public Cluster build() {
        List<NodeDraft> drafts = specs.values().stream().map(NodeSpec::draft).toList();
        ClusterPlan plan = ClusterPlan.of(drafts, fullMesh, image, p2pPorts, mode);
        return engine != null ? new Cluster(plan, engine, false) : new Cluster(plan, DockerEngine.fromEnvironment(), true);
    }
}
