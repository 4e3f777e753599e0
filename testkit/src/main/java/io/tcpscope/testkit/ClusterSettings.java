package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.docker.DockerEngine;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings every {@link Cluster} has, however it is reached: the engine, the P2P ports, how
 * tables are read, and how long a wait lasts unless told. {@link ClusterBuilder} and
 * {@link ClusterAdoption} share them, under the same names.
 *
 * <pre>{@code
 * Cluster.builder().nodes(3).fullMesh()
 *         .withP2pPorts(PortSet.parse("7000-7001"))
 *         .withInspectorMode(InspectorMode.PROCFS)
 *         .withDefaultTimeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe: describe, then build.
 *
 * @param <SELF> the description's own type, which each setting returns
 * @since 0.2.0
 */
public abstract sealed class ClusterSettings<SELF extends ClusterSettings<SELF>> permits ClusterBuilder, ClusterAdoption {

    /** How long a wait lasts unless the cluster or the wait says otherwise, as Testcontainers' waits do. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private DockerEngine engine;
    private PortSet p2pPorts = PortSet.P2P_DEFAULT;
    private InspectorMode mode = InspectorMode.AUTO;
    private Duration defaultTimeout = DEFAULT_TIMEOUT;
    private SharedNamespacePolicy sharedNamespaces = SharedNamespacePolicy.DEFAULT;

    ClusterSettings() {
    }

    @SuppressWarnings("unchecked")
    private SELF self() {
        return (SELF) this;
    }

    /**
     * The engine to run on; by default one from {@code DOCKER_HOST} (or the platform's default
     * socket), closed with the cluster.
     *
     * @param engine the engine, which the caller keeps ownership of
     * @return this description
     */
    public SELF withEngine(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        return self();
    }

    /**
     * The ports whose connections count as P2P connections; 9000-9001 by default.
     *
     * @param ports the P2P ports
     * @return this description
     */
    public SELF withP2pPorts(PortSet ports) {
        this.p2pPorts = Objects.requireNonNull(ports, "ports must not be null");
        return self();
    }

    /**
     * How the nodes' tables are read; {@link InspectorMode#AUTO} by default.
     *
     * @param mode the mode
     * @return this description
     */
    public SELF withInspectorMode(InspectorMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        return self();
    }

    /**
     * How long a wait ({@link Cluster#await()}, a recorder's) lasts unless it is told; 60 s by default.
     *
     * @param timeout zero or more
     * @return this description
     * @throws IllegalArgumentException if the time is negative
     */
    public SELF withDefaultTimeout(Duration timeout) {
        this.defaultTimeout = notNegative(timeout);
        return self();
    }

    /**
     * Reads nodes that have no network namespace of their own: a container started with
     * {@code --network host} (whose table is the host's) or {@code --network container:X} (whose table
     * is X's). By default such a node is refused, since its table would not be its own: a read or a
     * wait on it throws {@link io.tcpscope.core.SharedNamespaceException} at once, and adopting it
     * fails at {@link Cluster#start()}, each with one line that says whose namespace it shares.
     *
     * <pre>{@code
     * // "proxy" runs with --network host: its table is the host's, and the test knows it
     * try (Cluster cluster = Cluster.adopt().container("proxy").withSharedNamespaces().build().start()) {
     *     int live = cluster.activeConnections("proxy");
     * }
     * }</pre>
     *
     * @return this description
     * @since 0.2.0
     */
    public SELF withSharedNamespaces() {
        return withSharedNamespaces(SharedNamespacePolicy.read());
    }

    /**
     * Whether nodes that have no network namespace of their own are read or refused, and, when
     * refused, what the refusal's one line says to do instead. {@link #withSharedNamespaces()} is
     * {@code withSharedNamespaces(SharedNamespacePolicy.read())}; a tool built on the testkit passes
     * a refusal that names its own way in, such as a command-line flag.
     *
     * <pre>{@code
     * // a command that reads a node in a shared namespace only when asked, and says how to ask
     * SharedNamespacePolicy policy = readShared ? SharedNamespacePolicy.read()
     *         : SharedNamespacePolicy.refuse("--shared-namespaces");
     * try (Cluster cluster = Cluster.adopt().container("proxy").withSharedNamespaces(policy).build().start()) {
     *     Topology mesh = cluster.topology();
     * }
     * }</pre>
     *
     * @param policy read, or refuse naming the way in
     * @return this description
     * @since 0.2.0
     */
    public SELF withSharedNamespaces(SharedNamespacePolicy policy) {
        this.sharedNamespaces = Objects.requireNonNull(policy, "policy must not be null");
        return self();
    }

    /** The time, if it is not negative. */
    static Duration notNegative(Duration time) {
        Objects.requireNonNull(time, "timeout must not be null");
        if (time.isNegative()) {
            throw new IllegalArgumentException("a time to wait is zero or more, not " + time);
        }
        return time;
    }

    /** The engine given, or {@code null} for one from the environment. */
    DockerEngine engine() {
        return engine;
    }

    PortSet p2pPorts() {
        return p2pPorts;
    }

    InspectorMode mode() {
        return mode;
    }

    Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** Whether nodes in a shared network namespace are read or refused. */
    SharedNamespacePolicy sharedNamespaces() {
        return sharedNamespaces;
    }
}
