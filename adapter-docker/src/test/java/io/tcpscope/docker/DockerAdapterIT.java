package io.tcpscope.docker;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.OutputLimitExceededException;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.exec.ExecInspector;
import io.tcpscope.core.exec.InspectionCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What is particular to the Docker adapter, against the real engine. No test measures time: a
 * bound is checked through what an error carries, and speed is measured by {@code bench/run}.
 */
class DockerAdapterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a test waits for what must come, before it takes it for a hang. */
    private static final Duration HANG = Duration.ofMinutes(2);

    private static DockerTestCluster cluster;
    private static DockerEngine engine;
    private static DockerCommandExecutor executor;

    @BeforeAll
    static void startCluster() {
        cluster = DockerTestCluster.shared();
        engine = cluster.engine();
        executor = new DockerCommandExecutor(engine);
    }

    private static ExecInspector inspector() {
        return new ExecInspector(executor, ExecInspector.DEFAULT_TIMEOUT, InspectionCommand.builtIn(),
                new SidecarInspector(engine, SidecarImage.standard()));
    }

    @Test
    void a_busybox_image_is_read_through_cat_of_the_proc_files() {
        ExecInspector inspector = inspector();
        inspector.connections(cluster.listener());
        assertThat(inspector.rememberedCommand(cluster.listener())).contains(InspectionCommand.PROC_FILES);
    }

    @Test
    void an_image_with_only_a_netstat_without_w_is_read_through_busybox_netstat() {
        // given: cat and ss missing, and busybox netstat refuses -W
        String peer = cluster.run("netstat-only-peer", "nc -ll -p 9000 -e cat");
        String node = cluster.start("netstat-only", TestImages.NETSTAT_ONLY, List.of("/bin/busybox"),
                List.of("sh", "-c", "until nc " + peer + " 9000 -e cat; do sleep 0.2; done"));
        try {
            cluster.awaitEstablished(node, 1);
            ExecInspector inspector = inspector();

            // when
            List<TcpConnection> listed = inspector.connections(node);

            // then
            assertThat(withoutDetails(listed)).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(node)));
            assertThat(inspector.rememberedCommand(node)).contains(InspectionCommand.BUSYBOX_NETSTAT);
        } finally {
            cluster.removeContainer(node);
            cluster.removeContainer(peer);
        }
    }

    @Test
    void an_image_without_any_tool_is_read_through_the_sidecar_which_is_removed_afterwards() {
        // given: the slim image has no shell, cat, ss, netstat or busybox on its PATH; a peer dials it
        String node = cluster.start("slim", TestImages.SLIM, null,
                List.of("nc", "-ll", "-p", "9000", "-e", TestImages.SLIM_BUSYBOX, "cat"));
        String peer = cluster.run("slim-peer", DockerTestCluster.dialLoop(node, 9000));
        try {
            cluster.awaitEstablished(node, 1);
            ExecInspector inspector = inspector();

            // when
            List<TcpConnection> listed = inspector.connections(node);

            // then
            assertThat(withoutDetails(listed)).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(node)));
            assertThat(inspector.usesFallback(node)).isTrue();
            assertThat(new PeerConnections(inspector).activeConnections(node)).isEqualTo(1);
            assertThat(sidecars()).isEmpty();
        } finally {
            cluster.removeContainer(peer);
            cluster.removeContainer(node);
        }
    }

    @Test
    void the_sidecar_is_removed_even_when_its_read_fails() {
        // given: a sidecar image without cat
        SidecarInspector broken = new SidecarInspector(engine, SidecarImage.named(TestImages.NETSTAT_ONLY));

        // then: the command failed, as Docker says once it ran, and as Podman says when it refuses the attach
        // ("cat is not in the image: preparing container … for attach"), which is read as the engine's answer
        assertThatThrownBy(() -> broken.connections(cluster.listener())).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("cat");
        assertThat(sidecars()).isEmpty();
    }

    @Test
    void a_network_with_ipv6_is_listed_exactly() {
        // given: a listener and a dialer on a network of their own with IPv6 enabled
        String v6net = engine.client().createNetworkCmd().withName(cluster.name("v6")).withEnableIpv6(true)
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet("fd00:7c5c::/64")))
                .withLabels(Map.of(DockerTestCluster.LABEL, "true")).exec().getId();
        String node = cluster.runOn(v6net, "v6-listener", "nc -ll -p 9000 -e cat");
        String nodeV6 = engine.client().inspectContainerCmd(node).exec().getNetworkSettings()
                .getNetworks().get(cluster.name("v6")).getGlobalIPv6Address();
        String peer = cluster.runOn(v6net, "v6-dialer", DockerTestCluster.dialLoop(nodeV6, 9000));
        try {
            cluster.awaitEstablished(node, 1);
            String peerV6 = engine.client().inspectContainerCmd(peer).exec().getNetworkSettings()
                    .getNetworks().get(cluster.name("v6")).getGlobalIPv6Address();

            // when
            List<TcpConnection> listed = inspector().connections(node);

            // then
            assertThat(withoutDetails(listed)).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(node)));
            assertThat(listed).filteredOn(c -> c.state() == TcpState.ESTABLISHED).singleElement()
                    .satisfies(c -> assertThat(c.remote().host()).isEqualTo(peerV6).contains("fd00:7c5c::"));
        } finally {
            cluster.removeContainer(peer);
            cluster.removeContainer(node);
            engine.client().removeNetworkCmd(v6net).exec();
        }
    }

    /** How long this takes is measured by bench/run ({@code DockerBench}, "exec-inspector-2000"). */
    @Test
    void two_thousand_connections_are_listed_exactly() {
        // given: 1,000 dials over loopback, each end held by a process of its own. busybox nc listens
        // with a tiny backlog, so the dials are paced: a burst overflows the accept queue and leaves
        // dialers whose final ACK the kernel dropped.
        String node = cluster.runOn("none", "many", "nc -ll -p 9000 -e cat & nc -ll -p 9001 -e cat & sleep 0.5; i=0;"
                + " while [ $i -lt 500 ]; do nc 127.0.0.1 9000 -e cat & nc 127.0.0.1 9001 -e cat & usleep 4000;"
                + " i=$((i+1)); done; wait");
        try {
            cluster.awaitEstablished(node, 2000);
            List<TcpConnection> kernel = withoutDetails(cluster.netstatTable(node));

            // when
            List<TcpConnection> listed = inspector().connections(node);

            // then
            assertThat(withoutDetails(listed)).hasSize(2002).containsExactlyInAnyOrderElementsOf(kernel);
            assertThat(PeerConnections.activeConnections(listed, io.tcpscope.core.PortSet.P2P_DEFAULT)).isEqualTo(2000);
        } finally {
            cluster.removeContainer(node);
        }
    }

    @Test
    void a_container_removed_while_a_command_runs_in_it_was_removed() throws Exception {
        // given: a command that outlives the container
        String node = cluster.run("doomed", "exec sleep 100000");
        var running = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> executor.execute(node, List.of("sleep", "30"), Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.client().inspectContainerCmd(node).exec().getExecIds() != null);

        // when
        cluster.removeContainer(node);

        // then: the removal, not the command's timeout (which would be a CommandTimeoutException), ends the command
        assertThatThrownBy(() -> running.get(HANG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                    assertThat(e.condition()).isEqualTo(ContainerUnavailableException.Condition.REMOVED);
                    assertThat(e.container()).isEqualTo(node);
                    assertThat(e).hasMessageContaining("was removed while it was being inspected");
                    assertThat(e.getSuppressed()).as("noticed, not timed out").noneMatch(CommandTimeoutException.class::isInstance);
                });
    }

    @Test
    void a_container_that_keeps_crashing_is_restarting() {
        // given: Docker's restart back-off doubles from 100 ms, so after a few crashes the container spends
        // seconds in the restarting state between two attempts. Podman restarts it at once, with no
        // back-off, so it never shows as restarting there: between two attempts it has exited.
        String node = cluster.name("crashing");
        engine.client().createContainerCmd(TestImages.BUSYBOX).withName(node).withCmd("false")
                .withLabels(Map.of(DockerTestCluster.LABEL, "true"))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withNetworkMode("none").withRestartPolicy(com.github.dockerjava.api.model.RestartPolicy.alwaysRestart()))
                .exec();
        engine.client().startContainerCmd(node).exec();
        boolean podman = TestEngine.isPodman();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var inspected = engine.client().inspectContainerCmd(node).exec();
                return inspected.getRestartCount() >= 4
                        && (podman || Boolean.TRUE.equals(inspected.getState().getRestarting()));
            });

            // then: never read as if it ran; on Docker, said to be restarting
            assertThatThrownBy(() -> inspector().connections(node))
                    .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                        if (podman) {
                            assertThat(e.condition()).isIn(ContainerUnavailableException.Condition.RESTARTING,
                                    ContainerUnavailableException.Condition.NOT_RUNNING);
                        } else {
                            assertThat(e.condition()).isEqualTo(ContainerUnavailableException.Condition.RESTARTING);
                            assertThat(e).hasMessageContaining("is restarting; wait until it is running");
                        }
                    });
        } finally {
            cluster.removeContainer(node);
        }
    }

    @Test
    void a_missing_tool_is_reported_as_such_by_the_engine() {
        ExecResult result = executor.execute(cluster.idle(), List.of("ss", "-tanH"), TIMEOUT);
        assertThatThrownBy(() -> InspectionCommand.SS.read(cluster.idle(), result))
                .isInstanceOfSatisfying(CommandFailedException.class, e -> assertThat(e.toolMissing()).isTrue());
    }

    @Test
    void commands_run_with_lc_all_c_and_never_through_a_shell() {
        // when
        ExecResult env = executor.execute(cluster.idle(), List.of("env"), TIMEOUT);
        ExecResult echo = executor.execute(cluster.idle(), List.of("echo", "$(touch /tmp/x)", ";", "rm", "-rf", "/"), TIMEOUT);
        ExecResult ls = executor.execute(cluster.idle(), List.of("ls", "/tmp"), TIMEOUT);

        // then
        assertThat(env.stdoutText()).contains("LC_ALL=C");
        assertThat(echo.stdoutText()).isEqualTo("$(touch /tmp/x) ; rm -rf /\n");
        assertThat(ls.stdoutText()).doesNotContain("x");
    }

    @Test
    void stdout_and_stderr_are_kept_apart_and_whole() {
        // given: more than docker-java's 1 KB frame buffer on both streams
        String script = "i=0; while [ $i -lt 3000 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done";

        // when
        ExecResult result = executor.execute(cluster.idle(), List.of("sh", "-c", script), TIMEOUT);

        // then
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            out.append("out").append(i).append('\n');
            err.append("err").append(i).append('\n');
        }
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdoutText()).isEqualTo(out.toString());
        assertThat(result.stderrText()).isEqualTo(err.toString());
    }

    @Test
    void output_over_the_cap_is_refused() {
        DockerCommandExecutor capped = new DockerCommandExecutor(engine, 1024);
        assertThatThrownBy(() -> capped.execute(cluster.idle(), List.of("sh", "-c", "yes | head -c 100000"), TIMEOUT))
                .isInstanceOfSatisfying(OutputLimitExceededException.class, e -> {
                    assertThat(e.limitBytes()).isEqualTo(1024);
                    assertThat(e.getMessage()).contains("wrote more than 1024 bytes");
                });
    }

    /** How soon the error comes after the timeout is measured by bench/run ({@code DockerBench}, "exec-timeout-500ms"). */
    @Test
    void a_command_that_hangs_times_out() {
        // then: the executor gave up at the timeout it was given, on that command, while the engine still ran it
        String seconds = "30." + (System.nanoTime() % 1_000_000); // marks this exec among the container's
        assertThatThrownBy(() -> executor.execute(cluster.idle(), List.of("sleep", seconds), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(CommandTimeoutException.class, e -> {
                    assertThat(cluster.execRunning(cluster.idle(), seconds)).as("the command, when the executor gave up").isTrue();
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
                    assertThat(e.command()).containsExactly("sleep", seconds);
                    assertThat(e.container()).isEqualTo(cluster.idle());
                    assertThat(e).hasMessageContaining("did not finish within 500 ms");
                });
    }

    @Test
    void commands_beyond_the_concurrent_limit_wait_their_turn_within_their_timeout() throws Exception {
        // given: one command at a time, and a command that holds the only turn for 2 s
        DockerCommandExecutor oneAtATime = new DockerCommandExecutor(engine, DockerCommandExecutor.DEFAULT_OUTPUT_LIMIT, 1);
        var holding = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> oneAtATime.execute(cluster.idle(), List.of("sleep", "2"), TIMEOUT));
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.client().inspectContainerCmd(cluster.idle()).exec().getExecIds() != null);

        // then: a caller whose timeout ends first gives up waiting, with its own timeout, before it reaches the
        // engine (its command would leave a file); one with time to spare runs next, and leaves its file
        String late = "/late-" + UUID.randomUUID(); // the image has no /tmp
        String next = "/next-" + UUID.randomUUID();
        assertThatThrownBy(() -> oneAtATime.execute(cluster.idle(), List.of("touch", late), Duration.ofMillis(500)))
                .isInstanceOfSatisfying(CommandTimeoutException.class, e -> {
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
                    assertThat(e.command()).containsExactly("touch", late);
                });
        assertThat(oneAtATime.execute(cluster.idle(), List.of("touch", next), TIMEOUT).exitCode()).isZero();
        assertThat(fileIn(cluster.idle(), next)).as("the file of the command that ran").isTrue();
        assertThat(fileIn(cluster.idle(), late)).as("the file of the command that gave up").isFalse();
        assertThat(holding.get(HANG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).exitCode()).isZero();
    }

    @Test
    void the_host_pid_is_the_containers_main_process() throws Exception {
        // when
        long pid = engine.hostPids().hostPid(cluster.idle());

        // then
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        assertThat(cmdline).startsWith("sleep\0" + "100000");
    }

    @Test
    void an_engine_that_cannot_be_reached_names_the_socket_that_was_tried() {
        // given
        String socket = "unix:///tmp/tcpscope-no-engine-here.sock";
        var client = com.github.dockerjava.core.DockerClientImpl.getInstance(
                com.github.dockerjava.core.DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(socket).build(),
                new com.github.dockerjava.zerodep.ZerodepDockerHttpClient.Builder()
                        .dockerHost(java.net.URI.create(socket)).build());
        DockerEngine nowhere = DockerEngine.of(client, socket);

        // then
        assertThatThrownBy(() -> new DockerCommandExecutor(nowhere).execute("node-a", List.of("cat"), TIMEOUT))
                .isInstanceOfSatisfying(EngineUnavailableException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(socket);
                    assertThat(e.getMessage()).startsWith("cannot reach the Docker engine at " + socket)
                            .contains("start dockerd, or point DOCKER_HOST at a running engine");
                });
    }

    @Test
    void container_references_that_could_reach_a_shell_are_refused_before_any_call() {
        assertThatThrownBy(() -> executor.execute("$(touch /tmp/x)", List.of("cat"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a container name or id");
        assertThatThrownBy(() -> executor.execute("; rm -rf /", List.of("cat"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Whether a file exists in a container, asked through the engine's archive endpoint (what docker cp uses), not through an exec. */
    private static boolean fileIn(String container, String path) throws java.io.IOException {
        try (java.io.InputStream tar = engine.client().copyArchiveFromContainerCmd(container, path).exec()) {
            return tar.read() >= 0;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }

    private static List<Container> sidecars() {
        return engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SidecarImage.LABEL, "sidecar")).exec();
    }
}
