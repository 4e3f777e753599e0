package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.internal.Inspection;
import io.tcpscope.testkit.internal.Member;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The TCP connections of containers you already have, started by your own code, by Testcontainers
 * or by Compose: the seed's two checks, who is connected to whom, waits and assertions, on any
 * container the engine runs. Containers are named as you name them: by name or id.
 *
 * <pre>{@code
 * try (TcpScope scope = TcpScope.fromEnvironment()) {
 *     int live = scope.activeConnections("node-a");              // ESTABLISHED on 9000-9001
 *     List<TcpConnection> all = scope.connections("node-a");     // every state, every port
 *     scope.awaitFullMesh(List.of("node-a", "node-b", "node-c"), Duration.ofSeconds(30));
 *     scope.assertConnected("node-a", "node-b");
 * }
 * // on an engine of your own, such as Testcontainers' client, in another mode and on other ports:
 * TcpScope scope = TcpScope.builder()
 *         .engine(DockerEngine.of(DockerClientFactory.instance().client()))
 *         .inspectorMode(InspectorMode.PROCFS)
 *         .p2pPorts(PortSet.parse("7000-7001"))
 *         .build();
 * }</pre>
 *
 * <p>Waits read every 200 ms, the first time at once, and fail with a {@link ConditionTimeoutError} that
 * shows the last table or topology they saw. A container that is not running shows in a topology
 * with no connection; reading its table alone throws.
 *
 * <p>Thread-safe. {@link #close()} waits for the reads under way, and closes the engine only if
 * this scope made it.
 */
public final class TcpScope implements AutoCloseable {

    private final Inspection inspection;

    private TcpScope(Inspection inspection) {
        this.inspection = inspection;
    }

    /**
     * A scope over the engine at {@code DOCKER_HOST} (or the default socket), in
     * {@link InspectorMode#AUTO}, counting on ports 9000-9001.
     *
     * @return the scope; close it to close its engine
     */
    public static TcpScope fromEnvironment() {
        return builder().build();
    }

    /**
     * Starts describing a scope.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every TCP connection of a container, in every state.
     *
     * @param container a container's name or id
     * @return the connections; unmodifiable
     * @throws TcpscopeException if the table cannot be read, for example because the container is stopped
     */
    public List<TcpConnection> connections(String container) {
        return inspection.connections(container);
    }

    /**
     * The container's ESTABLISHED connections on the P2P ports: one dial between two containers is
     * 1 on each, two dials (each dialing the other) are 2 on each.
     *
     * @param container a container's name or id
     * @return the count
     * @throws TcpscopeException if the table cannot be read
     */
    public int activeConnections(String container) {
        return inspection.activeConnections(container);
    }

    /**
     * Who is connected to whom among some containers: their tables, read in parallel, matched
     * into edges. Each is named as given.
     *
     * @param containers the containers' names or ids
     * @return the topology
     */
    public Topology topology(String... containers) {
        return topology(List.of(containers));
    }

    /**
     * Who is connected to whom among some containers.
     *
     * @param containers the containers' names or ids
     * @return the topology
     */
    public Topology topology(Collection<String> containers) {
        List<Member> members = members(containers);
        return inspection.topology(() -> members, null);
    }

    /**
     * Who is connected to whom among the running containers attached to a network, named by their
     * container names.
     *
     * @param network the network's name
     * @return the topology; one with no node if no running container is on the network
     */
    public Topology networkTopology(String network) {
        Objects.requireNonNull(network, "network must not be null");
        return inspection.topology(() -> inspection.runtime().list(Map.of(), false).stream()
                .filter(c -> c.addresses().containsKey(network))
                .map(c -> new Member(c.name(), c.id()))
                .toList(), null);
    }

    /**
     * Waits until a container has exactly {@code count} active P2P connections.
     *
     * @param container a container's name or id
     * @param count the count to wait for
     * @param timeout how long to wait
     * @return the count it saw
     * @throws ConditionTimeoutError if the count is not reached in time; it shows the last table seen
     */
    public int awaitActiveConnections(String container, int count, Duration timeout) {
        return awaitActiveConnections(container, count, count, timeout);
    }

    /**
     * Waits until a container's active P2P connection count is between {@code min} and {@code max}.
     *
     * @param container a container's name or id
     * @param min the least count, included
     * @param max the greatest count, included
     * @param timeout how long to wait
     * @return the count it saw
     * @throws ConditionTimeoutError if no count in range is seen in time; it shows the last table seen
     */
    public int awaitActiveConnections(String container, int min, int max, Duration timeout) {
        return inspection.awaitActive(container, container, min, max, timeout);
    }

    /**
     * Waits until the topology of some containers meets a condition.
     *
     * @param containers the containers' names or ids
     * @param condition what to wait for, such as {@code t -> t.isConnected("a", "b")}
     * @param description the condition in words, for the failure message
     * @param timeout how long to wait
     * @return the first topology that met it
     * @throws ConditionTimeoutError if it is not met in time; it shows the last topology seen
     */
    public Topology awaitTopology(Collection<String> containers, Predicate<Topology> condition, String description,
                                  Duration timeout) {
        List<Member> members = members(containers);
        return inspection.awaitTopology(() -> members, condition, description, t -> List.of(), timeout);
    }

    /**
     * Describes a recorder of some containers' links; see {@link TimelineRecorder}. Its interval is
     * 100 ms unless set, or {@link TimelineRecorder#EXEC_INTERVAL} in exec or sidecar mode.
     *
     * <pre>{@code
     * try (TimelineRecorder recorder = scope.recorder(List.of("node-a", "node-b")).start()) {
     *     ...
     * }
     * }</pre>
     *
     * @param containers the containers' names or ids
     * @return a builder
     */
    public TimelineRecorder.Builder recorder(Collection<String> containers) {
        List<String> copy = List.copyOf(containers);
        return TimelineRecorder.of(() -> topology(copy)).name("tcpscope-recorder-" + copy).stopWhen(inspection::isClosed)
                .interval(ClusterReads.samplingInterval(inspection.mode()));
    }

    /**
     * Describes a recorder of the links of every container on a network, as it is at each sample.
     * Its interval is 100 ms unless set, or {@link TimelineRecorder#EXEC_INTERVAL} in exec or sidecar
     * mode.
     *
     * @param network the network's name or id
     * @return a builder
     */
    public TimelineRecorder.Builder networkRecorder(String network) {
        Objects.requireNonNull(network, "network must not be null");
        return TimelineRecorder.of(() -> networkTopology(network)).name("tcpscope-recorder-" + network)
                .stopWhen(inspection::isClosed).interval(ClusterReads.samplingInterval(inspection.mode()));
    }

    /**
     * Waits until every pair of some containers is connected.
     *
     * @param containers the containers' names or ids
     * @param timeout how long to wait
     * @return the full mesh
     * @throws ConditionTimeoutError if the mesh is not full in time, naming the pairs that are not connected
     */
    public Topology awaitFullMesh(Collection<String> containers, Duration timeout) {
        List<Member> members = members(containers);
        return inspection.awaitTopology(() -> members, Topology::isFullMesh, "a full mesh", Inspection::missingLinks, timeout);
    }

    /**
     * Asserts that two containers have a P2P connection now.
     *
     * @param a a container's name or id
     * @param b another's
     * @throws AssertionError showing both tables' topology, if they have none
     */
    public void assertConnected(String a, String b) {
        Inspection.assertConnected(topology(a, b), bare(a), bare(b), true);
    }

    /**
     * Asserts that two containers have no P2P connection now.
     *
     * @param a a container's name or id
     * @param b another's
     * @throws AssertionError showing both tables' topology, if they have one
     */
    public void assertNotConnected(String a, String b) {
        Inspection.assertConnected(topology(a, b), bare(a), bare(b), false);
    }

    /**
     * Asserts that every pair of some containers has a P2P connection now.
     *
     * @param containers the containers' names or ids
     * @throws AssertionError naming the pairs that have none, and showing the topology
     */
    public void assertFullMesh(Collection<String> containers) {
        Inspection.assertFullMesh(topology(containers), "the containers " + containers);
    }

    /**
     * The ports whose connections count as P2P connections.
     *
     * @return the P2P ports
     */
    public PortSet p2pPorts() {
        return inspection.ports();
    }

    /**
     * How tables are read.
     *
     * @return the mode
     */
    public InspectorMode inspectorMode() {
        return inspection.mode();
    }

    /** Waits for the reads under way, stops the reading threads, and closes the engine if this scope made it. */
    @Override
    public void close() {
        inspection.close();
    }

    @Override
    public String toString() {
        return "TcpScope[" + inspection.engine().endpoint() + ", " + inspection.mode() + ", " + inspection.ports() + "]";
    }

    private static List<Member> members(Collection<String> containers) {
        return containers.stream().map(c -> new Member(bare(c), c)).toList();
    }

    /** Docker writes names with a leading slash; a topology shows them without. */
    private static String bare(String container) {
        Objects.requireNonNull(container, "container must not be null");
        return container.startsWith("/") ? container.substring(1) : container;
    }

    /**
     * Describes a {@link TcpScope}. Not thread-safe; build it, then share the scope.
     *
     * <pre>{@code
     * TcpScope scope = TcpScope.builder().engine(DockerEngine.of(client)).build();
     * }</pre>
     */
    public static final class Builder {
        private DockerEngine engine;
        private InspectorMode mode = InspectorMode.AUTO;
        private PortSet ports = PortSet.P2P_DEFAULT;

        private Builder() {
        }

        /**
         * The engine the containers run on; by default one from {@code DOCKER_HOST}, closed with
         * the scope. Wrap a docker-java client with {@link DockerEngine#of}.
         *
         * @param engine the engine, which the caller keeps ownership of
         * @return this builder
         */
        public Builder engine(DockerEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine must not be null");
            return this;
        }

        /**
         * How tables are read; {@link InspectorMode#AUTO} by default.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder inspectorMode(InspectorMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode must not be null");
            return this;
        }

        /**
         * The ports whose connections count as P2P connections; 9000-9001 by default.
         *
         * @param ports the P2P ports
         * @return this builder
         */
        public Builder p2pPorts(PortSet ports) {
            this.ports = Objects.requireNonNull(ports, "ports must not be null");
            return this;
        }

        /**
         * The scope.
         *
         * @return the scope; nothing is contacted until the first read
         */
        public TcpScope build() {
            boolean owns = engine == null;
            DockerEngine on = owns ? DockerEngine.fromEnvironment() : engine;
            return new TcpScope(new Inspection("this TcpScope", on, owns, mode, ports));
        }
    }
}
