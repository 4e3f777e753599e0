package io.tcpscope.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterAdoption;
import io.tcpscope.testkit.ClusterWait;
import io.tcpscope.testkit.InspectorMode;
import io.tcpscope.testkit.WaitFailedError;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Testcontainers wait that reads the container's own TCP table, with tcpscope, instead of
 * probing it from outside: so it holds until the service itself listens or is connected, whether
 * or not the image has a shell, and it works for P2P ports that are not exposed at all. Make one
 * with {@link TcpscopeWait}.
 *
 * <pre>{@code
 * new GenericContainer<>("my/node:1")
 *         .withNetwork(network).withNetworkAliases("node-b")
 *         .waitingFor(TcpscopeWait.forActiveConnections(1).withP2pPorts(PortSet.parse("7000")));
 * }</pre>
 *
 * <p>It is a cluster's wait ({@link ClusterWait}) on the container, adopted: it reads every 200 ms,
 * the first time at once, until its condition holds or the startup timeout (60 s by default,
 * {@link #withStartupTimeout}) is up, and fails at once when the container stops or the engine
 * answers with an error that time will not mend. It throws {@link ContainerLaunchException}, whose
 * cause is the cluster wait's {@link WaitFailedError} (the condition, what was missing, the last
 * table or topology), and writes a failure report ({@link io.tcpscope.testkit.report.FailureReport}:
 * one HTML file, named after the container and the wait, under {@code target/tcpscope-reports/})
 * whose path ends the message. It composes with {@code WaitAllStrategy} like any wait.
 *
 * <p>Not thread-safe, as Testcontainers' waits are not: one per container.
 *
 * @since 0.1.0
 */
public class TcpscopeWaitStrategy extends AbstractWaitStrategy {

    private final String what;
    private final Condition condition;
    private PortSet p2pPorts = PortSet.P2P_DEFAULT;
    private InspectorMode mode = InspectorMode.AUTO;
    private boolean sharedNamespaces;

    /** What the wait waits for, on the cluster that holds the container. */
    interface Condition {
        /** Whether the container is adopted with every container on its network: its peers. */
        default boolean withPeers() {
            return false;
        }

        /** Waits on the cluster for the node that is the container. */
        void await(ClusterWait wait, String self);
    }

    TcpscopeWaitStrategy(String what, Condition condition) {
        this.what = what;
        this.condition = condition;
    }

    /**
     * The ports whose connections count as P2P connections; 9000-9001 by default.
     *
     * @param ports the P2P ports
     * @return this strategy
     */
    public TcpscopeWaitStrategy withP2pPorts(PortSet ports) {
        this.p2pPorts = Objects.requireNonNull(ports, "ports must not be null");
        return this;
    }

    /**
     * How the table is read; {@link InspectorMode#AUTO} by default, which reads {@code /proc} where
     * it can and needs nothing of the image.
     *
     * @param mode the mode
     * @return this strategy
     */
    public TcpscopeWaitStrategy withInspectorMode(InspectorMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        return this;
    }

    /**
     * Reads a container that has no network namespace of its own anyway. By default the wait refuses
     * one started with {@code withNetworkMode("host")} or {@code withNetworkMode("container:x")}: its
     * table would be the host's or the other container's, so a wait on it would pass on sockets that
     * are not its own. The start fails at once, with a {@link io.tcpscope.core.SharedNamespaceException}
     * whose one line says whose namespace it is.
     *
     * <pre>{@code
     * new GenericContainer<>("my/proxy:1").withNetworkMode("host")
     *         .waitingFor(TcpscopeWait.forListeningPort(8080).withSharedNamespaces());
     * }</pre>
     *
     * @return this strategy
     * @since 0.2.0
     */
    public TcpscopeWaitStrategy withSharedNamespaces() {
        this.sharedNamespaces = true;
        return this;
    }

    /**
     * How long to wait; 60 seconds by default. Zero reads once.
     *
     * @param startupTimeout the time
     * @return this strategy
     * @throws IllegalArgumentException if the time is negative
     */
    @Override
    public TcpscopeWaitStrategy withStartupTimeout(Duration startupTimeout) {
        Objects.requireNonNull(startupTimeout, "startupTimeout must not be null");
        if (startupTimeout.isNegative()) {
            throw new IllegalArgumentException("a time to wait is zero or more, not " + startupTimeout);
        }
        super.withStartupTimeout(startupTimeout);
        return this;
    }

    /**
     * Waits until the condition holds, as a cluster wait on the container; a wait that fails writes a
     * failure report and ends its exception's message with the report's path.
     */
    @Override
    protected void waitUntilReady() {
        WaitStrategyTarget target = waitStrategyTarget;
        String container = describe();
        DockerEngine engine = Containers.engineOf(target);
        WaitReport report = new WaitReport(what);
        Cluster cluster = null;
        try {
            cluster = adopt(target, engine).build().start();
            String self = cluster.node(target.getContainerId()).name();
            condition.await(cluster.await().withTimeout(startupTimeout)
                    .withFailFast("container " + container + " stopped", () -> !target.isRunning()), self);
        } catch (WaitFailedError e) {
            Cluster read = cluster;
            // a wait on one table carries no topology: the report draws the container as it is now
            throw failed("container " + container + ": " + e.getMessage(), e, report, engine,
                    e.lastTopology().isPresent() || read == null ? null : read::topology);
        } catch (ContainerLaunchException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed("waiting for " + what + " on container " + container + " failed: " + e.getMessage(), e, report,
                    engine, null);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** The container alone, or with every container on its one user network when its peers are awaited. */
    private ClusterAdoption adopt(WaitStrategyTarget target, DockerEngine engine) {
        ClusterAdoption adoption = Cluster.adopt().withEngine(engine).withP2pPorts(p2pPorts).withInspectorMode(mode);
        if (sharedNamespaces) {
            adoption.withSharedNamespaces();
        }
        if (!condition.withPeers()) {
            return adoption.container(target.getContainerId());
        }
        InspectContainerResponse info = target.getContainerInfo();
        List<String> networks = new ArrayList<>(info.getNetworkSettings() == null
                || info.getNetworkSettings().getNetworks() == null ? List.of()
                : info.getNetworkSettings().getNetworks().keySet());
        networks.removeAll(List.of("bridge", "host", "none"));
        if (networks.size() != 1) {
            throw new IllegalArgumentException("container " + describe() + " is on " + (networks.isEmpty()
                    ? "no user network" : "the user networks " + networks) + "; its peers are awaited on the one user"
                    + " network it shares with them: start it with withNetwork(network)");
        }
        return adoption.network(networks.get(0)).everyContainerOnNetwork();
    }

    /** The wait's exception, its message ending with where its failure report is. */
    private ContainerLaunchException failed(String message, Throwable cause, WaitReport report, DockerEngine engine,
                                            Supplier<Topology> topology) {
        String where;
        try {
            where = report.write("wait of container " + describe() + " for " + what,
                    shortName(waitStrategyTarget.getContainerInfo().getName()) + "-" + what,
                    new ContainerLaunchException(message, cause),
                    "container " + describe() + " on " + engine.endpoint() + ", read in " + mode + " mode", topology);
        } catch (RuntimeException e) {
            where = "\n(no failure report: " + e + ")";
        }
        return new ContainerLaunchException(message + where, cause);
    }

    private String describe() {
        return shortName(waitStrategyTarget.getContainerInfo().getName()) + " ("
                + waitStrategyTarget.getContainerId().substring(0, 12) + ")";
    }

    /** A container's name without the engine's leading slash. */
    static String shortName(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    @Override
    public String toString() {
        long ms = startupTimeout.toMillis();
        return "TcpscopeWait[" + what + ", " + mode + ", timeout " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms") + "]";
    }

    /** Live P2P connections between {@code min} and {@code max}. */
    static Condition activeConnections(int min, int max) {
        return (wait, self) -> wait.forActiveConnections(self, min, max);
    }

    /** A listener on every port. */
    static Condition listening(int... ports) {
        return (wait, self) -> wait.forListeningPort(self, ports);
    }

    /** A live P2P connection with each peer, by its name on the container's network. */
    static Condition connectedTo(List<String> peers) {
        return new Condition() {
            @Override
            public boolean withPeers() {
                return true;
            }

            @Override
            public void await(ClusterWait wait, String self) {
                wait.forConnected(peers.stream().map(p -> NodePair.of(self, p)).toArray(NodePair[]::new));
            }
        };
    }
}
