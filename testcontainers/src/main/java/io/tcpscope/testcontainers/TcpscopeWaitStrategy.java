package io.tcpscope.testcontainers;

import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.InspectorMode;
import io.tcpscope.testkit.TcpScope;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

import java.time.Duration;
import java.time.Instant;
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
 * it throws {@link ContainerLaunchException} with the last table or topology it saw, and writes a
 * failure report ({@link io.tcpscope.testkit.report.FailureReport}: one HTML file, named after the
 * container and the wait, under {@code target/tcpscope-reports/}) whose path ends the message. It
 * composes with {@code WaitAllStrategy} like any wait.
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

    /**
     * One look: whether the wait is done, and what it saw, for the failure message and report.
     *
     * @param done whether the condition holds
     * @param seen what it saw, in words
     * @param topology the topology it read, or {@code null} when it read one table
     * @param missing what it lacked, one line each
     */
    record Read(boolean done, String seen, Topology topology, List<String> missing) {
        Read {
            missing = List.copyOf(missing);
        }

        Read(boolean done, String seen) {
            this(done, seen, null, List.of());
        }
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

    /**
     * Reads until the condition holds. A wait that fails writes a failure report (see
     * {@link io.tcpscope.testkit.report.FailureReport}) under {@code target/tcpscope-reports/},
     * named after the container and the wait, and ends its exception's message with the report's path.
     */
    @Override
    protected void waitUntilReady() {
        String container = waitStrategyTarget.getContainerId();
        DockerEngine engine = Containers.engineOf(waitStrategyTarget);
        AtomicReference<String> last = new AtomicReference<>("nothing yet");
        WaitReport report = new WaitReport(what);
        try (TcpScope scope = TcpScope.builder().engine(engine).inspectorMode(mode).p2pPorts(p2pPorts).build();
             Condition now = condition.get()) {
            Target target = new Target(this, waitStrategyTarget, engine, scope);
            // the node is named by what the topology is asked for: its container's name
            Supplier<Topology> alone = () -> scope.topology(List.of(shortName(waitStrategyTarget.getContainerInfo().getName())));
            Read read = WaitPolling.poll(startupTimeout, () -> {
                if (!waitStrategyTarget.isRunning()) {
                    throw failed("container " + describe() + " stopped while waiting for " + what + "; last seen: "
                            + last.get(), null, report, engine, alone);
                }
                Instant at = Instant.now();
                Read seen = now.read(target);
                last.set(seen.seen());
                report.saw(at, seen);
                return seen;
            }, last);
            if (!read.done()) {
                throw failed("container " + describe() + " did not reach " + what + " within "
                        + WaitPolling.words(startupTimeout) + "; last seen: " + last.get(), null, report, engine, alone);
            }
        } catch (ContainerLaunchException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed("waiting for " + what + " on container " + container + " failed: " + e.getMessage()
                    + "; last seen: " + last.get(), e, report, engine, null);
        }
    }

    /**
     * The wait's exception, its message ending with where its failure report is: a file named after
     * the container and the wait.
     */
    private ContainerLaunchException failed(String message, Throwable cause, WaitReport report, DockerEngine engine,
                                            Supplier<Topology> alone) {
        String where;
        try {
            String container = describe();
            where = report.write("wait of container " + container + " for " + what,
                    shortName(waitStrategyTarget.getContainerInfo().getName()) + "-" + what,
                    new ContainerLaunchException(message, cause),
                    "container " + container + " on " + engine.endpoint() + ", read in " + mode + " mode", alone);
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
            List<TcpConnection> table = target.scope().connections(target.container().getContainerId());
            int n = PeerConnections.activeConnections(table, target.strategy().p2pPorts());
            boolean done = n >= min && n <= max;
            return new Read(done, n + " active; " + table(table), null, done ? List.of()
                    : List.of(n + " active P2P connections, where " + (min == max ? min : min + " to " + max) + " are awaited"));
        };
    }

    /** A listener on every port. */
    static Supplier<Condition> listening(int... ports) {
        return () -> target -> {
            List<TcpConnection> table = target.scope().connections(target.container().getContainerId());
            List<String> missing = Arrays.stream(ports).filter(p -> table.stream()
                    .noneMatch(c -> c.state() == TcpState.LISTEN && c.local().port() == p))
                    .mapToObj(p -> "no socket listens on port " + p).toList();
            return new Read(missing.isEmpty(), table(table), null, missing);
        };
    }
}
