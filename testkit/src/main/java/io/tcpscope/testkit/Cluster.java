package io.tcpscope.testkit;

import io.tcpscope.core.ExecResult;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.internal.ClusterLauncher;
import io.tcpscope.testkit.internal.ClusterNodes;
import io.tcpscope.testkit.internal.ClusterPlan;
import io.tcpscope.testkit.internal.Inspection;
import io.tcpscope.testkit.internal.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A cluster of P2P nodes in Docker containers, on a network of its own or adopted from containers
 * you started ({@link #adopt()}), that a test can start, break, and inspect: which TCP connections
 * each node has, how many of them are live P2P connections, and who is connected to whom.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.builder().nodes(3).fullMesh().build().start()) {
 *     cluster.awaitFullMesh(Duration.ofSeconds(30));
 *     cluster.disconnect("node-3");                       // a partition
 *     cluster.awaitActiveConnections("node-3", 0, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Nodes run the built-in peer image ({@code tcpscope/peer:3-<hash>}, on the engine's {@link io.tcpscope.docker.HelperBase}) unless the builder names another.
 * Everything a cluster creates carries {@link #LABEL} and the identity of the process that made
 * it; {@link #start()} first removes what killed processes left behind, and a start that fails
 * removes what it created. An adopted cluster creates and removes nothing. A node is named by its
 * name, its container's name or id, or an IP address.
 *
 * <p>Thread-safe: parallel tests may read, wait and assert while another removes a node or closes
 * the cluster. A read never sees a node half-removed; a read or wait after {@link #close()} throws
 * {@link IllegalStateException}.
 */
public final class Cluster extends ClusterReads implements AutoCloseable {

    /** The label on every container and network a cluster creates; its value is the cluster's id. */
    public static final String LABEL = "io.tcpscope.cluster";
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    private final String id;
    private final ClusterPlan plan;
    private final Inspection inspection;
    private final ContainerRuntime runtime;
    private final ClusterNodes nodes;
    private final DockerCommandExecutor executor;
    private final Thread cleanupOnExit;
    private volatile ClusterLauncher.Launched launched;

    Cluster(ClusterPlan plan, DockerEngine engine, boolean ownsEngine) {
        this("tcpscope-" + UUID.randomUUID().toString().substring(0, 8), plan, engine, ownsEngine);
    }

    Cluster(ClusterLauncher.Launched adopted, DockerEngine engine, boolean ownsEngine, PortSet ports, InspectorMode mode) {
        this(adopted.network(), new ClusterPlan(List.of(), null, ports, mode), engine, ownsEngine);
        nodes.set(adopted.containers(), adopted.aliases());
        launched = adopted;
    }

    private Cluster(String id, ClusterPlan plan, DockerEngine engine, boolean ownsEngine) {
        this.id = id;
        this.plan = plan;
        this.inspection = new Inspection("cluster " + id, engine, ownsEngine, plan.mode(), plan.ports());
        this.runtime = engine.runtime();
        this.nodes = new ClusterNodes(id);
        this.executor = new DockerCommandExecutor(engine);
        this.cleanupOnExit = new Thread(this::close, id + "-cleanup");
    }

    /**
     * Starts describing a cluster.
     *
     * @return a builder
     */
    public static ClusterBuilder builder() {
        return new ClusterBuilder();
    }

    /**
     * Starts describing a cluster of containers that tcpscope did not start, and will not remove.
     *
     * @return a description
     */
    public static ClusterAdoption adopt() {
        return new ClusterAdoption();
    }

    /**
     * Creates the network and starts every node, after removing what killed processes left
     * behind; if it fails, it removes what it created and closes the cluster before it throws. It
     * does not wait for connections: use {@link #awaitActiveConnections} or {@link #awaitTopology}.
     *
     * @return this cluster
     * @throws IllegalStateException if the cluster was started or closed before
     * @throws TcpscopeException if the engine cannot be reached or refuses, for example an image that is missing
     */
    public Cluster start() {
        inspection.changing(() -> {
            if (launched != null) {
                throw new IllegalStateException("cluster " + id + " was already started, or adopted running");
            }
            // on failure the launcher removes what it made, then this frees the threads and an engine of ours
            launched = ClusterLauncher.start(runtime, plan, LABEL, id, inspection::close);
            nodes.set(launched.containers(), launched.aliases());
            Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        });
        LOG.info("cluster {} started: {} nodes on network {}, inspected in {} mode", id, plan.nodes().size(), id, plan.mode());
        return this;
    }

    /**
     * A node as it is now.
     *
     * @param node the node's name, its container's name or id (full or short), or its IP address
     * @return the node
     * @throws IllegalArgumentException if no node of this cluster answers to that
     */
    public Node node(String node) {
        return inspection.reading(() -> nodes.node(node, runtime, network()));
    }

    /** {@return every node as it is now, in the order they were described} */
    public List<Node> nodes() {
        return inspection.reading(() -> nodes.all().keySet().stream().map(this::node).toList());
    }

    /** {@return the cluster's id, the name of its network: {@code tcpscope-3f2a1b2c} when tcpscope made it} */
    public String id() {
        return id;
    }

    /** {@return the ports whose connections count as P2P connections} */
    public PortSet p2pPorts() {
        return plan.ports();
    }

    /** {@return how the nodes' tables are read: {@link InspectorMode#AUTO} unless the builder named another} */
    public InspectorMode inspectorMode() {
        return plan.mode();
    }

    /**
     * Stops a node at once, as a crash would (no grace period).
     *
     * @param node a node's name, id or address
     */
    public void stop(String node) {
        onNode(node, c -> runtime.stop(c, Duration.ZERO));
    }

    /**
     * Starts a stopped node.
     *
     * @param node a node's name, id or address
     */
    public void start(String node) {
        onNode(node, runtime::start);
    }

    /**
     * Restarts a node at once (no grace period).
     *
     * @param node a node's name, id or address
     */
    public void restart(String node) {
        onNode(node, c -> runtime.restart(c, Duration.ZERO));
    }

    /**
     * Freezes a node: its processes stop, its sockets stay open, and its peers hear nothing.
     *
     * <p>It waits for the reads under way, a recorder's included, and no read starts until the node
     * is frozen: an exec that enters a container while the engine freezes it can hang in the frozen
     * cgroup (runc on cgroup v1), and with it every engine call about that container. Once frozen,
     * an exec is refused at once, and procfs and the engine-side reader read it as it is.
     *
     * @param node a node's name, id or address
     */
    public void pause(String node) {
        inspection.changing(() -> onNode(node, runtime::pause));
    }

    /**
     * Thaws a paused node, while no read runs (see {@link #pause(String)}).
     *
     * @param node a node's name, id or address
     */
    public void unpause(String node) {
        inspection.changing(() -> onNode(node, runtime::unpause));
    }

    /**
     * Disconnects a node from the cluster's network: a partition. Its connections end when their
     * heartbeats stop (within a few seconds with the built-in peer image).
     *
     * @param node a node's name, id or address
     */
    public void disconnect(String node) {
        onNode(node, c -> runtime.disconnect(network(), c));
    }

    /**
     * Reconnects a node to the cluster's network, under the names it had there.
     *
     * @param node a node's name or id (a disconnected node has no address)
     */
    public void reconnect(String node) {
        inspection.reading(() -> {
            String name = nodes.nameOf(node, runtime);
            runtime.connect(network(), nodes.all().get(name), nodes.aliasesOf(name));
            return null;
        });
    }

    /**
     * Removes a node for good. Reads under way finish first; later ones no longer see it.
     *
     * @param node a node's name, id or address
     * @throws IllegalStateException in an adopted cluster: tcpscope never removes what it did not create
     */
    public void remove(String node) {
        inspection.changing(() -> {
            String name = nodes.nameOf(node, runtime);
            launched.requireOwned(id, name);
            runtime.remove(nodes.all().get(name));
            nodes.remove(name);
        });
    }

    /**
     * Runs a command in a node, never through a shell (pass {@code "sh", "-c", "..."} for one).
     *
     * @param node a node's name, id or address
     * @param argv the command
     * @return how it ended
     * @throws TcpscopeException if the node is not running, or the command does not finish in 30 s
     */
    public ExecResult execInContainer(String node, String... argv) {
        return inspection.reading(() -> executor.execute(nodes.containerOf(node, runtime), List.of(argv), EXEC_TIMEOUT));
    }

    /** Removes the containers and the network it created once the reads under way end. Idempotent; images stay. */
    @Override
    public void close() {
        inspection.close(() -> {
            ClusterLauncher.forgetExitHook(cleanupOnExit);
            ClusterLauncher.stop(runtime, launched);
        });
    }

    @Override
    public String toString() {
        return "Cluster[" + id + ", " + nodes.all().size() + " nodes, " + plan.mode() + "]";
    }

    @Override
    Inspection inspection() {
        return inspection;
    }

    @Override
    List<Member> members() {
        return nodes.members();
    }

    @Override
    Member member(String node) {
        return inspection.reading(() -> nodes.member(node, runtime));
    }

    private String network() {
        ClusterLauncher.Launched now = launched;
        if (now == null) {
            throw new IllegalStateException("cluster " + id + " has not started; call start() first");
        }
        return now.network();
    }

    private void onNode(String node, Consumer<String> action) {
        inspection.reading(() -> {
            action.accept(nodes.containerOf(node, runtime));
            return null;
        });
    }
}
