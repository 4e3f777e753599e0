package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.ClusterSource;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.internal.ClusterPlan;
import io.tcpscope.testkit.internal.NodeDraft;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Describes a {@link Cluster} that tcpscope runs: its nodes, what they dial, the image, and the
 * settings every cluster has ({@link ClusterSettings}). Not thread-safe; build it, then use the
 * cluster. Building does not change the builder: it may build again, and each cluster is the same
 * description.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.builder()
 *         .nodes(8)                                   // node-1 .. node-8
 *         .fullMesh()
 *         .withP2pPorts(PortSet.parse("9000"))
 *         .withInspectorMode(InspectorMode.PROCFS)
 *         .build()
 *         .start()) {
 *     cluster.await().forFullMesh();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ClusterBuilder extends ClusterSettings<ClusterBuilder> {

    private String image;
    private final Map<String, NodeSpec> specs = new LinkedHashMap<>();
    private boolean fullMesh;

    ClusterBuilder() {
    }

    /**
     * The image every node runs, instead of the built-in peer image. The nodes' listen ports
     * and dials reach it as {@code $LISTEN} and {@code $PEERS}.
     *
     * @param image an image on the engine
     * @return this builder
     */
    public ClusterBuilder withImage(String image) {
        this.image = Objects.requireNonNull(image, "image must not be null");
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
     * The cluster, not started: {@link Cluster#start()} creates its network and nodes.
     *
     * @return the cluster
     * @throws IllegalArgumentException if there are no nodes, or a node dials one that does not exist
     */
    public Cluster build() {
        List<NodeDraft> drafts = specs.values().stream().map(NodeSpec::draft).toList();
        ClusterPlan plan = ClusterPlan.of(drafts, fullMesh, image, p2pPorts(), mode());
        DockerEngine given = engine();
        return new Cluster(ClusterSource.launching(plan, Cluster.LABEL), given != null ? given : DockerEngine.fromEnvironment(),
                given == null, plan.ports(), plan.mode(), defaultTimeout(),
                sharedNamespaces());
    }
}
