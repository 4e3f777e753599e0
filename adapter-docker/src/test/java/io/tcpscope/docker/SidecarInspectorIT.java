package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.AttachContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.StartContainerCmd;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The sidecar when its image goes away, and when its output does not arrive whole. */
class SidecarInspectorIT {

    private static DockerTestCluster cluster;
    private static DockerEngine engine;

    @BeforeAll
    static void engine() {
        cluster = DockerTestCluster.shared();
        engine = cluster.engine();
    }

    @Test
    void the_sidecar_runs_as_nobody_with_no_capabilities_a_read_only_root_and_no_new_privileges() {
        // given: the real engine, watched: each container the sidecar starts is inspected, by the engine, first
        List<InspectContainerResponse> started = new CopyOnWriteArrayList<>();
        DockerClient real = TestEngine.client();
        DockerClient watched = (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
                new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("startContainerCmd")) {
                        started.add(real.inspectContainerCmd((String) args[0]).exec());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        // when
        List<TcpConnection> table;
        try (DockerEngine engine = DockerEngine.builder().client(watched, "watched").build()) {
            table = new SidecarInspector(engine, SidecarImage.standard()).connections(cluster.listener());
        }

        // then: it read the table, as netstat in the container's namespace sees it, confined as the reader is
        assertThat(withoutDetails(table)).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(cluster.listener())));
        assertThat(started).hasSize(1);
        InspectContainerResponse sidecar = started.get(0);
        assertThat(sidecar.getConfig().getLabels()).containsEntry(SidecarImage.LABEL, "sidecar");
        assertThat(sidecar.getConfig().getUser()).isEqualTo("65534:65534");
        assertThat(sidecar.getHostConfig().getReadonlyRootfs()).isTrue();
        assertThat(sidecar.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
        if (TestEngine.isPodman()) {
            // Podman reports the capabilities it dropped, one by one
            assertThat(sidecar.getHostConfig().getCapDrop()).hasSizeGreaterThan(10);
        } else {
            assertThat(sidecar.getHostConfig().getCapDrop()).containsExactly(Capability.ALL);
        }
        assertThat(sidecar.getHostConfig().getCapAdd()).isNullOrEmpty();
        assertThat(sidecar.getHostConfig().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void a_slow_attach_to_the_sidecar_is_a_stalled_engine_that_a_wait_retries_and_leaves_no_helper_behind() {
        // given: the real engine, but its attach to the helper never starts (a stall no engine makes on demand)
        DockerClient real = TestEngine.client();
        AttachContainerCmd[] stalled = new AttachContainerCmd[1];
        stalled[0] = (AttachContainerCmd) Proxy.newProxyInstance(AttachContainerCmd.class.getClassLoader(),
                new Class<?>[] {AttachContainerCmd.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "exec" -> args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> method.getReturnType().isInstance(proxy) ? proxy : null;
                });
        DockerClient stalling = (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
                new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("attachContainerCmd")) {
                        return stalled[0];
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        String run = java.util.UUID.randomUUID().toString();
        try (DockerEngine engine = DockerEngine.builder().client(stalling, "stalling-engine")
                .labels(Map.of("io.tcpscope.test.stall", run)).build()) {
            SidecarInspector sidecar = new SidecarInspector(engine, SidecarImage.standard());

            // when / then
            assertThatThrownBy(() -> sidecar.connections(cluster.listener()))
                    .isInstanceOf(EngineUnavailableException.class)
                    .hasMessageContaining("stalling-engine")
                    .hasMessageContaining("attach");
        }
        assertThat(real.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("io.tcpscope.test.stall", run)).exec())
                .as("helpers left behind").isEmpty();
    }

    @Test
    void a_local_sidecar_image_deleted_meanwhile_is_built_again() {
        // given
        SidecarImage image = SidecarImage.built("tcpscope-test/doomed-sidecar:1");
        SidecarInspector sidecar = new SidecarInspector(engine, image);
        sidecar.connections(cluster.listener());
        String built = image.ensure(engine, cluster.listener());

        // when
        engine.client().removeImageCmd(built).withForce(true).exec();

        // then: the listener's table as the fixture made it, listening on 9000 and 8080, each dialed
        // once (the engine's DNS resolver listens on 127.0.0.11 in every container of a user network)
        List<TcpConnection> table = sidecar.connections(cluster.listener());
        assertThat(table).filteredOn(c -> c.state() == TcpState.LISTEN && !c.local().address().isLoopbackAddress())
                .extracting(c -> c.local().port())
                .containsExactlyInAnyOrder(9000, 8080);
        assertThat(table).filteredOn(c -> c.state() == TcpState.ESTABLISHED).extracting(c -> c.local().port())
                .containsExactlyInAnyOrder(9000, 8080);
        engine.client().removeImageCmd(image.ensure(engine, cluster.listener())).withForce(true).exec();
    }

    @Test
    void a_named_sidecar_image_deleted_meanwhile_is_said_to_be_missing_not_the_container() {
        // given
        engine.client().tagImageCmd(TestImages.BUSYBOX, "tcpscope-test/doomed-named", "1").exec();
        SidecarInspector sidecar = new SidecarInspector(engine, SidecarImage.named("tcpscope-test/doomed-named:1"));
        sidecar.connections(cluster.listener());

        // when
        engine.client().removeImageCmd("tcpscope-test/doomed-named:1").exec();

        // then
        assertThatThrownBy(() -> sidecar.connections(cluster.listener()))
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("the sidecar image 'tcpscope-test/doomed-named:1' is not on the engine; pull or build it first")
                .hasMessageNotContaining("was removed");
    }

    @Test
    void a_table_whose_output_does_not_arrive_whole_in_time_is_a_timeout_not_a_shorter_table() {
        // given: the real engine, except that the helper's output stream stops after one row and never
        // completes, which no real engine does on demand
        DockerClient client = Mockito.spy(engine.client());
        AttachContainerCmd attach = mock(AttachContainerCmd.class);
        when(attach.withStdOut(any())).thenReturn(attach);
        when(attach.withStdErr(any())).thenReturn(attach);
        when(attach.withFollowStream(any())).thenReturn(attach);
        when(attach.exec(any())).thenAnswer(call -> {
            ResultCallback.Adapter<Frame> callback = call.getArgument(0);
            callback.onStart(() -> { });
            callback.onNext(new Frame(StreamType.STDOUT, ("  sl  local_address rem_address   st tx_queue rx_queue tr"
                    + " tm->when retrnsmt   uid  timeout inode\n   0: 00000000:2328 00000000:0000 0A 00000000:00000000"
                    + " 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0\n").getBytes(StandardCharsets.US_ASCII)));
            return callback;
        });
        doAnswer(a -> attach).when(client).attachContainerCmd(anyString());
        SidecarInspector sidecar = new SidecarInspector(DockerEngine.of(client, "test"), SidecarImage.standard(),
                Duration.ofSeconds(3), DockerCommandExecutor.DEFAULT_OUTPUT_LIMIT);

        // then
        assertThatThrownBy(() -> sidecar.connections(cluster.listener())).isInstanceOf(CommandTimeoutException.class);
    }

    @Test
    void a_helper_the_engine_will_not_start_is_refused_in_the_engines_words_and_removed() {
        // given: the real engine, except that it refuses to start the helper as Podman does where
        // its default ulimits exceed this machine's hard limits, which a configured engine does not
        // do on demand
        String rlimit = "runc: runc create failed: unable to start container process: error during container init:"
                + " error setting rlimits for ready process: error setting rlimit type 7: operation not permitted:"
                + " OCI permission denied";
        DockerClient client = Mockito.spy(engine.client());
        StartContainerCmd start = mock(StartContainerCmd.class);
        when(start.exec()).thenThrow(new InternalServerErrorException(
                "Status 500: {\"cause\":\"operation not permitted\",\"message\":\"" + rlimit + "\",\"response\":500}\n"));
        doAnswer(a -> start).when(client).startContainerCmd(anyString());
        SidecarInspector sidecar = new SidecarInspector(DockerEngine.of(client, "test"), SidecarImage.standard());
        String target = engine.client().inspectContainerCmd(cluster.listener()).exec().getId();

        // then: the engine's words, not docker-java's dump of them, and no helper left behind
        assertThatThrownBy(() -> sidecar.connections(cluster.listener()))
                .isInstanceOfSatisfying(EngineRefusedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e).hasMessage("the Docker engine at test refused to start a helper for container '"
                            + cluster.listener() + "': " + rlimit + " (HTTP 500)");
                });
        assertThat(engine.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SidecarImage.LABEL + ".target", target)).exec()).isEmpty();
    }

    @Test
    void a_sidecar_is_attached_to_before_it_starts_and_the_engine_removes_it_when_it_exits() {
        // given: the real engine, watched: the order of the calls about the helper, and the helper's
        // own settings, as the engine shows them when it is started
        DockerClient client = Mockito.spy(engine.client());
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> autoRemove = new java.util.concurrent.CopyOnWriteArrayList<>();
        doAnswer(call -> {
            calls.add("attach " + call.getArgument(0));
            return call.callRealMethod();
        }).when(client).attachContainerCmd(anyString());
        doAnswer(call -> {
            String helper = call.getArgument(0);
            calls.add("start " + helper);
            autoRemove.add(engine.client().inspectContainerCmd(helper).exec().getHostConfig().getAutoRemove());
            return call.callRealMethod();
        }).when(client).startContainerCmd(anyString());
        SidecarInspector sidecar = new SidecarInspector(DockerEngine.of(client, "test"), SidecarImage.standard());

        // when
        sidecar.connections(cluster.listener());

        // then
        assertThat(calls).hasSize(2);
        String helper = calls.get(0).substring("attach ".length());
        assertThat(calls).containsExactly("attach " + helper, "start " + helper);
        assertThat(autoRemove).containsExactly(true);
        assertThat(engine.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(helper)).exec()).isEmpty();
    }

    @Test
    void the_sidecars_a_killed_process_left_are_swept_by_the_next_sidecar_read() throws Exception {
        // given: a sidecar created by a process that ended before it started it
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String[] self = Owner.self().label().split("/");
        String dead = self[0] + "/" + self[1] + "/" + self[2] + "/" + ended.pid() + "/1";
        String left = engine.client().createContainerCmd(TestImages.builtOn(engine)).withCmd("true")
                .withLabels(Map.of(SidecarImage.LABEL, "sidecar", ContainerRuntime.OWNER_LABEL, dead)).exec().getId();
        try {
            // when: a new engine's first sidecar read
            DockerEngine fresh = DockerEngine.of(engine.client(), engine.endpoint());
            new SidecarInspector(fresh, SidecarImage.standard()).connections(cluster.listener());

            // then
            assertThat(engine.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(left)).exec()).isEmpty();
        } finally {
            try {
                engine.client().removeContainerCmd(left).withForce(true).exec();
            } catch (RuntimeException gone) {
                // swept, as it should be
            }
        }
    }
}
