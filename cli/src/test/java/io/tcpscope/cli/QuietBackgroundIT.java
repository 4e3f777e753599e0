package io.tcpscope.cli;

import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.EngineFaultProxy;
import io.tcpscope.docker.EngineFaultProxy.Fault;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * stderr belongs to the command's own thread: the runnable jar, in a JVM of its own, against an
 * engine behind {@link EngineFaultProxy} that stalls the removal of the sidecar's helpers until the
 * response timeout (2 s). Each read's thread then fails to remove its helper (the engine removes it
 * anyway, as it was started to be) and the library logs a warning about it, on that read thread;
 * the command's result does not depend on it, and its stderr shows none of it: nothing for a
 * {@code mesh} that succeeds, nothing for a {@code watch} ended by a signal.
 *
 * <p>The runnable jar logs nothing without {@code --debug}; each child here is started with
 * {@code -Dtcpscope.log.level=WARN} (which {@link Main} leaves alone unless {@code --debug}), so that
 * the warning is logged and {@link StderrGate} alone keeps it off stderr. The same mesh with
 * {@code --debug} shows it: the control that the warning is there to be dropped.
 */
class QuietBackgroundIT {

    /** Short, since each helper's removal waits it out; not so short that a busy engine misses it on other calls. */
    private static final String RESPONSE_TIMEOUT = "2";
    private static final String REMOVE = "/containers/[^/?]+(\\?.*)?$";
    /** What the read thread logs when a helper's removal times out (adapter-docker's HelperRun). */
    private static final String WARNING = "could not remove helper container";

    private static DockerTestCluster containers;
    private static EngineFaultProxy proxy;

    @TempDir
    Path dir;

    private Process process;

    @BeforeAll
    static void engine() throws IOException {
        TestEngine.require();
        containers = DockerTestCluster.shared();
        proxy = EngineFaultProxy.start();
    }

    @AfterEach
    void clear() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        proxy.clear();
    }

    @AfterAll
    static void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void a_mesh_whose_helpers_are_not_removed_in_time_prints_its_mesh_and_nothing_on_stderr() throws Exception {
        // given
        proxy.fault("DELETE", REMOVE, Fault.STALL);
        int faulted = proxy.faulted();

        // when
        Ran ran = start("mesh", containers.listener(), containers.dialer(), "--mode", "sidecar");
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("mesh ended").isTrue();

        // then
        assertThat(proxy.faulted() - faulted).as("helper removals stalled").isGreaterThanOrEqualTo(2);
        assertThat(process.exitValue()).as("status; stderr: " + ran.errText()).isZero();
        assertThat(ran.errText()).isEmpty();
        assertThat(ran.outText()).contains(containers.dialer() + " ", " -> " + containers.listener() + " ");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void the_same_mesh_with_debug_shows_the_warning_its_read_threads_log() throws Exception {
        // given
        proxy.fault("DELETE", REMOVE, Fault.STALL);
        int faulted = proxy.faulted();

        // when
        Ran ran = start("mesh", containers.listener(), containers.dialer(), "--mode", "sidecar", "--debug");
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("mesh ended").isTrue();

        // then
        assertThat(proxy.faulted() - faulted).as("helper removals stalled").isGreaterThanOrEqualTo(2);
        assertThat(process.exitValue()).as("status").isZero();
        assertThat(ran.errText()).contains("WARN", WARNING);
        assertThat(ran.outText()).contains(containers.dialer() + " ", " -> " + containers.listener() + " ");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void a_watch_whose_helpers_are_not_removed_in_time_ended_by_a_signal_prints_nothing_on_stderr() throws Exception {
        // given
        proxy.fault("DELETE", REMOVE, Fault.STALL);
        int faulted = proxy.faulted();
        // (not the mesh's containers: the engine may still be removing the helpers that joined those)
        Ran ran = start("watch", containers.bidiLeft(), containers.bidiRight(), "--mode", "sidecar", "--json",
                "--interval", "100ms");

        // when: the second sample's removals were asked for, so the first's timed out and were logged
        await().atMost(Duration.ofSeconds(60)).until(() -> proxy.faulted() - faulted >= 3 || !process.isAlive());
        assertThat(process.isAlive()).as("watch runs; stderr: %s", ran.errText()).isTrue();
        process.destroy();

        // then
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("watch ended").isTrue();
        String err = ran.errText();
        assertThat(err).as("stderr").doesNotContain("WARN", "Exception", "\tat ");
        assertThat(err).as("stderr").isEmpty();
        assertThat(ran.outText()).contains("\"kind\":\"OPENED\"");
    }

    /** Where a process started by {@link #start} writes: files, read once it has ended. */
    private record Ran(Path out, Path err) {
        String outText() throws IOException {
            return Files.readString(out);
        }

        String errText() throws IOException {
            return Files.readString(err);
        }
    }

    private Ran start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtcpscope.log.level=WARN", "-cp", Child.jar().toString(), "io.tcpscope.cli.Main"));
        command.addAll(List.of(args));
        Ran ran = new Ran(dir.resolve("stdout"), dir.resolve("stderr"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ran.out().toFile()).redirectError(ran.err().toFile());
        builder.environment().put("DOCKER_HOST", proxy.host());
        builder.environment().put("TCPSCOPE_ENGINE_RESPONSE_TIMEOUT", RESPONSE_TIMEOUT);
        process = builder.start();
        return ran;
    }
}
