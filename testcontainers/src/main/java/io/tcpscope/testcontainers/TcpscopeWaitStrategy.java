package io.tcpscope.testcontainers;

import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.InspectorMode;
import io.tcpscope.testkit.TcpScope;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * container stops, and when the engine answers with an error that time will not mend. Either way
 * it throws {@link ContainerLaunchException} with the last table or topology it saw. It composes
 * with {@code WaitAllStrategy} like any wait.
 *
 * <p>Not thread-safe, as Testcontainers' waits are not: one per container.
 */
public class TcpscopeWaitStrategy extends AbstractWaitStrategy {

    private final String what;
    private final Supplier<Condition> condition;
    private PortSet p2pPorts = PortSet.P2P_DEFAULT;
    private InspectorMode mode = InspectorMode.AUTO;

    /**
     * What a wait reads, and when it is done. Each wait makes a new one, which may keep what it
     * found between reads, and closes it at the end.
     */
    interface Condition extends AutoCloseable {
        /** Reads what the wait looks at, and says whether it is done. */
        Read read(Target target);

        @Override
        default void close() {
        }
    }

    /** What a condition reads: the container, the engine it runs on, and a scope on that engine. */
    record Target(TcpscopeWaitStrategy strategy, WaitStrategyTarget container, DockerEngine engine, TcpScope scope) {
    }

    /** One look: whether the wait is done, and what it saw, for the failure message. */
    record Read(boolean done, String seen) {
    }

    TcpscopeWaitStrategy(String what, Supplier<Condition> condition) {
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

    /**
     * How long to wait; 60 seconds by default. Zero reads once.
     *
     * @param startupTimeout the time
     * @return this strategy
     * @throws IllegalArgumentException if the time is negative
     */
    @Override
    public TcpscopeWaitStrategy withStartupTimeout(Duration startupTimeout) {
        super.withStartupTimeout(WaitPolling.notNegative(startupTimeout));
        return this;
    }

    @Override
    protected void waitUntilReady() {
        String container = waitStrategyTarget.getContainerId();
        DockerEngine engine = Containers.engineOf(waitStrategyTarget);
        AtomicReference<String> last = new AtomicReference<>("nothing yet");
        try (TcpScope scope = TcpScope.builder().engine(engine).inspectorMode(mode).p2pPorts(p2pPorts).build();
             Condition now = condition.get()) {
            Target target = new Target(this, waitStrategyTarget, engine, scope);
            Read read = WaitPolling.poll(startupTimeout, () -> {
                if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException("container " + describe() + " stopped while waiting for " + what
                            + "; last seen: " + last.get());
                }
                Read seen = now.read(target);
                last.set(seen.seen());
                return seen;
            }, last);
            if (!read.done()) {
                throw new ContainerLaunchException("container " + describe() + " did not reach " + what + " within "
                        + WaitPolling.words(startupTimeout) + "; last seen: " + last.get());
            }
        } catch (ContainerLaunchException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContainerLaunchException("waiting for " + what + " on container " + container + " failed: "
                    + e.getMessage() + "; last seen: " + last.get(), e);
        }
    }

    private String describe() {
        return shortName(waitStrategyTarget.getContainerInfo().getName()) + " ("
                + waitStrategyTarget.getContainerId().substring(0, 12) + ")";
    }

    /** A container's name without the engine's leading slash. */
    static String shortName(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    PortSet p2pPorts() {
        return p2pPorts;
    }

    InspectorMode mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "TcpscopeWait[" + what + ", " + mode + ", timeout " + WaitPolling.words(startupTimeout) + "]";
    }

    /** The table, one socket a line. */
    static String table(List<TcpConnection> table) {
        return table.isEmpty() ? "an empty table" : table.size() + " sockets:\n"
                + table.stream().map(c -> "  " + c).collect(Collectors.joining("\n"));
    }

    /** Live P2P connections between {@code min} and {@code max}. */
    static Supplier<Condition> activeConnections(int min, int max) {
        return () -> target -> {
            List<TcpConnection> table = target.scope().checkTcpConnections(target.container().getContainerId());
            int n = PeerConnections.countActive(table, target.strategy().p2pPorts());
            return new Read(n >= min && n <= max, n + " active; " + table(table));
        };
    }

    /** A listener on every port. */
    static Supplier<Condition> listening(int... ports) {
        return () -> target -> {
            List<TcpConnection> table = target.scope().checkTcpConnections(target.container().getContainerId());
            boolean all = Arrays.stream(ports).allMatch(p -> table.stream()
                    .anyMatch(c -> c.state() == TcpState.LISTEN && c.local().port() == p));
            return new Read(all, table(table));
        };
    }
}
