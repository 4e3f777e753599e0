package io.tcpscope.tck;

import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.TcpState;
import io.tcpscope.tck.internal.Socket;
import io.tcpscope.tck.internal.Targets;
import io.tcpscope.tck.internal.Workloads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The contract every {@link ConnectionInspector} meets. An adapter extends this class once, says
 * which inspector to test and which {@link TckFixture} starts its targets, and runs it as any JUnit 5
 * test:
 *
 * <pre>{@code
 * class MyInspectorTckIT extends InspectorTck {
 *     protected TckFixture fixture() { return DockerTckFixture.shared(); }
 *     protected ConnectionInspector inspector() { return new MyInspector(...); }
 * }
 * }</pre>
 *
 * <p>The targets' scripts open sockets on addresses and ports the TCK chose, and each isolated target
 * dials from one known port, so every socket is known before the inspector reads it: listeners on
 * exact IPv4 and IPv6 addresses and on all of them, connections over IPv4 and IPv6 loopback, CLOSE_WAIT
 * and TIME_WAIT, a table of 600 rows, P2P dials between targets, a target without tools, and targets
 * that are stopped, paused, removed or missing. The inspector must list exactly those sockets, and
 * fail on the others with the {@link ContainerUnavailableException} that says why; a paused target
 * is read by an inspector that {@linkplain #readsPausedTargets() says it reads one}.
 *
 * <p>Targets start once per fixture, so test classes that share a fixture share its targets.
 *
 * @since 0.1.0
 */
public abstract class InspectorTck {

    private Targets targets;
    private ConnectionInspector inspector;

    /**
     * Creates the suite; subclasses need no constructor of their own.
     */
    protected InspectorTck() {
    }

    /**
     * The fixture that starts the targets; called before each test, so it should return a shared one.
     *
     * @return the fixture, which may be shared with other test classes
     */
    protected abstract TckFixture fixture();

    /**
     * The inspector under test, reading the fixture's targets; called before each test.
     *
     * @return the inspector
     */
    protected abstract ConnectionInspector inspector();

    /**
     * Whether the inspector reads a target without tools. One that runs tools in the target (an exec
     * mode with no fallback) says {@code false}, and must then fail on such a target with an error
     * that says the tools are missing.
     *
     * @return {@code true} by default
     */
    protected boolean readsTargetsWithoutTools() {
        return true;
    }

    /**
     * Whether the inspector reads a paused target. A paused target keeps its sockets, and the kernel
     * still serves its table while its processes are frozen: an inspector that reads the table from
     * outside the target (procfs, {@code nsenter}) says {@code true}, and must then list exactly the
     * sockets the target opened before it was paused, so that a test can watch both ends of a link it
     * froze. One that runs something in the target or beside it (exec, a sidecar) cannot, and must
     * fail with a {@link ContainerUnavailableException} whose condition is
     * {@link Condition#PAUSED PAUSED}.
     *
     * @return {@code false} by default
     */
    protected boolean readsPausedTargets() {
        return false;
    }

    /** Starts the fixture's targets on first use, and gives each test an inspector of its own. */
    @BeforeEach
    final void startTargets() {
        targets = Targets.in(fixture());
        inspector = inspector();
    }

    /** Closes the test's inspector, twice: closing is idempotent. */
    @AfterEach
    final void closeInspector() {
        inspector.close();
        inspector.close();
    }

    @Test
    void an_isolated_target_lists_exactly_the_sockets_it_opened_over_ipv4_and_ipv6() {
        awaitTable(targets.solo(), sockets -> assertThat(sockets).containsExactlyInAnyOrderElementsOf(Workloads.soloSockets()));
    }

    @Test
    void close_wait_and_time_wait_are_listed_with_their_peers() {
        awaitTable(targets.states(), sockets -> {
            assertThat(sockets).containsAll(Workloads.statesSockets());
            assertThat(sockets).extracting(s -> s.local().port()).allMatch(Workloads.statesPorts()::contains);
        });
    }

    @Test
    void a_table_larger_than_any_read_buffer_is_listed_whole() {
        awaitTable(targets.big(), sockets -> assertThat(sockets).containsExactlyInAnyOrderElementsOf(Workloads.bigSockets()));
    }

    @Test
    void a_target_without_sockets_has_an_empty_table() {
        assertThat(inspector.connections(targets.idle())).isEmpty();
        assertThat(new PeerConnections(inspector).activeConnections(targets.idle())).isZero();
    }

    @Test
    void a_dial_between_targets_shows_at_both_ends_as_mirror_images() {
        String dialerAddress = fixture().address(targets.dialer());
        String listenerAddress = fixture().address(targets.listener());
        awaitTable(targets.dialer(), dialer -> {
            List<Socket> listener = Socket.of(inspector.connections(targets.listener()));
            List<Socket> dials = dialer.stream().filter(s -> s.remote().port() == 9000 || s.remote().port() == 8080).toList();
            assertThat(dials).extracting(Socket::state).containsExactly(TcpState.ESTABLISHED, TcpState.ESTABLISHED);
            assertThat(dials).extracting(s -> s.remote().port()).containsExactlyInAnyOrder(9000, 8080);
            assertThat(dials).as("the dials' ends, at the addresses the engine gave the two targets")
                    .extracting(s -> s.local().address(), s -> s.remote().address())
                    .containsOnly(tuple(Endpoint.of(dialerAddress, 0).address(), Endpoint.of(listenerAddress, 0).address()));
            assertThat(Workloads.onLocalPorts(listener, List.of(9000, 8080))).containsExactlyInAnyOrder(
                    Socket.listening("::", 9000), Socket.listening("::", 8080),
                    dials.get(0).mirrored(), dials.get(1).mirrored());
        });
    }

    @Test
    void a_single_dial_counts_once_on_each_node() {
        awaitMirrored(targets.dialer(), targets.listener(), 9000);

        PeerConnections peers = new PeerConnections(inspector);
        assertThat(peers.activeConnections(targets.listener())).isEqualTo(1);
        assertThat(peers.activeConnections(targets.dialer())).isEqualTo(1);
    }

    @Test
    void a_bidirectional_pair_counts_twice_on_each_node() {
        awaitMirrored(targets.left(), targets.right(), 9001);
        awaitMirrored(targets.right(), targets.left(), 9001);

        PeerConnections peers = new PeerConnections(inspector);
        assertThat(peers.activeConnections(targets.left())).isEqualTo(2);
        assertThat(peers.activeConnections(targets.right())).isEqualTo(2);
    }

    @Test
    void connections_on_other_ports_are_listed_but_not_counted() {
        awaitMirrored(targets.dialer(), targets.listener(), 8080);
        awaitMirrored(targets.dialer(), targets.listener(), 9000);

        List<Socket> listed = Socket.of(new PeerConnections(inspector).connections(targets.dialer()));
        assertThat(listed).filteredOn(s -> s.state() == TcpState.ESTABLISHED)
                .extracting(s -> s.remote().port()).containsExactlyInAnyOrder(9000, 8080);
        assertThat(new PeerConnections(inspector).activeConnections(targets.dialer())).isEqualTo(1);
    }

    @Test
    void a_target_without_tools_is_read_or_said_to_lack_them() {
        if (readsTargetsWithoutTools()) {
            awaitTable(targets.bare(), sockets -> assertThat(sockets).containsExactlyElementsOf(Workloads.bareSockets()));
        } else {
            assertThatThrownBy(() -> inspector.connections(targets.bare())).satisfies(e -> assertThat(
                    e instanceof InspectionFailedException failed && failed.toolsMissing()
                            || e instanceof CommandFailedException command && command.toolMissing())
                    .as("a failure that says the tools are missing: %s", e).isTrue());
        }
    }

    @Test
    void a_stopped_target_is_not_running() {
        assertUnavailable(targets.stopped(), Condition.NOT_RUNNING, "is not running");
    }

    @Test
    void a_paused_target_is_read_or_said_to_be_paused() {
        if (targets.paused() == null) {
            // the fixture says its engine cannot pause: then pausing a target fails, which is checked
            // here rather than the test skipped
            String idle = targets.idle();
            assertThatThrownBy(() -> fixture().pause(idle)).as("pausing on a fixture that says it cannot")
                    .isInstanceOf(RuntimeException.class);
            return;
        }
        if (readsPausedTargets()) {
            // paused once its sockets are all there, as the isolated target's, which it runs
            String frozen = targets.frozen(fixture(), running -> awaitTable(running,
                    sockets -> assertThat(sockets).containsExactlyInAnyOrderElementsOf(Workloads.soloSockets())));
            assertThat(Socket.of(inspector.connections(frozen))).as("the table of the paused %s", frozen)
                    .containsExactlyInAnyOrderElementsOf(Workloads.soloSockets());
            assertThat(inspector.connections(targets.paused())).as("the table of the paused %s", targets.paused()).isEmpty();
        } else {
            assertUnavailable(targets.paused(), Condition.PAUSED, "is paused");
        }
    }

    @Test
    void a_removed_target_is_not_found() {
        assertUnavailable(targets.removed(), Condition.NOT_FOUND, "was not found");
    }

    @Test
    void a_missing_target_is_not_found() {
        assertUnavailable(fixture().missing(), Condition.NOT_FOUND, "was not found");
    }

    /** Reads the target until its sockets, each listed once, pass the check, for the fixture's settle time at most. */
    private void awaitTable(String target, Consumer<List<Socket>> check) {
        Duration settle = fixture().settleTime();
        await("the table of " + target).atMost(settle).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<Socket> sockets = Socket.of(inspector.connections(target));
            assertThat(sockets).as("the table of %s", target).doesNotHaveDuplicates();
            check.accept(sockets);
        });
    }

    /** Waits until the dialer's connection to the port shows at both ends, each the other's mirror image. */
    private void awaitMirrored(String dialer, String listener, int port) {
        Endpoint from = Endpoint.of(fixture().address(dialer), 0);
        Endpoint to = Endpoint.of(fixture().address(listener), port);
        awaitTable(dialer, sockets -> {
            List<Socket> dial = sockets.stream()
                    .filter(s -> s.state() == TcpState.ESTABLISHED && s.remote().port() == port).toList();
            assertThat(dial).as("%s's connection to port %d", dialer, port).hasSize(1);
            assertThat(dial.get(0).local().address()).as("%s's end of it", dialer).isEqualTo(from.address());
            assertThat(dial.get(0).remote()).as("%s's end of it", listener).isEqualTo(to);
            assertThat(Socket.of(inspector.connections(listener))).as(listener).contains(dial.get(0).mirrored());
        });
    }

    private void assertUnavailable(String target, Condition condition, String message) {
        assertThatThrownBy(() -> inspector.connections(target))
                .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                    assertThat(e.condition()).isEqualTo(condition);
                    assertThat(e.container()).isEqualTo(target);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
