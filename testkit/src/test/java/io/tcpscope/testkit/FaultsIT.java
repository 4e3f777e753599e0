package io.tcpscope.testkit;

import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.internal.Inspectors;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.OutputLimitExceededException;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.exec.ExecInspector;
import io.tcpscope.core.exec.InspectionCommand;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestImages;
import io.tcpscope.procfs.ProcfsInspector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected into a real engine while tcpscope works. Each one gives a typed error, and
 * afterwards the same objects, in the same JVM, read tables again.
 *
 * <p>No test here measures time. A command's timeout bounds every wait of the executor, so a fault
 * that it did not notice would end as a {@link CommandTimeoutException} carrying that timeout: an
 * error of another type, about the fault, shows that the fault was noticed first. The waits below
 * are long only so that a hang fails a test rather than stalling the build; how soon errors come
 * is measured by {@code bench/run}.
 */
class FaultsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** How long a test waits for what must come, before it takes it for a hang. */
    private static final Duration HANG = Duration.ofMinutes(2);

    private static DockerTestCluster cluster;
    private static DockerEngine engine;
    private static DockerCommandExecutor executor;

    @BeforeAll
    static void engine() {
        cluster = DockerTestCluster.shared();
        engine = cluster.engine();
        executor = new DockerCommandExecutor(engine);
    }

    @Test
    void a_container_stopped_during_an_inspection_is_not_running_and_is_read_again_once_started() throws Exception {
        // given: a command that is still running when the container stops
        String node = cluster.runOn("none", "stopped-midway", "exec sleep 100000");
        ConnectionInspector inspector = Inspectors.create(InspectorMode.EXEC, engine);
        var running = CompletableFuture.supplyAsync(() -> executor.execute(node, List.of("sleep", "30"), TIMEOUT));
        awaitExecRunning(node);

        // when
        TestEngine.client().stopContainerCmd(node).withTimeout(0).exec();

        // then: the command in flight reports the stop, not its timeout; so does the next inspection
        Throwable thrown = catchThrowable(() -> running.get(HANG.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(thrown).cause().isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
            assertThat(e.condition()).isEqualTo(Condition.NOT_RUNNING);
            assertThat(e.container()).isEqualTo(node);
            assertThat(e.getSuppressed()).as("noticed, not timed out").noneMatch(CommandTimeoutException.class::isInstance);
        });
        assertThat(assertTyped(() -> inspector.connections(node), ContainerUnavailableException.class).condition())
                .isEqualTo(Condition.NOT_RUNNING);

        // and then
        TestEngine.client().startContainerCmd(node).exec();
        assertThat(inspector.connections(node)).isEmpty();
        cluster.removeContainer(node);
    }

    @Test
    void a_container_removed_during_an_inspection_was_removed_and_the_others_are_still_read() throws Exception {
        // given
        String node = cluster.run("removed-midway", "exec sleep 100000");
        ConnectionInspector inspector = Inspectors.create(InspectorMode.EXEC, engine);
        var running = CompletableFuture.supplyAsync(() -> executor.execute(node, List.of("sleep", "30"), TIMEOUT));
        awaitExecRunning(node);

        // when
        cluster.removeContainer(node);

        // then: the command in flight reports the removal, not its timeout; the next inspection finds nothing
        Throwable thrown = catchThrowable(() -> running.get(HANG.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(thrown).cause().isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
            assertThat(e.condition()).isIn(Condition.REMOVED, Condition.NOT_FOUND);
            assertThat(e.container()).isEqualTo(node);
            assertThat(e.getSuppressed()).as("noticed, not timed out").noneMatch(CommandTimeoutException.class::isInstance);
        });
        assertThat(assertTyped(() -> inspector.connections(node), ContainerUnavailableException.class).condition())
                .isEqualTo(Condition.NOT_FOUND);

        // and then
        assertThat(withoutDetails(inspector.connections(cluster.listener())))
                .containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(cluster.listener())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec", "sidecar", "procfs", "engine-procfs"})
    void a_paused_container_is_said_to_be_paused_or_read_through_procfs_and_is_read_again_once_unpaused(InspectorMode mode) {
        // given: a container that listens, read once while it runs
        String node = cluster.runOn("none", "paused-" + mode.name(), "exec nc -ll -p 9000 -e cat");
        long pid = TestEngine.client().inspectContainerCmd(node).exec().getState().getPidLong();
        await().atMost(HANG).until(() -> !DockerTestCluster.netstatTable(pid).isEmpty()); // the kernel's own view
        ConnectionInspector inspector = Inspectors.create(mode, engine);
        assertThat(withoutDetails(inspector.connections(node)))
                .containsExactlyInAnyOrderElementsOf(withoutDetails(DockerTestCluster.netstatTable(pid)));

        // when
        TestEngine.client().pauseContainerCmd(node).exec();

        // then: procfs reads the frozen namespace's table from the host, and the engine-procfs reader from the
        // engine's host PID namespace, by an inspector that read it before and by one that asks the engine
        // for the first time; the modes that run something in or beside it say it is paused
        if (mode.equals(InspectorMode.PROCFS) || mode.equals(InspectorMode.ENGINE_PROCFS)) {
            List<io.tcpscope.core.TcpConnection> kernel = withoutDetails(DockerTestCluster.netstatTable(pid));
            assertThat(kernel).isNotEmpty();
            assertThat(withoutDetails(inspector.connections(node))).containsExactlyInAnyOrderElementsOf(kernel);
            assertThat(withoutDetails(Inspectors.create(mode, engine).connections(node))).containsExactlyInAnyOrderElementsOf(kernel);
        } else {
            ContainerUnavailableException e = assertTyped(() -> inspector.connections(node), ContainerUnavailableException.class);
            assertThat(e.condition()).isEqualTo(Condition.PAUSED);
            assertThat(e).hasMessageContaining("is paused");
        }

        // and then
        TestEngine.client().unpauseContainerCmd(node).exec();
        assertThat(withoutDetails(inspector.connections(node)))
                .containsExactlyInAnyOrderElementsOf(withoutDetails(DockerTestCluster.netstatTable(pid)));
        cluster.removeContainer(node);
    }

    @Test
    void a_command_that_hangs_times_out_and_leaves_no_thread_behind() {
        // given
        long before = streamThreads();

        // when
        String seconds = "30." + (System.nanoTime() % 1_000_000); // marks this exec among the container's
        CommandTimeoutException e = assertTyped(() -> executor.execute(cluster.idle(), List.of("sleep", seconds), TIMEOUT),
                CommandTimeoutException.class);

        // then: the executor gave up at the timeout it was given, on that command in that container, while the
        // engine still ran the command, which sleeps ten times as long
        assertThat(cluster.execRunning(cluster.idle(), seconds)).as("the command, when the executor gave up").isTrue();
        assertThat(e.timeout()).isEqualTo(TIMEOUT);
        assertThat(e.command()).containsExactly("sleep", seconds);
        assertThat(e.container()).isEqualTo(cluster.idle());
        assertThat(e).hasMessageContaining("did not finish within 3000 ms");
        await().atMost(HANG).until(() -> streamThreads() <= before);
        assertThat(executor.execute(cluster.idle(), List.of("echo", "ok"), TIMEOUT).stdoutText()).isEqualTo("ok\n");
    }

    @Test
    void a_missing_tool_is_reported_and_the_next_inspection_runs() {
        // the busybox image has no ss
        ExecInspector ssOnly = new ExecInspector(executor, TIMEOUT, List.of(InspectionCommand.SS));
        InspectionFailedException e = assertTyped(() -> ssOnly.connections(cluster.idle()), InspectionFailedException.class);
        assertThat(e.attempts()).singleElement().isInstanceOfSatisfying(CommandFailedException.class,
                attempt -> assertThat(attempt.toolMissing()).isTrue());

        // an image with no tool at all, and no fallback allowed: every attempt is named
        String slim = cluster.start("faults-slim", TestImages.SLIM, List.of(TestImages.SLIM_BUSYBOX), List.of("sleep", "100000"), "none");
        InspectionFailedException failed = assertTyped(
                () -> Inspectors.create(InspectorMode.EXEC, engine).connections(slim), InspectionFailedException.class);
        assertThat(failed.attempts()).hasSize(4).allSatisfy(a -> assertThat(a).isInstanceOf(CommandFailedException.class));
        cluster.removeContainer(slim);

        assertThat(Inspectors.create(InspectorMode.EXEC, engine).connections(cluster.idle())).isEmpty();
    }

    @Test
    void output_over_the_cap_is_refused_and_the_same_executor_reads_a_table_next() {
        DockerCommandExecutor capped = new DockerCommandExecutor(engine, 64 * 1024);
        OutputLimitExceededException e = assertTyped(
                () -> capped.execute(cluster.idle(), List.of("sh", "-c", "yes | head -c 10000000"), TIMEOUT),
                OutputLimitExceededException.class);
        assertThat(e.limitBytes()).isEqualTo(64 * 1024);

        assertThat(capped.execute(cluster.listener(), List.of("cat", "/proc/net/tcp"), TIMEOUT).stdoutText())
                .startsWith("  sl  local_address");
    }

    @Test
    void the_procfs_reader_that_loses_its_pid_reports_the_container_gone_and_reads_it_again_once_restarted() {
        // given
        String node = cluster.runOn("none", "procfs-loses-pid", "exec nc -ll -p 9000 -e cat");
        io.tcpscope.core.HostPidResolver pids = engine.hostPids();
        ProcfsInspector procfs = new ProcfsInspector(pids);
        long pid = pids.hostPid(node);
        await().atMost(HANG).until(() -> !DockerTestCluster.netstatTable(pid).isEmpty());
        assertThat(withoutDetails(procfs.connectionsOfPid(pid)))
                .containsExactlyInAnyOrderElementsOf(withoutDetails(DockerTestCluster.netstatTable(pid)));
        assertThat(withoutDetails(procfs.connections(node))).as("read, and its process remembered")
                .containsExactlyInAnyOrderElementsOf(withoutDetails(DockerTestCluster.netstatTable(pid)));

        // when
        TestEngine.client().stopContainerCmd(node).withTimeout(0).exec();

        // then: the PID that was read a moment ago is gone, and so is the container's
        assertThat(assertTyped(() -> procfs.connectionsOfPid(pid), ContainerUnavailableException.class)
                .condition()).isEqualTo(Condition.NOT_RUNNING);
        assertThat(assertTyped(() -> procfs.connections(node), ContainerUnavailableException.class)
                .condition()).isEqualTo(Condition.NOT_RUNNING);

        // and then: a new PID, found again, and read as the kernel shows it
        TestEngine.client().startContainerCmd(node).exec();
        long restarted = pids.hostPid(node);
        assertThat(restarted).isNotEqualTo(pid);
        await().atMost(HANG).until(() -> !DockerTestCluster.netstatTable(restarted).isEmpty());
        assertThat(withoutDetails(procfs.connections(node)))
                .containsExactlyInAnyOrderElementsOf(withoutDetails(DockerTestCluster.netstatTable(restarted)));

        // and a removed container is not found, by the inspector that remembers it
        cluster.removeContainer(node);
        assertThat(assertTyped(() -> procfs.connections(node), ContainerUnavailableException.class)
                .condition()).isEqualTo(Condition.NOT_FOUND);
    }

    /** Runs {@code call}, which must throw {@code type}. */
    static <T extends TcpscopeException> T assertTyped(Runnable call, Class<T> type) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(type);
        return type.cast(thrown);
    }

    private static void awaitExecRunning(String node) {
        await().atMost(Duration.ofSeconds(10)).until(() -> TestEngine.client().inspectContainerCmd(node).exec().getExecIds() != null);
    }

    /** docker-java reads each exec's output on a thread of its own. */
    static long streamThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("docker-java-stream")).count();
    }
}
