package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.EventSubscription;
import io.tcpscope.core.events.TcpTraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The kernel-events helper on the engine the environment names (with {@code CI=true} a missing
 * engine fails, as for every Docker IT): two containers of the test's own on a network of its own,
 * one dialing the other on a port nothing listens on. The oracle is the test's own: how many dials
 * it made, to which address the engine gave the target, from which address it gave the dialer, and
 * that every one was refused, as the dialer itself says. The instance is looked for on this
 * machine's tracefs, which the engine's kernel is where the engine runs here (the local engine, or
 * {@code .ci/remote-engine}'s, whose namespaces are its own but whose kernel is this one).
 */
class EngineEventSourceIT {

    private static final int DIALS = 5;
    private static final Path INSTANCES = Path.of("/sys/kernel/tracing/instances");

    private static DockerEngine engine;
    private static DockerClient client;
    private static String network;
    private static String dialer;
    private static String target;
    private static String dialerIp;
    private static String targetIp;

    @BeforeAll
    static void start() throws Exception {
        HostTracefs.mountIfMissing();
        engine = TestEngine.require();
        client = TestEngine.client();
        String prefix = "tcpscope-events-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String image = TestImages.builtOn(engine);
        network = engine.runtime().createNetwork(prefix + "net", DockerTestCluster.labels());
        dialer = run(image, prefix + "dialer");
        target = run(image, prefix + "target");
        dialerIp = ipOf(dialer);
        targetIp = ipOf(target);
    }

    @AfterAll
    static void stop() {
        for (String c : Stream.of(dialer, target).filter(java.util.Objects::nonNull).toList()) {
            client.removeContainerCmd(c).withForce(true).exec();
        }
        if (network != null) {
            client.removeNetworkCmd(network).exec();
        }
    }

    @Test
    void every_refused_dial_is_a_state_change_and_an_error_report_from_the_dialer_to_the_target() throws Exception {
        List<TcpTraceEvent> events = new CopyOnWriteArrayList<>();
        try (EventSubscription subscription = EngineEventSource.on(engine).subscribe(PortSet.range(9000, 9001), events::addAll)) {
            // when: the dialer dials the target's 9001, where nothing listens, five times, and 9002 once
            String said = exec(dialer, "for i in $(seq " + DIALS + "); do nc -w 2 " + targetIp + " 9001 </dev/null; done;"
                    + " nc -w 2 " + targetIp + " 9002 </dev/null; true");
            subscription.sync(Duration.ofSeconds(10));

            // then: five refusals, as the dialer says, and as the kernel said
            assertThat(count(said, "Connection refused")).as("refusals the dialer saw: %s", said).isEqualTo(DIALS + 1);
            List<TcpTraceEvent> dials = events.stream().filter(e -> addressOf(e.local()).equals(dialerIp)
                    && addressOf(e.remote()).equals(targetIp)).toList();
            assertThat(dials.stream().filter(e -> e.kind() == TcpTraceEvent.Kind.STATE_CHANGE
                    && e.oldState() == TcpState.SYN_SENT && e.newState() == TcpState.CLOSE && e.remote().port() == 9001))
                    .as("SYN-SENT > CLOSE from %s to %s:9001 in %s", dialerIp, targetIp, dials).hasSize(DIALS);
            assertThat(dials.stream().filter(e -> e.kind() == TcpTraceEvent.Kind.ERROR_REPORT
                    && e.error() == TcpTraceEvent.ECONNREFUSED && e.remote().port() == 9001))
                    .as("ECONNREFUSED from %s to %s:9001 in %s", dialerIp, targetIp, dials).hasSize(DIALS);
            assertThat(dials).as("the kernel's filter keeps 9002 out").noneMatch(e -> e.remote().port() == 9002);
            assertThat(subscription.overruns()).isZero();
        }
    }

    @Test
    void a_sync_returns_once_its_marker_came_back_through_the_pipe() {
        try (EventSubscription subscription = EngineEventSource.on(engine).subscribe(PortSet.of(9001), batch -> { })) {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                subscription.sync(Duration.ofSeconds(10));
                micros.add((System.nanoTime() - start) / 1_000);
            }
            Collections.sort(micros);
            System.out.println("EngineEventSourceIT: 20 syncs on " + engine.endpoint() + ": min " + micros.get(0)
                    + " µs, median " + micros.get(10) + " µs, max " + micros.get(19) + " µs; clock within "
                    + ((EngineEventSubscription) subscription).stream().clockUncertaintyNanos() / 1_000 + " µs");
            assertThat(subscription.isOpen()).isTrue();
        }
    }

    @Test
    void close_removes_the_helper_and_its_tracing_instance() throws Exception {
        // given: an open subscription, whose helper and instance are there
        EngineEventSubscription subscription = (EngineEventSubscription) EngineEventSource.on(engine)
                .subscribe(PortSet.of(9001), batch -> { });
        Path instance = INSTANCES.resolve(subscription.instance());
        assertThat(instance).as("the helper's instance on this machine's tracefs (this test needs an engine on this"
                + " machine's kernel)").isDirectory();
        assertThat(helpers()).extracting(Container::getId).contains(subscription.container());
        InspectContainerResponse helper = client.inspectContainerCmd(subscription.container()).exec();
        assertThat(helper.getHostConfig().getPrivileged()).isFalse();
        assertThat(helper.getHostConfig().getNetworkMode()).isEqualTo("none");
        assertThat(helper.getHostConfig().getReadonlyRootfs()).isTrue();
        assertThat(helper.getHostConfig().getAutoRemove()).isTrue();
        assertThat(helper.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
        assertThat(helper.getConfig().getLabels()).containsEntry(SidecarImage.LABEL, EngineEventHelper.ROLE)
                .containsEntry(ContainerRuntime.OWNER_LABEL, TestEngine.owner());
        assertThat(helper.getHostConfig().getCapAdd()).containsExactly(Capability.SYS_ADMIN);
        // Docker answers with the drop asked for (ALL); Podman with the default set it dropped, SYS_ADMIN not among them
        assertThat(helper.getHostConfig().getCapDrop()).satisfiesAnyOf(
                dropped -> assertThat(dropped).containsExactly(Capability.ALL),
                dropped -> assertThat(dropped).isNotEmpty().doesNotContain(Capability.SYS_ADMIN, Capability.ALL));
        // the kernel's word on its capabilities, where the engine's PIDs are this machine's (its cgroup names the
        // helper; a .ci/remote-engine's are not): CAP_SYS_ADMIN (21) and no other
        Path proc = Path.of("/proc", String.valueOf(helper.getState().getPidLong()));
        if (Files.isReadable(proc.resolve("cgroup")) && Files.readString(proc.resolve("cgroup")).contains(helper.getId())) {
            assertThat(Files.readAllLines(proc.resolve("status"))).contains("CapEff:\t0000000000200000",
                    "CapBnd:\t0000000000200000");
        }

        // when
        subscription.close();

        // then
        assertThat(instance).doesNotExist();
        assertThat(helpers()).extracting(Container::getId).doesNotContain(subscription.container());
        assertThat(subscription.isOpen()).isFalse();
        assertThatThrownBy(() -> subscription.sync(Duration.ofSeconds(1))).hasMessageContaining("the subscription is closed");
    }

    @Test
    void a_callback_may_close_its_own_subscription_but_not_sync_it() throws Exception {
        // given: a callback that syncs, then closes, on its first batch
        AtomicReference<EngineEventSubscription> self = new AtomicReference<>();
        AtomicReference<Throwable> syncFailure = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        self.set((EngineEventSubscription) EngineEventSource.on(engine).subscribe(PortSet.of(9001), batch -> {
            try {
                self.get().sync(Duration.ofSeconds(1));
            } catch (Throwable e) {
                syncFailure.set(e);
            }
            self.get().close();
            closed.countDown();
        }));
        EngineEventSubscription subscription = self.get();

        // when: a dial gives it a batch
        exec(dialer, "nc -w 2 " + targetIp + " 9001 </dev/null; true");

        // then: the sync failed at once, in one typed line, and the close went through on a thread of its own
        assertThat(closed.await(30, TimeUnit.SECONDS)).as("the callback ran and returned").isTrue();
        assertThat(syncFailure.get()).isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("sync was called from the subscription's own callback").hasMessageNotContaining("\n");
        assertThat(subscription.isOpen()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.listContainersCmd().withShowAll(true)
                .withIdFilter(List.of(subscription.container())).exec().isEmpty());
        assertThat(INSTANCES.resolve(subscription.instance())).doesNotExist();
    }

    @Test
    void the_helper_and_its_instance_go_when_the_jvm_that_subscribed_is_killed() throws Exception {
        // given: another JVM with an open subscription
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EngineEventChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] said;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            said = String.valueOf(out.readLine()).split(" ");
        }
        assertThat(said).as("the helper and instance the other JVM started").hasSize(2);
        assertThat(client.inspectContainerCmd(said[0]).exec().getState().getRunning()).isTrue();
        assertThat(INSTANCES.resolve(said[1])).isDirectory();

        // when: it dies without a chance to close anything
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // then: its attach closed, so the helper's stdin ended: it removed its instance, and the engine the helper
        await().atMost(Duration.ofSeconds(30)).until(() -> client.listContainersCmd().withShowAll(true)
                .withIdFilter(List.of(said[0])).exec().isEmpty());
        assertThat(INSTANCES.resolve(said[1])).doesNotExist();
    }

    @Test
    void an_engine_that_refuses_the_privileged_helper_fails_the_subscription_in_one_typed_line() throws Exception {
        String words = "authorization denied by plugin opa-docker-authz: request rejected by administrative policy";
        List<String> before = helpers().stream().map(Container::getId).toList();
        try (EngineFaultProxy proxy = EngineFaultProxy.start();
             DockerEngine refusing = DockerEngine.builder().host(proxy.host()).build()) {
            // given: an engine that refuses the helper's create, as dockerd does when an authorization plugin says no
            proxy.refuse("POST", "/containers/create", 403, words);

            // when / then
            assertThatThrownBy(() -> EngineEventSource.on(refusing).subscribe(PortSet.of(9001), batch -> { }))
                    .isInstanceOfSatisfying(EngineRefusedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.engineMessage()).isEqualTo(words);
                        assertThat(e.getMessage()).doesNotContain("\n")
                                .contains("a privileged container (CAP_SYS_ADMIN, to mount tracefs), which the kernel's TCP events on that engine need")
                                .contains("a recorder samples instead");
                    });
            assertThat(proxy.faulted()).isEqualTo(1);
        }
        assertThat(helpers()).extracting(Container::getId).as("no helper of the refused subscription").isSubsetOf(before);
    }

    @Test
    void an_engine_that_runs_neither_rootless_nor_remapped_may_be_tried() {
        // given: the engine's own word on its security options
        List<String> options = client.infoCmd().exec().getSecurityOptions();
        boolean restricted = options != null && options.stream().anyMatch(o -> o.contains("name=rootless") || o.contains("name=userns"));

        // when / then
        assertThat(EngineEventSource.unavailable(engine).isPresent()).as("unavailable, with %s", options).isEqualTo(restricted);
    }

    /** The kernel-events helpers of this JVM on the engine, running or not. */
    private static List<Container> helpers() {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(SidecarImage.LABEL,
                EngineEventHelper.ROLE, ContainerRuntime.OWNER_LABEL, TestEngine.owner())).exec();
    }

    private static String run(String image, String name) {
        String id = client.createContainerCmd(image).withName(name).withLabels(DockerTestCluster.labels())
                .withCmd("sleep", "100000")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network)).exec().getId();
        client.startContainerCmd(id).exec();
        return name;
    }

    private static String ipOf(String container) {
        var networks = client.inspectContainerCmd(container).exec().getNetworkSettings().getNetworks();
        return networks.values().iterator().next().getIpAddress();
    }

    /** Runs a shell script in the container and returns what it printed, stdout and stderr. */
    private static String exec(String container, String script) throws InterruptedException {
        String id = client.execCreateCmd(container).withCmd("sh", "-c", script)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        ResultCallback.Adapter<Frame> done = client.execStartCmd(id).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        });
        assertThat(done.awaitCompletion(60, TimeUnit.SECONDS)).as("the exec ended").isTrue();
        synchronized (out) {
            return out.toString();
        }
    }

    private static String addressOf(io.tcpscope.core.Endpoint end) {
        return end.address().getHostAddress();
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            n++;
        }
        return n;
    }
}
