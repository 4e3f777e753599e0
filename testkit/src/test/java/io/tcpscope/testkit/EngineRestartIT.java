package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.Inspectors;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestImages;
import io.tcpscope.docker.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.tcpscope.testkit.FaultsIT.assertTyped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The engine goes away in the middle of a run and comes back. The test starts a second
 * {@code dockerd} of its own, on its own socket, data and exec roots, with a bridge of its own and
 * no iptables rules, so the engine the other tests use is never touched. ({@code --bridge none}
 * would not do: dockerd then deletes {@code docker0}, the other engine's bridge.)
 * {@code --live-restore} keeps the container running while its engine is down, as a production
 * engine would be set up.
 */
class EngineRestartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /**
     * The second engine's bridge, made by this test under a name of its own (at most 15 characters,
     * as Linux allows), so that it never deletes a bridge it did not make, another run's included.
     */
    private static final String BRIDGE = "tse2-" + UUID.randomUUID().toString().substring(0, 8);
    /** An address for the bridge from TEST-NET-1, which no real network uses: one of its 64 /30s. */
    private static final String BRIDGE_ADDRESS = "192.0.2." + (4 * ThreadLocalRandom.current().nextInt(64) + 1) + "/30";

    private static boolean bridgeMade;

    private static Path root;
    private static Process dockerd;
    private static DockerEngine engine;
    private static String container;

    @BeforeAll
    static void startSecondEngine() throws Exception {
        TestEngine.require(); // the same rule as every Docker IT: in CI there must be an engine
        TestUser.requireRoot("EngineRestartIT starts a second dockerd, which"); // as .ci/run runs the ITs
        root = Files.createTempDirectory("tcpscope-engine2-");
        sh("ip link add name " + BRIDGE + " type bridge"); // fails if the name is taken: then it is not ours
        bridgeMade = true;
        sh("ip addr add " + BRIDGE_ADDRESS + " dev " + BRIDGE + " && ip link set " + BRIDGE + " up");
        dockerd = startDockerd();
        engine = DockerEngine.at("unix://" + root.resolve("docker.sock"));
        awaitEngine();
        TestImages.build(engine);
        container = TestEngine.clientOf(engine).createContainerCmd(TestImages.BUSYBOX).withName("tcpscope-engine2-node")
                .withCmd("sleep", "100000")
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                .exec().getId();
        TestEngine.clientOf(engine).startContainerCmd(container).exec();
    }

    @AfterAll
    static void stopSecondEngine() throws Exception {
        try {
            if (engine != null && container != null) {
                TestEngine.clientOf(engine).removeContainerCmd(container).withForce(true).exec();
            }
        } catch (RuntimeException e) {
            // the engine may be down if a test failed half-way; dockerd's shutdown below cleans up
        } finally {
            if (engine != null) {
                engine.close();
            }
            if (dockerd != null) {
                dockerd.destroy(); // SIGTERM: dockerd stops its containerd and unmounts its layers
                dockerd.waitFor(30, TimeUnit.SECONDS);
                dockerd.destroyForcibly();
            }
            if (root != null) {
                // whatever a failed test left: shims of the engine's containers, their mounts, the files
                // (the path goes in through the environment: in argv, pkill -f would match this sh)
                ProcessBuilder cleanup = new ProcessBuilder("sh", "-c", "pkill -f \"$ENGINE2_ROOT\"; sleep 1;"
                        + " grep -F \"$ENGINE2_ROOT\" /proc/mounts | cut -d' ' -f2 | xargs -r -n1 umount -l;"
                        + " rm -rf \"$ENGINE2_ROOT\"");
                cleanup.environment().put("ENGINE2_ROOT", root.toString());
                cleanup.inheritIO().start().waitFor();
                assertThat(root).as("the second engine's files are removed").doesNotExist();
            }
            if (bridgeMade) {
                sh("ip link del " + BRIDGE);
            }
        }
    }

    @Test
    void an_engine_that_dies_mid_run_is_reported_and_the_same_inspector_reads_again_once_it_is_back() throws Exception {
        // given: the inspector works, and a command is running when the engine dies
        ConnectionInspector inspector = Inspectors.create(InspectorMode.EXEC, engine);
        DockerCommandExecutor executor = new DockerCommandExecutor(engine);
        assertThat(inspector.connections(container)).isEmpty();
        var inFlight = CompletableFuture.supplyAsync(() -> executor.execute(container, List.of("sleep", "30"), TIMEOUT));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestEngine.clientOf(engine).inspectContainerCmd(container).exec().getExecIds() != null);

        // when
        dockerd.destroyForcibly().waitFor();

        // then: the command in flight and every new call fail with a typed error about the engine; the command's
        // error is not a CommandTimeoutException, so it came before the command's timeout ran out (the wait is
        // long only so that a hang fails the test)
        Throwable inFlightError = catchThrowable(() -> inFlight.get(2, TimeUnit.MINUTES));
        assertThat(inFlightError).cause().isInstanceOfAny(EngineUnavailableException.class, CommandFailedException.class);
        EngineUnavailableException down = assertTyped(() -> inspector.connections(container), EngineUnavailableException.class);
        assertThat(down.endpoint()).isEqualTo(engine.endpoint());
        assertThat(down).hasMessageContaining("cannot reach the Docker engine at " + engine.endpoint());

        // when the engine is back
        forgetDeadContainerd();
        dockerd = startDockerd();
        awaitEngine();

        // then: the same objects read the same container, which ran on meanwhile. A connection that a client
        // pooled before the engine died fails the first call that takes it, typed, as a wait sees it: only that
        // failure is let through, and only until the objects read again
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsMatching(e -> e instanceof EngineUnavailableException)
                .untilAsserted(() -> assertThat(inspector.connections(container)).isEmpty());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsMatching(e -> e instanceof EngineUnavailableException)
                .untilAsserted(() -> assertThat(executor.execute(container, List.of("echo", "back"), TIMEOUT).stdoutText())
                        .isEqualTo("back\n"));
    }

    /**
     * dockerd's containerd dies with it, but the pid file stays, and until the dead process is
     * reaped dockerd takes it for a live containerd and waits for it in vain.
     */
    private static void forgetDeadContainerd() throws IOException {
        Path pidFile = root.resolve("exec").resolve("containerd").resolve("containerd.pid");
        if (Files.exists(pidFile)) {
            Path proc = Path.of("/proc", Files.readString(pidFile).trim(), "stat");
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(proc) || Files.readString(proc).contains(") Z "));
            Files.delete(pidFile);
        }
    }

    private static Process startDockerd() throws IOException {
        List<String> argv = new ArrayList<>(List.of("dockerd",
                "--host", "unix://" + root.resolve("docker.sock"),
                "--data-root", root.resolve("data").toString(),
                "--exec-root", root.resolve("exec").toString(),
                "--pidfile", root.resolve("dockerd.pid").toString(),
                "--bridge", BRIDGE, "--iptables=false",
                "--live-restore"));
        return new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("dockerd.log").toFile())).start();
    }

    private static void sh(String script) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("sh", "-c", script).inheritIO().start().waitFor()).as(script).isZero();
    }

    private static void awaitEngine() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(TcpscopeException.class)
                .until(() -> {
                    assertThat(dockerd.isAlive()).as("dockerd is running; see " + root.resolve("dockerd.log")).isTrue();
                    engine.ping();
                    return true;
                });
    }
}
