package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpScopeException;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A cluster of P2P nodes in Docker containers, on a network of its own, that a test can start,
 * break, and inspect: which TCP connections each node has, how many of them are live P2P
 * connections, and who is connected to whom.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.builder().nodes(3).fullMesh().build().start()) {
 *     cluster.awaitActiveConnections("node-1", 2, Duration.ofSeconds(30));
 *     cluster.assertFullMesh();
 *     cluster.disconnect("node-3");                       // a partition
 *     cluster.awaitActiveConnections("node-3", 0, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Nodes run the built-in {@link PeerImage} unless the builder names another image. Every
 * container and the network carry the {@link #LABEL} label and the identity of the JVM that made
 * them; {@link #start()} first removes what a JVM that was killed left behind. Nodes can be named
 * by their name, their container's id (full or short) or their IP address everywhere a node is
 * asked for.
 *
 * <p>Thread-safe.
 */
public final class Cluster implements AutoCloseable {

    /** The label on every container and network a cluster creates; its value is the cluster's id. */
    public static final String LABEL = "io.tcpscope.cluster";
    /** The label naming the JVM that created a cluster: {@code host/pid/start-millis}. */
    public static final String OWNER_LABEL = "io.tcpscope.owner";
    /** How long waits take by default: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    private final DockerEngine engine;
    private final boolean ownsEngine;
    private final String id;
    private final String image;
    private final PortSet p2pPorts;
    private final InspectorMode mode;
    private final List<NodeSpec> specs;
    private final ConnectionInspector inspector;
    private final Map<InspectorMode, ConnectionInspector> otherModes = new java.util.concurrent.ConcurrentHashMap<>();
    private final DockerCommandExecutor executor;
    private final ExecutorService pool;
    private final Map<String, String> containers = new LinkedHashMap<>();
    private final Thread cleanupOnExit;
    private volatile String network;
    private volatile boolean closed;

    private Cluster(Builder b) {
        this.ownsEngine = b.engine == null;
        this.engine = b.engine != null ? b.engine : DockerEngine.fromEnvironment();
        this.id = "tcpscope-" + UUID.randomUUID().toString().substring(0, 8);
        this.image = b.image;
        this.p2pPorts = b.p2pPorts;
        this.mode = b.mode;
        this.specs = List.copyOf(b.specs.values());
        this.inspector = Inspectors.create(mode, engine);
        this.executor = new DockerCommandExecutor(engine);
        this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, specs.size())), r -> {
            Thread t = new Thread(r, id + "-inspect");
            t.setDaemon(true);
            return t;
        });
        this.cleanupOnExit = new Thread(this::close, id + "-cleanup");
    }

    /**
     * Starts describing a cluster.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the network and starts every node, after removing what killed JVMs left behind.
     * It does not wait for connections: use {@link #awaitActiveConnections} or
     * {@link #awaitTopology}.
     *
     * @return this cluster
     * @throws IllegalStateException if the cluster was started or closed before
     * @throws TcpScopeException if the engine cannot be reached
     */
    public synchronized Cluster start() {
        if (network != null || closed) {
            throw new IllegalStateException("cluster " + id + " was already " + (closed ? "closed" : "started"));
        }
        removeLeftovers(engine);
        String tag = image != null ? image : PeerImage.image().ensure(engine);
        DockerClient client = engine.client();
        network = client.createNetworkCmd().withName(id).withLabels(labels()).withCheckDuplicate(true).exec().getId();
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (NodeSpec spec : specs) {
            String containerId = create(client, tag, spec);
            containers.put(spec.name(), containerId);
            starting.add(CompletableFuture.runAsync(() -> client.startContainerCmd(containerId).exec(), pool));
        }
        starting.forEach(CompletableFuture::join);
        LOG.info("cluster {} started: {} nodes on network {}, inspected in {} mode", id, specs.size(), id, mode);
        return this;
    }

    private String create(DockerClient client, String tag, NodeSpec spec) {
        List<String> env = new ArrayList<>();
        env.add("LISTEN=" + spec.listenPorts().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        env.add("PEERS=" + spec.dials().stream().map(this::target).collect(Collectors.joining(" ")));
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        CreateContainerCmd create = client.createContainerCmd(tag)
                .withName(id + "-" + spec.name())
                .withHostName(spec.name())
                .withEnv(env)
                .withLabels(labels())
                .withAliases(spec.name())
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(id));
        if (!spec.command().isEmpty()) {
            create.withCmd(spec.command());
        }
        return create.exec().getId();
    }

    /** {@code node:port}; the builder made sure the node exists and listens on some port. */
    private String target(NodeSpec.Dial dial) {
        if (dial.port() != null) {
            return dial.node() + ":" + dial.port();
        }
        NodeSpec peer = specs.stream().filter(s -> s.name().equals(dial.node())).findFirst().orElseThrow();
        return dial.node() + ":" + peer.listenPorts().get(0);
    }

    // ---------------------------------------------------------------- nodes

    /**
     * A node as it is now.
     *
     * @param node the node's name, its container's id (full or short), or its IP address
     * @return the node
     * @throws IllegalArgumentException if no node of this cluster answers to that
     */
    public Node node(String node) {
        String name = nameOf(node);
        return new Node(name, containers.get(name), ipOf(containers.get(name)).orElse(""));
    }

    /**
     * Every node, in the order they were described.
     *
     * @return the nodes as they are now; unmodifiable
     */
    public List<Node> nodes() {
        return containerNames().stream().map(this::node).toList();
    }

    /**
     * The cluster's id, which prefixes its network's and its containers' names.
     *
     * @return for example {@code tcpscope-3f2a1b2c}
     */
    public String id() {
        return id;
    }

    /**
     * The ports whose connections count as P2P connections.
     *
     * @return the P2P ports
     */
    public PortSet p2pPorts() {
        return p2pPorts;
    }

    /**
     * How the nodes' tables are read.
     *
     * @return the mode
     */
    public InspectorMode inspectorMode() {
        return mode;
    }

    /**
     * Stops a node at once, as a crash would (no grace period).
     *
     * @param node a node's name, id or address
     */
    public void stop(String node) {
        engine.client().stopContainerCmd(containerOf(node)).withTimeout(0).exec();
    }

    /**
     * Starts a stopped node.
     *
     * @param node a node's name, id or address
     */
    public void start(String node) {
        engine.client().startContainerCmd(containerOf(node)).exec();
    }

    /**
     * Restarts a node at once (no grace period).
     *
     * @param node a node's name, id or address
     */
    public void restart(String node) {
        engine.client().restartContainerCmd(containerOf(node)).withTimeout(0).exec();
    }

    /**
     * Removes a node for good.
     *
     * @param node a node's name, id or address
     */
    public synchronized void remove(String node) {
        String name = nameOf(node);
        engine.client().removeContainerCmd(containers.get(name)).withForce(true).exec();
        containers.remove(name);
    }

    /**
     * Disconnects a node from the cluster's network: a partition. Its connections end when their
     * heartbeats stop (within a few seconds with the built-in peer image).
     *
     * @param node a node's name, id or address
     */
    public void disconnect(String node) {
        engine.client().disconnectFromNetworkCmd().withNetworkId(network).withContainerId(containerOf(node))
                .withForce(true).exec();
    }

    /**
     * Reconnects a node to the cluster's network, under its name.
     *
     * @param node a node's name or id (a disconnected node has no address)
     */
    public void reconnect(String node) {
        String name = nameOf(node);
        engine.client().connectToNetworkCmd().withNetworkId(network).withContainerId(containers.get(name))
                .withContainerNetwork(new ContainerNetwork().withAliases(name)).exec();
    }

    /**
     * Runs a command in a node, never through a shell (pass {@code "sh", "-c", "..."} for one).
     *
     * @param node a node's name, id or address
     * @param argv the command
     * @return how it ended
     * @throws TcpScopeException if the node is not running, or the command does not finish in 30 s
     */
    public ExecResult execInContainer(String node, String... argv) {
        return executor.execute(containerOf(node), List.of(argv), EXEC_TIMEOUT);
    }

    // ---------------------------------------------------------------- inspection

    /**
     * Every TCP connection of a node, in every state.
     *
     * @param containerId a node's container id, name or address
     * @return the connections; unmodifiable
     * @throws TcpScopeException if the table cannot be read, for example because the node is stopped
     */
    public List<TcpConnection> checkTcpConnections(String containerId) {
        return inspector.connections(containerOf(containerId));
    }

    /**
     * The node's ESTABLISHED connections on the cluster's P2P ports: one dial between two nodes is
     * 1 on each, two dials (each node dialing the other) are 2 on each.
     *
     * @param containerId a node's container id, name or address
     * @return the count
     * @throws TcpScopeException if the table cannot be read
     */
    public int getActiveConnectionsCount(String containerId) {
        return PeerConnections.countActive(checkTcpConnections(containerId), p2pPorts);
    }

    /**
     * Every node's table at once, matched into edges between nodes. A node that is stopped shows
     * with an empty table.
     *
     * @return the topology
     */
    public Topology topology() {
        return topology(inspector);
    }

    /**
     * The topology read in another mode than the cluster's, to compare modes on the same nodes.
     *
     * @param mode how to read the nodes' tables this time
     * @return the topology
     */
    public Topology topology(InspectorMode mode) {
        return topology(mode == this.mode ? inspector
                : otherModes.computeIfAbsent(mode, m -> Inspectors.create(m, engine)));
    }

    private Topology topology(ConnectionInspector reader) {
        List<String> names = containerNames();
        List<CompletableFuture<NodeTable>> tables = names.stream()
                .map(name -> CompletableFuture.supplyAsync(() -> table(name, reader), pool)).toList();
        return Topology.of(tables.stream().map(CompletableFuture::join).toList(), p2pPorts);
    }

    private NodeTable table(String name, ConnectionInspector reader) {
        String container = containers.get(name);
        Set<InetAddress> addresses = addressesOf(container);
        try {
            return new NodeTable(name, addresses, reader.connections(container));
        } catch (ContainerUnavailableException e) {
            return new NodeTable(name, addresses, List.of());
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until a node has exactly {@code count} active P2P connections.
     *
     * @param node a node's name, id or address
     * @param count the count to wait for
     * @param timeout how long to wait
     * @return the count
     * @throws AssertionError if the count is not reached in time; it shows the last table seen
     */
    public int awaitActiveConnections(String node, int count, Duration timeout) {
        return awaitActiveConnections(node, count, count, timeout);
    }

    /**
     * Waits until a node's active P2P connection count is between {@code min} and {@code max}.
     *
     * @param node a node's name, id or address
     * @param min the least count, included
     * @param max the greatest count, included
     * @param timeout how long to wait
     * @return the count
     * @throws AssertionError if no count in range is seen in time; it shows the last table seen
     */
    public int awaitActiveConnections(String node, int min, int max, Duration timeout) {
        String container = containerOf(node);
        AtomicReference<Object> last = new AtomicReference<>("nothing yet");
        try {
            return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
                try {
                    List<TcpConnection> table = inspector.connections(container);
                    last.set(table);
                    return PeerConnections.countActive(table, p2pPorts);
                } catch (TcpScopeException e) {
                    last.set(e);
                    return -1;
                }
            }, n -> n >= min && n <= max);
        } catch (ConditionTimeoutException e) {
            String wanted = min == max ? Integer.toString(min) : min + " to " + max;
            throw new AssertionError(nameOf(node) + " did not reach " + wanted + " active P2P connections on "
                    + p2pPorts + " within " + timeout.toMillis() + " ms; last seen: " + describe(last.get()), e);
        }
    }

    /**
     * Waits until the topology meets a condition.
     *
     * @param condition what to wait for, such as {@code Topology::isFullMesh}
     * @param description the condition in words, for the failure message
     * @param timeout how long to wait
     * @return the first topology that met it
     * @throws AssertionError if it is not met in time; it shows the last topology seen
     */
    public Topology awaitTopology(Predicate<Topology> condition, String description, Duration timeout) {
        AtomicReference<Topology> last = new AtomicReference<>();
        try {
            return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(() -> {
                        Topology t = topology();
                        last.set(t);
                        return t;
                    }, condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the cluster did not become " + description + " within " + timeout.toMillis()
                    + " ms; last seen:\n" + (last.get() == null ? "nothing" : TopologyRenderer.text(last.get())), e);
        }
    }

    /**
     * Waits until every pair of nodes is connected.
     *
     * @param timeout how long to wait
     * @return the full mesh
     * @throws AssertionError if the mesh is not full in time
     */
    public Topology awaitFullMesh(Duration timeout) {
        return awaitTopology(Topology::isFullMesh, "a full mesh", timeout);
    }

    // ---------------------------------------------------------------- assertions

    /**
     * Asserts that two nodes have a P2P connection now.
     *
     * @param a a node
     * @param b another node
     * @throws AssertionError showing the topology, if they have none
     */
    public void assertConnected(String a, String b) {
        Topology t = topology();
        if (!t.isConnected(nameOf(a), nameOf(b))) {
            throw new AssertionError(nameOf(a) + " and " + nameOf(b) + " are not connected:\n" + TopologyRenderer.text(t));
        }
    }

    /**
     * Asserts that two nodes have no P2P connection now.
     *
     * @param a a node
     * @param b another node
     * @throws AssertionError showing the topology, if they have one
     */
    public void assertNotConnected(String a, String b) {
        Topology t = topology();
        if (t.isConnected(nameOf(a), nameOf(b))) {
            throw new AssertionError(nameOf(a) + " and " + nameOf(b) + " are connected:\n" + TopologyRenderer.text(t));
        }
    }

    /**
     * Asserts that every pair of nodes has a P2P connection now.
     *
     * @throws AssertionError naming the pairs that have none, and showing the topology
     */
    public void assertFullMesh() {
        Topology t = topology();
        if (!t.isFullMesh()) {
            throw new AssertionError("the cluster is not a full mesh; missing " + t.missingPairs() + ":\n"
                    + TopologyRenderer.text(t));
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Removes every container and the network, and stops the inspection threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.shutdownNow();
        if (network != null && Thread.currentThread() != cleanupOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already; the hook runs close() again, which returns at once
            }
        }
        DockerClient client = engine.client();
        try {
            for (String container : containers.values()) {
                try {
                    client.removeContainerCmd(container).withForce(true).exec();
                } catch (RuntimeException e) {
                    LOG.debug("container {} was already gone: {}", container, e.getMessage());
                }
            }
            if (network != null) {
                client.removeNetworkCmd(network).exec();
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove everything of cluster {}: {}", id, e.getMessage());
        } finally {
            if (ownsEngine) {
                engine.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Cluster[" + id + ", " + specs.size() + " nodes, " + mode + "]";
    }

    // ---------------------------------------------------------------- helpers

    private synchronized List<String> containerNames() {
        return new ArrayList<>(containers.keySet());
    }

    private String containerOf(String node) {
        return containers.get(nameOf(node));
    }

    private synchronized String nameOf(String reference) {
        Objects.requireNonNull(reference, "node must not be null");
        if (containers.containsKey(reference)) {
            return reference;
        }
        String plain = reference.startsWith("/") ? reference.substring(1) : reference;
        for (Map.Entry<String, String> e : containers.entrySet()) {
            if (plain.equals(id + "-" + e.getKey()) || plain.length() >= 12 && e.getValue().startsWith(plain)) {
                return e.getKey();
            }
        }
        if (IpAddresses.parseOrNull(plain, 0, plain.length()) != null) {
            InetAddress address = IpAddresses.parse(plain);
            for (Map.Entry<String, String> e : containers.entrySet()) {
                if (addressesOf(e.getValue()).contains(address)) {
                    return e.getKey();
                }
            }
        }
        throw new IllegalArgumentException("no node of cluster " + id + " is named, has the id or the address '"
                + reference + "'; its nodes are " + containers.keySet());
    }

    private Optional<String> ipOf(String container) {
        try {
            ContainerNetwork onCluster = engine.client().inspectContainerCmd(container).exec()
                    .getNetworkSettings().getNetworks().get(id);
            return onCluster == null || onCluster.getIpAddress() == null || onCluster.getIpAddress().isEmpty()
                    ? Optional.empty() : Optional.of(onCluster.getIpAddress());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Set<InetAddress> addressesOf(String container) {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            InspectContainerResponse inspected = engine.client().inspectContainerCmd(container).exec();
            for (ContainerNetwork n : inspected.getNetworkSettings().getNetworks().values()) {
                for (String ip : new String[] {n.getIpAddress(), n.getGlobalIPv6Address()}) {
                    if (ip != null && !ip.isEmpty()) {
                        addresses.add(IpAddresses.parse(ip));
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("no addresses for {}: {}", container, e.getMessage());
        }
        return addresses;
    }

    private static String describe(Object last) {
        if (last instanceof List<?> table) {
            return table.isEmpty() ? "an empty table" : table.size() + " sockets:\n"
                    + table.stream().map(c -> "  " + c).collect(Collectors.joining("\n"));
        }
        return last instanceof Throwable t ? t.getMessage() : String.valueOf(last);
    }

    private Map<String, String> labels() {
        return Map.of(LABEL, id, OWNER_LABEL, owner());
    }

    private static String owner() {
        ProcessHandle self = ProcessHandle.current();
        return host() + "/" + self.pid() + "/" + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    /** Removes the containers and networks of clusters whose JVM on this host is gone. */
    static void removeLeftovers(DockerEngine engine) {
        DockerClient client = engine.client();
        for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(LABEL)).exec()) {
            if (orphaned(c.getLabels().get(OWNER_LABEL))) {
                LOG.info("removing container {} left by a JVM that is gone", c.getNames()[0]);
                client.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
        for (Network n : client.listNetworksCmd().withFilter("label", List.of(LABEL)).exec()) {
            if (orphaned(n.getLabels().get(OWNER_LABEL))) {
                LOG.info("removing network {} left by a JVM that is gone", n.getName());
                client.removeNetworkCmd(n.getId()).exec();
            }
        }
    }

    /** Whether an owner label names a JVM of this host that no longer runs. */
    static boolean orphaned(String owner) {
        if (owner == null) {
            return false;
        }
        String[] parts = owner.split("/");
        if (parts.length != 3 || !parts[0].equals(host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            long started = Long.parseLong(parts[2]);
            return ProcessHandle.of(pid)
                    .map(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) != started)
                    .orElse(true);
        } catch (NumberFormatException e) {
            return false; // not a label this code wrote
        }
    }

    /**
     * Describes a {@link Cluster}. Not thread-safe; build it, then use the cluster.
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
    public static final class Builder {
        private DockerEngine engine;
        private String image;
        private PortSet p2pPorts = PortSet.P2P_DEFAULT;
        private InspectorMode mode = InspectorMode.AUTO;
        private final Map<String, NodeSpec> specs = new LinkedHashMap<>();
        private int meshFrom = -1;

        private Builder() {
        }

        /**
         * The engine to run on; by default one from {@code DOCKER_HOST}, closed with the cluster.
         *
         * @param engine the engine, which the caller keeps ownership of
         * @return this builder
         */
        public Builder engine(DockerEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
            return this;
        }

        /**
         * The image every node runs, instead of the built-in {@link PeerImage}. The nodes' listen
         * ports and dials reach it as {@code $LISTEN} and {@code $PEERS}.
         *
         * @param image an image on the engine
         * @return this builder
         */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image must not be null");
            return this;
        }

        /**
         * The ports whose connections count as P2P connections; 9000-9001 by default.
         *
         * @param ports the P2P ports
         * @return this builder
         */
        public Builder p2pPorts(PortSet ports) {
            this.p2pPorts = Objects.requireNonNull(ports, "ports must not be null");
            return this;
        }

        /**
         * How the nodes' tables are read; {@link InspectorMode#AUTO} by default.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder inspectorMode(InspectorMode mode) {
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
        public Builder nodes(int count) {
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
        public Builder node(String name) {
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
        public Builder node(String name, Consumer<NodeSpec> spec) {
            NodeSpec node = new NodeSpec(name);
            spec.accept(node);
            if (specs.putIfAbsent(name, node) != null) {
                throw new IllegalArgumentException("the cluster has a node named '" + name + "' already");
            }
            return this;
        }

        /**
         * Makes the nodes added so far a full mesh: each dials every node added after it, once,
         * so every pair has exactly one connection and each of {@code n} nodes counts {@code n-1}.
         *
         * @return this builder
         */
        public Builder fullMesh() {
            this.meshFrom = 0;
            return this;
        }

        /**
         * The cluster, not yet started.
         *
         * @return the cluster; call {@link Cluster#start()}
         * @throws IllegalArgumentException if there are no nodes, or a node dials one that does not exist
         */
        public Cluster build() {
            if (specs.isEmpty()) {
                throw new IllegalArgumentException("a cluster needs at least one node; use nodes(n) or node(name)");
            }
            for (NodeSpec spec : specs.values()) {
                if (spec.listenPorts().isEmpty()) {
                    spec.listen(p2pPorts.first());
                }
            }
            if (meshFrom >= 0) {
                List<NodeSpec> all = new ArrayList<>(specs.values());
                for (int i = 0; i < all.size(); i++) {
                    for (int j = i + 1; j < all.size(); j++) {
                        all.get(i).dial(all.get(j).name());
                    }
                }
            }
            for (NodeSpec spec : specs.values()) {
                for (NodeSpec.Dial dial : spec.dials()) {
                    NodeSpec peer = specs.get(dial.node());
                    if (peer == null) {
                        throw new IllegalArgumentException("node '" + spec.name() + "' dials '" + dial.node()
                                + "', which is not in the cluster; its nodes are " + specs.keySet());
                    }
                }
            }
            return new Cluster(this);
        }
    }
}
