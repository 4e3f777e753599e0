package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.ClusterSource;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.internal.ClusterLauncher;
import io.tcpscope.testkit.internal.ClusterNodes;
import io.tcpscope.testkit.internal.ExitHook;
import io.tcpscope.testkit.internal.Inspection;
import io.tcpscope.testkit.internal.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A cluster of P2P nodes in containers: the one handle tcpscope gives a test, whether tcpscope
 * runs the nodes ({@link #builder()}), adopts containers you started ({@link #adopt()}), or gets
 * them from Testcontainers ({@code TestcontainersCluster.of(network, a, b, c)}). However it is
 * reached, it is not running until {@link #start()}, and {@link #close()} ends it. Then a test reads
 * each node's TCP connections and who is connected to whom, waits for a condition
 * ({@link #await()}), records what happens ({@link #recorder()}), and breaks things: stop, restart,
 * pause, disconnect.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.builder().nodes(3).fullMesh().build().start()) {
 *     cluster.await().forFullMesh();                      // 60 s unless told
 *     int live = cluster.activeConnections("node-1");     // ESTABLISHED on the P2P ports: 2
 *     cluster.disconnect("node-3");                       // a partition
 *     cluster.await().withTimeout(Duration.ofSeconds(30)).forActiveConnections("node-3", 0);
 * }
 * }</pre>
 *
 * <p>Nodes run the built-in peer image ({@code tcpscope/peer:3-<hash>}, on the engine's
 * {@link io.tcpscope.docker.HelperBase}) unless the builder names another. Everything a cluster
 * creates carries {@link #LABEL} and the identity of the process that made it; {@link #start()}
 * first removes what killed processes left behind, and a start that fails removes what it created.
 * An adopted cluster creates and removes nothing. A node is named by its name, its container's name
 * or id, or an IP address.
 *
 * <p>Thread-safe: parallel tests may read, wait and record while another removes a node or closes
 * the cluster. A read never sees a node half-removed; a read or wait before {@link #start()} or
 * after {@link #close()} throws {@link IllegalStateException}.
 *
 * @since 0.1.0
 */
public final class Cluster extends ClusterReads implements AutoCloseable {

    /** The label on every container and network a cluster creates; its value is the cluster's id. */
    public static final String LABEL = "io.tcpscope.cluster";
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);
    /** The least and the most that a change or a close waits for the reads under way, whatever the default timeout. */
    private static final Duration LEAST_LOCK_BOUND = Duration.ofSeconds(5);
    private static final Duration MOST_LOCK_BOUND = Duration.ofSeconds(60);

    private final String id;
    private final ClusterSource source;
    private final Inspection inspection;
    private final ContainerRuntime runtime;
    private final ClusterNodes nodes;
    private final DockerCommandExecutor executor;
    private final Duration defaultTimeout;
    private final ExitHook cleanupOnExit;
    private volatile ClusterLauncher.Launched launched;

    Cluster(ClusterSource source, DockerEngine engine, boolean ownsEngine, PortSet ports, InspectorMode mode,
            Duration defaultTimeout, SharedNamespacePolicy sharedNamespaces) {
        this.id = "tcpscope-" + UUID.randomUUID().toString().substring(0, 8);
        this.source = source;
        this.inspection = new Inspection("cluster " + id, engine, ownsEngine, mode, ports, sharedNamespaces,
                lockBound(defaultTimeout));
        this.runtime = engine.runtime();
        this.nodes = new ClusterNodes(id);
        this.executor = new DockerCommandExecutor(engine);
        this.defaultTimeout = defaultTimeout;
        this.cleanupOnExit = new ExitHook(id + "-cleanup", this::close);
    }

    /**
     * Starts describing a cluster that tcpscope runs.
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
     * Starts the cluster. A cluster of tcpscope's own: removes what killed processes left behind,
     * creates the network and starts every node. An adopted one: finds its containers. If it fails,
     * it removes what it created and closes the cluster before it throws. It does not wait for
     * connections: {@link #await()} does.
     *
     * @return this cluster
     * @throws IllegalStateException if the cluster was started or closed before, or closed (by the JVM's
     *     exit, say) while it started
     * @throws TcpscopeException if the engine cannot be reached or refuses, for example an image that
     *     is missing, or a container to adopt that does not exist
     * @throws io.tcpscope.core.SharedNamespaceException if a container to adopt has no network
     *     namespace of its own (it shares the host's or another container's), unless the cluster was
     *     told {@link ClusterSettings#withSharedNamespaces()}
     * @throws IllegalArgumentException if the containers to adopt cannot be told apart, or none runs
     */
    public Cluster start() {
        inspection.changing("start", () -> {
            if (launched != null) {
                throw new IllegalStateException("cluster " + id + " was already started");
            }
            // the hook is there before the first container, so that an exit during the start (Ctrl-C in a
            // pull) closes the cluster: the start sees the close begin, removes what it made and gives up
            ClusterLauncher.Launched now;
            try {
                if (source instanceof ClusterSource.Launching) {
                    cleanupOnExit.register();
                }
                // on failure the source removes what it made, then frees the threads and an engine of ours
                now = source.start(runtime, id, inspection::closeUnlessClosing, inspection::isClosed);
            } catch (RuntimeException failed) {
                cleanupOnExit.forget();
                throw failed;
            }
            if (!now.owned()) {
                try {
                    inspection.refuseShared(now.containers());
                } catch (RuntimeException refused) {
                    inspection.close();
                    throw refused;
                }
            }
            nodes.set(now.containers(), now.aliases());
            launched = now;
        });
        LOG.info("cluster {} started ({}): {} nodes{}, read in {} mode", id, source.describe(), nodes.all().size(),
                launched.network() == null ? "" : " on network " + launched.network(), inspection.mode());
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
        return inspection.reading(() -> {
            members();
            return nodes.node(node, runtime, started().network());
        });
    }

    /** {@return every node as it is now, in the order they were described} */
    public List<Node> nodes() {
        return inspection.reading(() -> members().stream().map(m -> node(m.name())).toList());
    }

    /**
     * The cluster's id, such as {@code tcpscope-3f2a1b2c}: the name of the network tcpscope made, and
     * the value of {@link #LABEL} on everything it made.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /** {@return the ports whose connections count as P2P connections} */
    public PortSet p2pPorts() {
        return inspection.ports();
    }

    /** {@return how the nodes' tables are read: {@link InspectorMode#AUTO} unless the builder named another} */
    public InspectorMode inspectorMode() {
        return inspection.mode();
    }

    /** {@return how long a wait lasts unless it is told: 60 s unless the builder said otherwise} */
    public Duration defaultTimeout() {
        return defaultTimeout;
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
     * an exec is refused at once, and procfs and the engine-procfs reader read it as it is.
     *
     * @param node a node's name, id or address
     */
    public void pause(String node) {
        inspection.changing("pause", () -> onNode(node, runtime::pause));
    }

    /**
     * Thaws a paused node, while no read runs (see {@link #pause(String)}).
     *
     * @param node a node's name, id or address
     */
    public void unpause(String node) {
        inspection.changing("unpause", () -> onNode(node, runtime::unpause));
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
            String name = member(node).name();
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
        inspection.changing("remove", () -> {
            String name = member(node).name();
            started().requireOwned(id, name);
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
        return inspection.reading(() -> executor.execute(member(node).container(), List.of(argv), EXEC_TIMEOUT));
    }

    /**
     * Removes the containers and the network it created once the reads under way end, or, if they
     * do not end within the default timeout (at least 5 s, at most 60 s), at once without waiting
     * for them: then it removes everything that carries this cluster's {@link #LABEL}. Idempotent;
     * images stay. The hook that closes a cluster at the JVM's exit does the same.
     */
    @Override
    public void close() {
        inspection.close(() -> {
            cleanupOnExit.forget();
            ClusterLauncher.stop(runtime, launched); // only what it created: an adopted cluster's stay
        }, () -> {
            cleanupOnExit.forget();
            if (source instanceof ClusterSource.Launching) {
                // a start may be under way: what carries the label is what this cluster made, recorded or not
                ClusterLauncher.removeLabelled(runtime, LABEL, id);
            }
        });
    }

    /** {@return the thread that closes this cluster at the JVM's exit; registered from the start of {@link #start()}} */
    Thread exitHook() {
        return cleanupOnExit.thread();
    }

    /** How long a change or a close waits for the reads under way: the default timeout, within 5 to 60 s. */
    static Duration lockBound(Duration defaultTimeout) {
        return defaultTimeout.compareTo(LEAST_LOCK_BOUND) < 0 ? LEAST_LOCK_BOUND
                : defaultTimeout.compareTo(MOST_LOCK_BOUND) > 0 ? MOST_LOCK_BOUND : defaultTimeout;
    }

    @Override
    public String toString() {
        return "Cluster[" + id + ", " + source.describe() + ", " + nodes.all().size() + " nodes, " + inspection.mode() + "]";
    }

    @Override
    Inspection inspection() {
        return inspection;
    }

    @Override
    boolean membersChange() {
        return source.changes();
    }

    @Override
    String owner() {
        return "cluster " + id;
    }

    @Override
    List<Member> members() {
        started();
        if (source.changes()) {
            found(source.start(runtime, id, () -> { }, () -> false));
        }
        return nodes.members();
    }

    @Override
    Member member(String node) {
        return inspection.reading(() -> {
            members();
            return nodes.member(node, runtime);
        });
    }

    /** Takes in the nodes found again, for a cluster whose nodes are those on a network at each read. */
    private void found(ClusterLauncher.Launched now) {
        nodes.set(now.containers(), now.aliases());
        launched = now;
    }

    private ClusterLauncher.Launched started() {
        ClusterLauncher.Launched now = launched;
        if (now == null) {
            throw new IllegalStateException("cluster " + id + " has not started; call start() first");
        }
        return now;
    }

    /** The network partitions act on. */
    private String network() {
        String network = started().network();
        if (network == null) {
            throw new IllegalStateException("cluster " + id + " knows no network to act on: its containers share no one"
                    + " user network; name it with Cluster.adopt().network(name)");
        }
        return network;
    }

    private void onNode(String node, Consumer<String> action) {
        inspection.reading(() -> {
            action.accept(member(node).container());
            return null;
        });
    }
}
