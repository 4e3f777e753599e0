package io.tcpscope.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.ExecResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * An exec that fails tells the container's state, against the real engine, whatever the engine
 * answered about the exec: Docker and Podman answer the same state with different status codes.
 */
class ExecFailuresIT {

    private static final List<String> TABLE = List.of("cat", "/proc/net/tcp");
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
    void an_exec_in_a_stopped_container_is_not_running_whatever_status_the_engine_answers() {
        // given: the engine refuses the exec in its own way: Docker with 409, Podman with 500
        // "container state improper"
        Throwable refused = catchThrowable(() -> engine.client().execCreateCmd(cluster.stopped()).withCmd(TABLE.toArray(String[]::new)).exec());
        assertThat(refused).isInstanceOf(DockerException.class);

        // then
        assertThatThrownBy(() -> executor.execute(cluster.stopped(), TABLE, Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                    assertThat(e.condition()).isEqualTo(Condition.NOT_RUNNING);
                    assertThat(e).hasMessageEndingWith("is not running; start it or inspect a running container");
                });
    }

    @Test
    void a_container_stopped_while_a_command_runs_in_it_is_not_running() throws Exception {
        // given
        String node = cluster.run("stopped-midway", "exec sleep 100000");
        try {
            CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(
                    () -> executor.execute(node, List.of("sleep", "30"), Duration.ofSeconds(20)));
            awaitExecRunning(node);

            // when
            engine.client().stopContainerCmd(node).withTimeout(0).exec();

            // then: the stop ends the command, rather than its timeout
            assertThatThrownBy(() -> running.get(HANG.toSeconds(), TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                        assertThat(e.condition()).isEqualTo(Condition.NOT_RUNNING);
                        assertThat(e.getSuppressed()).as("noticed, not timed out")
                                .noneMatch(CommandTimeoutException.class::isInstance);
                    });
        } finally {
            cluster.removeContainer(node);
        }
    }

    @Test
    void a_container_paused_while_a_command_runs_in_it_is_paused_rather_than_the_command_late() throws Exception {
        // given: a command frozen with its container, which outlives its timeout
        String node = cluster.run("paused-midway", "exec sleep 100000");
        try {
            CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(
                    () -> executor.execute(node, List.of("sleep", "30"), Duration.ofSeconds(3)));
            awaitExecRunning(node);

            // when
            engine.client().pauseContainerCmd(node).exec();

            // then: the command's timeout ends it, and the container's state is what is said
            assertThatThrownBy(() -> running.get(HANG.toSeconds(), TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                        assertThat(e.condition()).isEqualTo(Condition.PAUSED);
                        assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(CommandTimeoutException.class);
                        assertThat(e).hasMessageContaining("is paused; unpause it");
                    });
        } finally {
            engine.client().unpauseContainerCmd(node).exec();
            cluster.removeContainer(node);
        }
    }

    /** Until the engine runs the container's one exec, so that what happens next happens to it. */
    private static void awaitExecRunning(String node) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> execs = engine.client().inspectContainerCmd(node).exec().getExecIds();
            return execs != null && !execs.isEmpty()
                    && Boolean.TRUE.equals(engine.client().inspectExecCmd(execs.get(0)).exec().isRunning());
        });
    }
}
