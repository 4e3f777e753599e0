package io.tcpscope.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterAdoption;
import io.tcpscope.testkit.InspectorMode;
import io.tcpscope.testkit.TcpScope;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A Testcontainers wait that reads the container's own TCP table, with tcpscope, instead of
 * probing it from outside: so it holds until the service itself listens or is connected, whether
 * or not the image has a shell, and it works for P2P ports that are not exposed at all. Make one
 * with {@link TcpscopeWait}.
 *
 * <pre>{@code
 * new GenericContainer<>("my/node:1")
 *         .withNetwork(network).withNetworkAliases("node-b")
 *         .waitingFor(TcpscopeWait.forActiveConnections(1).onPorts(PortSet.parse("7000")));
 * }</pre>
 *
 * <p>It reads every 200 ms, the first time at once, until its condition holds or the startup
 * timeout (60 s by default, {@link #withStartupTimeout}) is up; it fails at once when the
 * container stops. Either way it throws {@link ContainerLaunchException} with the last table or
 * topology it saw. It composes with {@code WaitAllStrategy} like any wait.
 *
 * <p>Not thread-safe, as Testcontainers' waits are not: one per container.
 */
public class TcpscopeWaitStrategy extends AbstractWaitStrategy {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String what;
    private final Condition condition;
    private PortSet p2pPorts = PortSet.P2P_DEFAULT;
    private InspectorMode mode = InspectorMode.AUTO;

    /** What a wait reads, and when it is done; the strategy's own waits are made by {@link TcpscopeWait}. */
    interface Condition {
        /** Reads what the wait looks at, and says whether it is done. */
        Read read(TcpscopeWaitStrategy strategy, TcpScope scope, DockerEngine engine, String container);
    }

    /** One look: whether the wait is done, and what it saw, for the failure message. */
    record Read(boolean done, String seen) {
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
    public TcpscopeWaitStrategy onPorts(PortSet ports) {
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
    public TcpscopeWaitStrategy inMode(InspectorMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        return this;
    }

    @Override
    protected void waitUntilReady() {
        String container = waitStrategyTarget.getContainerId();
        DockerEngine engine = Containers.engineOf(waitStrategyTarget);
        AtomicReference<String> last = new AtomicReference<>("nothing yet");
        try (TcpScope scope = TcpScope.builder().engine(engine).inspectorMode(mode).p2pPorts(p2pPorts).build()) {
            Read read = poll(startupTimeout, () -> {
                if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException("container " + describe() + " stopped while waiting for " + what
                            + "; last seen: " + last.get());
                }
                Read now = condition.read(this, scope, engine, container);
                last.set(now.seen());
                return now;
            }, last);
            if (!read.done()) {
                throw new ContainerLaunchException("container " + describe() + " did not reach " + what + " within "
                        + startupTimeout.toMillis() + " ms; last seen: " + last.get());
            }
        }
    }

    /** Reads until done, through the failures that time can mend, for at most {@code timeout}. */
    static Read poll(Duration timeout, Supplier<Read> read, AtomicReference<String> last) {
        Duration pause = POLL.compareTo(timeout.dividedBy(2)) < 0 ? POLL : timeout.dividedBy(2);
        RetryPolicy<Read> policy = RetryPolicy.<Read>builder()
                .handle(List.of(ContainerUnavailableException.class, EngineUnavailableException.class,
                        CommandTimeoutException.class))
                .handleResultIf(r -> !r.done())
                .withDelay(pause.isZero() ? Duration.ofMillis(1) : pause)
                .withMaxRetries(-1)
                .withMaxDuration(timeout.compareTo(pause) > 0 ? timeout : pause.plusMillis(1))
                .build();
        try {
            return Failsafe.with(policy).get(() -> {
                try {
                    return read.get();
                } catch (ContainerUnavailableException | EngineUnavailableException | CommandTimeoutException e) {
                    last.set(e.getMessage());
                    throw e;
                }
            });
        } catch (ContainerUnavailableException | EngineUnavailableException | CommandTimeoutException e) {
            return new Read(false, e.getMessage());
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting", e.getCause());
            }
            throw e;
        }
    }

    private String describe() {
        String name = waitStrategyTarget.getContainerInfo().getName();
        return (name.startsWith("/") ? name.substring(1) : name) + " (" + waitStrategyTarget.getContainerId().substring(0, 12) + ")";
    }

    PortSet p2pPorts() {
        return p2pPorts;
    }

    InspectorMode mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "TcpscopeWait[" + what + ", " + mode + ", timeout " + startupTimeout.toSeconds() + " s]";
    }

    /** The table, one socket a line. */
    static String table(List<TcpConnection> table) {
        return table.isEmpty() ? "an empty table" : table.size() + " sockets:\n"
                + table.stream().map(c -> "  " + c).collect(Collectors.joining("\n"));
    }

    /** Live P2P connections between {@code min} and {@code max}. */
    static Condition activeConnections(int min, int max) {
        return (strategy, scope, engine, container) -> {
            List<TcpConnection> table = scope.checkTcpConnections(container);
            int n = PeerConnections.countActive(table, strategy.p2pPorts());
            return new Read(n >= min && n <= max, n + " active; " + table(table));
        };
    }

    /** A listener on every port. */
    static Condition listening(int... ports) {
        return (strategy, scope, engine, container) -> {
            List<TcpConnection> table = scope.checkTcpConnections(container);
            boolean all = Arrays.stream(ports).allMatch(p -> table.stream()
                    .anyMatch(c -> c.state() == TcpState.LISTEN && c.local().port() == p));
            return new Read(all, table(table));
        };
    }

    /** A P2P connection with each named peer, found by its alias or name on a network the container shares. */
    static Condition connectedTo(List<String> peers) {
        return (strategy, scope, engine, container) -> {
            try (Cluster cluster = Peers.cluster(strategy, engine, container, peers)) {
                Topology t = cluster.topology();
                String self = t.nodes().get(0);
                boolean all = peers.stream().allMatch(p -> t.isConnected(self, p));
                return new Read(all, "\n" + TopologyRenderer.text(t));
            }
        };
    }

    /** Finds a container's peers by the names they go by on the networks it shares with them. */
    static final class Peers {
        private Peers() {
        }

        static Cluster cluster(TcpscopeWaitStrategy strategy, DockerEngine engine, String container, List<String> peers) {
            DockerClient client = strategy.waitStrategyTarget.getDockerClient();
            InspectContainerResponse self = client.inspectContainerCmd(container).exec();
            Map<String, ContainerNetwork> networks = self.getNetworkSettings().getNetworks();
            Map<String, String> found = new LinkedHashMap<>();
            String on = null;
            for (String peer : peers) {
                for (Container c : client.listContainersCmd().exec()) {
                    if (c.getId().equals(self.getId()) || c.getNetworkSettings() == null) {
                        continue;
                    }
                    for (Map.Entry<String, ContainerNetwork> n : c.getNetworkSettings().getNetworks().entrySet()) {
                        if (networks.containsKey(n.getKey()) && answersTo(client, c, n.getKey(), peer)) {
                            found.putIfAbsent(peer, c.getId());
                            on = on == null ? n.getKey() : on;
                        }
                    }
                }
                if (!found.containsKey(peer)) {
                    throw new ContainerLaunchException("no container on the networks " + networks.keySet()
                            + " of " + self.getName() + " goes by the name '" + peer + "'");
                }
            }
            ClusterAdoption adoption = Cluster.adopt().engine(engine).network(on).p2pPorts(strategy.p2pPorts())
                    .inspectorMode(strategy.mode()).node(self.getName().replaceFirst("^/", ""), self.getId());
            found.forEach(adoption::node);
            return adoption.build();
        }

        private static boolean answersTo(DockerClient client, Container c, String network, String peer) {
            List<String> names = new ArrayList<>(Arrays.asList(c.getNames()));
            if (names.contains("/" + peer)) {
                return true;
            }
            try {
                ContainerNetwork on = client.inspectContainerCmd(c.getId()).exec().getNetworkSettings().getNetworks().get(network);
                return on != null && on.getAliases() != null && on.getAliases().contains(peer);
            } catch (NotFoundException gone) {
                return false;
            }
        }
    }
}
