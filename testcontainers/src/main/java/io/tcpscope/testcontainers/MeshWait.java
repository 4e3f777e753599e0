package io.tcpscope.testcontainers;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterAdoption;
import io.tcpscope.testkit.InspectorMode;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.Network;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A wait for a group of containers: until they form a full mesh, or a given set of edges. A
 * container's own wait strategy runs while the others may not have started, so a mesh can only be
 * awaited once all of them have: call this after starting them (for example after
 * {@code Startables.deepStart(a, b, c).join()}, or in a {@code @BeforeAll} after the
 * {@code @Container}s started).
 *
 * <pre>{@code
 * Topology mesh = MeshWait.of(network, seed, peer1, peer2).untilFullMesh();
 * MeshWait.onNetwork(network).withTimeout(Duration.ofMinutes(2))
 *         .untilEdges(List.of(List.of("seed", "peer-1"), List.of("seed", "peer-2")));
 * }</pre>
 *
 * <p>Nodes are named by the network aliases you gave them, else by their Compose service, else by
 * their container names. It reads every 200 ms, the first time at once, for 60 s unless told
 * otherwise, and throws {@link ContainerLaunchException} with the last topology it saw; at once if
 * one of the containers it was given stops. A wait that fails writes a failure report
 * ({@link io.tcpscope.testkit.report.FailureReport}: one HTML file under
 * {@code target/tcpscope-reports/}, named {@code mesh-} and the nodes and the condition, with the
 * timeline of the topologies it read) and ends its message with the report's path. Not
 * thread-safe: describe it, then wait.
 */
public final class MeshWait {

    private final Supplier<ClusterAdoption> adoption;
    private final List<ContainerState> containers;
    /** The network whose members are read anew each time, or null for a fixed set of containers. */
    private final Network network;
    private PortSet ports = PortSet.P2P_DEFAULT;
    private InspectorMode mode = InspectorMode.AUTO;
    private Duration timeout = Duration.ofSeconds(60);

    private MeshWait(Supplier<ClusterAdoption> adoption, List<ContainerState> containers, Network network) {
        this.adoption = adoption;
        this.containers = containers;
        this.network = network;
    }

    /**
     * A wait for started containers on a Testcontainers network.
     *
     * @param network the network they share
     * @param containers the containers
     * @return the wait
     */
    public static MeshWait of(Network network, ContainerState... containers) {
        return new MeshWait(() -> TestcontainersCluster.of(network, containers), List.of(containers), null);
    }

    /**
     * A wait for started containers that share exactly one user network.
     *
     * @param containers the containers
     * @return the wait
     */
    public static MeshWait of(ContainerState... containers) {
        return new MeshWait(() -> TestcontainersCluster.of(containers), List.of(containers), null);
    }

    /**
     * A wait for every container that runs on a Testcontainers network when it reads: it sees
     * containers that join late, and waits while none runs there yet.
     *
     * @param network the network
     * @return the wait
     */
    public static MeshWait onNetwork(Network network) {
        Objects.requireNonNull(network, "network must not be null");
        return new MeshWait(() -> TestcontainersCluster.onNetwork(network), List.of(), network);
    }

    /**
     * The ports whose connections are edges; 9000-9001 by default.
     *
     * @param ports the P2P ports
     * @return this wait
     */
    public MeshWait onPorts(PortSet ports) {
        this.ports = Objects.requireNonNull(ports, "ports must not be null");
        return this;
    }

    /**
     * How the tables are read; {@link InspectorMode#AUTO} by default.
     *
     * @param mode the mode
     * @return this wait
     */
    public MeshWait inMode(InspectorMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        return this;
    }

    /**
     * How long to wait; 60 seconds by default.
     *
     * @param timeout the time
     * @return this wait
     */
    public MeshWait withTimeout(Duration timeout) {
        this.timeout = WaitPolling.notNegative(timeout);
        return this;
    }

    /**
     * Waits until every two containers are connected. On a whole network, which cannot tell how
     * many containers are to come, it needs two at least, and holds once those that run are all
     * connected: name the containers ({@link #of}), or wait for edges, to wait for particular ones.
     *
     * @return the full mesh
     * @throws ContainerLaunchException with the last topology, if it does not form in time
     */
    public Topology untilFullMesh() {
        return until(t -> (network == null || t.nodes().size() >= 2) && t.isFullMesh(), "a full mesh",
                t -> t.nodes().size() < 2 ? List.of("two containers at least; " + t.nodes().size() + " run")
                        : notConnected(t, t.missingPairs().stream().map(p -> List.of(p.first(), p.second())).toList()));
    }

    /**
     * Waits until each given pair of containers is connected; other edges may exist too. A name
     * that none of the given containers goes by fails at once; on a whole network, the wait goes on
     * until a container by that name joins it.
     *
     * @param pairs the pairs, each two node names
     * @return the topology that had them all
     * @throws ContainerLaunchException with the last topology, if they do not form in time
     */
    public Topology untilEdges(Collection<? extends List<String>> pairs) {
        for (List<String> pair : pairs) {
            if (pair.size() != 2) {
                throw new IllegalArgumentException("an edge joins two nodes, not " + pair);
            }
        }
        return until(t -> {
            for (List<String> pair : pairs) {
                for (String node : pair) {
                    if (!t.nodes().contains(node) && network == null) {
                        throw new ContainerLaunchException("no node is named '" + node + "'; the nodes are " + t.nodes());
                    }
                }
            }
            return pairs.stream().allMatch(p -> t.nodes().containsAll(p) && t.isConnected(p.get(0), p.get(1)));
        }, "the edges " + pairs, t -> notConnected(t, pairs));
    }

    /**
     * Waits until the topology meets a condition.
     *
     * @param condition the condition
     * @param description the condition in words, for the failure message
     * @return the first topology that met it
     * @throws ContainerLaunchException with the last topology, if it is not met in time
     */
    public Topology until(Predicate<Topology> condition, String description) {
        return until(condition, description, t -> List.of());
    }

    /** Waits; {@code missing} says, for the failure report, what a topology lacks. */
    private Topology until(Predicate<Topology> condition, String description, Function<Topology, List<String>> missing) {
        Objects.requireNonNull(condition, "condition must not be null");
        AtomicReference<String> last = new AtomicReference<>("nothing yet");
        AtomicReference<Topology> met = new AtomicReference<>();
        WaitReport report = new WaitReport(description);
        Cluster fixed = null;
        try {
            fixed = network == null ? adoption.get().p2pPorts(ports).inspectorMode(mode).build() : null;
            Cluster members = fixed;
            TcpscopeWaitStrategy.Read read = WaitPolling.poll(timeout, () -> {
                for (ContainerState c : containers) {
                    if (!c.isRunning()) {
                        throw failed("container " + c.getContainerId() + " stopped while waiting for " + description
                                + "; last seen: " + last.get(), null, report, description, met.get());
                    }
                }
                Instant at = Instant.now();
                Topology t = members != null ? members.topology() : readOnce();
                if (t == null) {
                    last.set("no container runs on the network yet");
                    return new TcpscopeWaitStrategy.Read(false, last.get());
                }
                last.set("\n" + TopologyRenderer.text(t));
                met.set(t);
                boolean done = condition.test(t);
                TcpscopeWaitStrategy.Read seen = new TcpscopeWaitStrategy.Read(done, last.get(), t,
                        done ? List.of() : missing.apply(t));
                report.saw(at, seen);
                return seen;
            }, last);
            if (!read.done()) {
                throw failed("the containers did not form " + description + " within " + WaitPolling.words(timeout)
                        + "; last seen: " + last.get(), null, report, description, met.get());
            }
            return met.get();
        } catch (ContainerLaunchException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed("waiting for " + description + " failed: " + e.getMessage() + "; last seen: " + last.get(), e,
                    report, description, met.get());
        } finally {
            if (fixed != null) {
                fixed.close();
            }
        }
    }

    /**
     * The wait's exception, its message ending with where its failure report is: a file named
     * {@code mesh-} and the nodes last seen and the condition.
     */
    private ContainerLaunchException failed(String message, Throwable cause, WaitReport report, String description,
                                            Topology lastSeen) {
        String nodes = lastSeen == null ? "" : String.join("-", lastSeen.nodes()) + "-";
        String where = report.write("wait of " + (lastSeen == null ? "the containers" : String.join(", ", lastSeen.nodes()))
                + " for " + description, "mesh-" + nodes + description, new ContainerLaunchException(message, cause),
                (network != null ? "every container on network " + network.getId() : containers.size() + " containers")
                        + ", read in " + mode + " mode", null);
        return new ContainerLaunchException(message + where, cause);
    }

    /** The pairs that are not connected, in words. */
    private static List<String> notConnected(Topology t, Collection<? extends List<String>> pairs) {
        return pairs.stream().filter(p -> !t.nodes().containsAll(p) || !t.isConnected(p.get(0), p.get(1)))
                .map(p -> p.get(0) + " and " + p.get(1) + " are not connected"
                        + (t.nodes().containsAll(p) ? "" : " (not both are running)"))
                .toList();
    }

    /** The topology of the network's members as they are now; null if none runs there. */
    private Topology readOnce() {
        DockerClient client = DockerClientFactory.lazyClient();
        if (!Containers.anyRunningOn(client, Containers.networkName(client, network))) {
            return null;
        }
        try (Cluster now = adoption.get().p2pPorts(ports).inspectorMode(mode).build()) {
            return now.topology();
        }
    }
}
