package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.AttachContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpscopeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The engine-procfs reader against the real engine: one confined helper per engine, shared by its
 * inspectors; warm reads make no engine call; a helper that dies is replaced; and the helper goes
 * with the engine object that started it, or with its JVM when that is killed. The tables
 * themselves are checked by the TCK (tck's EveryModeTckIT); here the oracle is busybox netstat in
 * the container's namespace.
 */
class EngineProcfsInspectorIT {

    private static DockerTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = DockerTestCluster.shared();
    }

    @Test
    void one_confined_helper_serves_every_inspector_of_an_engine() throws Exception {
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            // when: two inspectors of one engine read two containers
            List<TcpConnection> listener = new EngineProcfsInspector(engine).connections(cluster.listener());
            String first = helperOf(engine);
            List<TcpConnection> dialer = new EngineProcfsInspector(engine).connections(cluster.dialer());

            // then: right tables, through one helper
            assertThat(withoutDetails(listener)).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(cluster.listener())));
            assertThat(withoutDetails(dialer)).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(cluster.dialer())));
            assertThat(helperOf(engine)).isEqualTo(first);
            assertThat(helpers(engine.client())).extracting(Container::getId).contains(first);
            InspectContainerResponse helper = engine.client().inspectContainerCmd(first).exec();
            assertThat(helper.getHostConfig().getPidMode()).isEqualTo("host");
            assertThat(helper.getHostConfig().getNetworkMode()).isEqualTo("none");
            assertThat(helper.getHostConfig().getReadonlyRootfs()).isTrue();
            // the kernel's word on its user and capabilities: nobody, and none (Docker reports CapDrop ALL,
            // Podman the list it dropped)
            List<String> status = Files.readAllLines(Path.of("/proc", helper.getState().getPidLong().toString(), "status"));
            assertThat(status).contains("CapEff:\t0000000000000000", "CapPrm:\t0000000000000000");
            assertThat(status).anyMatch(line -> line.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534"));
            assertThat(helper.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
            assertThat(helper.getHostConfig().getAutoRemove()).isTrue();
            assertThat(helper.getConfig().getLabels()).containsEntry(SidecarImage.LABEL, "engine-procfs")
                    .containsEntry(ContainerRuntime.OWNER_LABEL, TestEngine.owner());
        }
    }

    @Test
    void a_warm_read_makes_no_engine_call_and_no_exec() {
        AtomicInteger calls = new AtomicInteger();
        try (DockerEngine engine = DockerEngine.of(TestEngine.counting(TestEngine.client(), name -> !name.equals("close"), calls))) {
            EngineProcfsInspector reader = new EngineProcfsInspector(engine);
            String id = TestEngine.client().inspectContainerCmd(cluster.listener()).exec().getId();
            reader.connections(id); // cold: the engine gives the PID and starts the helper
            // the execs other tests ran in the shared listener, which Podman keeps listed for a while
            List<String> execsBefore = execIds(cluster.listener());
            calls.set(0);

            // when: read by id, which no other container ever has
            List<TcpConnection> warm = reader.connections(id);

            // then (the execs are looked at before the oracle runs one of its own)
            assertThat(calls).as("engine calls of a warm read").hasValue(0);
            assertThat(execIds(cluster.listener())).as("the listener's execs").isEqualTo(execsBefore);
            assertThat(withoutDetails(warm)).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(cluster.listener())));
        }
    }

    @Test
    void a_restarted_container_is_read_through_its_new_process() {
        String node = cluster.run("reader-restart", "nc -ll -p 9000 -e cat & nc -ll -p 9100 -e cat & wait");
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            EngineProcfsInspector reader = new EngineProcfsInspector(engine);
            await().atMost(Duration.ofSeconds(10)).until(() -> listens(cluster.netstatTable(node)));
            assertThat(withoutDetails(reader.connections(node))).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(node)));
            long before = engine.hostPids().hostPid(node);

            // when: the PID the reader keeps is gone
            engine.runtime().restart(node, Duration.ZERO);
            assertThat(engine.hostPids().hostPid(node)).isNotEqualTo(before);

            // then: the new process's table, as netstat shows it
            await().atMost(Duration.ofSeconds(10)).until(() -> listens(cluster.netstatTable(node)));
            assertThat(withoutDetails(reader.connections(node))).containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(node)));
        } finally {
            cluster.engine().runtime().remove(node);
        }
    }

    @Test
    void a_name_that_passed_to_another_container_reads_that_container() {
        // given: a container read by name, then renamed, and a new one under its name
        String name = cluster.name("reader-renamed");
        String first = cluster.run("reader-renamed", "exec nc -ll -p 9000 -e cat");
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            EngineProcfsInspector reader = new EngineProcfsInspector(engine);
            await().atMost(Duration.ofSeconds(10)).until(() -> listensOn(cluster.netstatTable(first), 9000));
            reader.connections(name);
            String old = TestEngine.client().inspectContainerCmd(first).exec().getId();
            TestEngine.client().renameContainerCmd(old).withName(name + "-old").exec();
            String second = cluster.run("reader-renamed", "exec nc -ll -p 9100 -e cat");
            await().atMost(Duration.ofSeconds(10)).until(() -> listensOn(cluster.netstatTable(second), 9100));

            // when / then: the new container's table, not the renamed one's
            assertThat(withoutDetails(reader.connections(name)))
                    .containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(second)));
            TestEngine.client().removeContainerCmd(old).withForce(true).exec();
        } finally {
            cluster.engine().runtime().remove(name);
        }
    }

    @Test
    void a_short_id_that_a_new_container_takes_as_its_name_reads_that_container() {
        // given: a container read by a short prefix of its id, which the engine resolves as an id
        String first = cluster.run("reader-short", "exec nc -ll -p 9000 -e cat");
        String firstId = TestEngine.client().inspectContainerCmd(first).exec().getId();
        String shortId = firstId.substring(0, 8);
        String second = null;
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            EngineProcfsInspector reader = new EngineProcfsInspector(engine);
            await().atMost(Duration.ofSeconds(10)).until(() -> listensOn(cluster.netstatTable(first), 9000));
            assertThat(withoutDetails(reader.connections(shortId)))
                    .containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(first)));

            // when: a new container takes it as its name, which the engine resolves before an id prefix
            second = TestEngine.client().createContainerCmd(TestImages.BUSYBOX).withName(shortId)
                    .withLabels(DockerTestCluster.labels()).withCmd("sh", "-c", "exec nc -ll -p 9100 -e cat")
                    .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            TestEngine.client().startContainerCmd(second).exec();
            String secondId = second;
            await().atMost(Duration.ofSeconds(10)).until(() -> listensOn(cluster.netstatTable(secondId), 9100));

            // then: the new container's table, not the first one's
            assertThat(withoutDetails(reader.connections(shortId)))
                    .containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(secondId)));
        } finally {
            if (second != null) {
                TestEngine.client().removeContainerCmd(second).withForce(true).exec();
            }
            cluster.engine().runtime().remove(first);
        }
    }

    @Test
    void a_helper_that_was_killed_is_replaced_at_the_next_read() {
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            EngineProcfsInspector reader = new EngineProcfsInspector(engine);
            reader.connections(cluster.listener());
            String first = helperOf(engine);

            // when
            engine.client().killContainerCmd(first).exec();
            await().atMost(Duration.ofSeconds(10)).until(() -> gone(first));

            // then
            assertThat(withoutDetails(reader.connections(cluster.listener())))
                    .containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(cluster.listener())));
            assertThat(helperOf(engine)).isNotEqualTo(first);
        }
    }

    @Test
    void the_helper_ends_with_the_engine_object_that_started_it() {
        DockerEngine engine = DockerEngine.fromEnvironment();
        new EngineProcfsInspector(engine).connections(cluster.listener());
        String helper = helperOf(engine);
        assertThat(helpers(engine.client())).extracting(Container::getId).contains(helper);

        // when
        engine.close();

        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(helper));
    }

    @Test
    void the_helper_ends_when_its_jvm_is_killed() throws Exception {
        // given: another JVM that read through a helper of its own, and then waits
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReaderChild.class.getName(), cluster.listener())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String helper;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            helper = out.readLine();
        }
        assertThat(helper).as("the helper the other JVM started").isNotBlank();
        assertThat(TestEngine.client().inspectContainerCmd(helper).exec().getState().getRunning()).isTrue();

        // when: it dies without a chance to clean up
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // then: its stdin closed, the helper exited, and the engine removed it
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEngine.client().listContainersCmd().withShowAll(true)
                .withIdFilter(List.of(helper)).exec().isEmpty());
    }

    @Test
    void an_interrupted_reader_fails_alone_keeps_its_flag_and_leaves_the_helper_to_the_others() throws Exception {
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            // given: a helper that serves, and a container read by its id, whose reads make no engine call
            // (an engine call of an interrupted thread is the engine's to bound and translate, not the reader's)
            EngineProcfsInspector reader = new EngineProcfsInspector(engine);
            String id = TestEngine.client().inspectContainerCmd(cluster.listener()).exec().getId();
            reader.connections(id);
            String helper = helperOf(engine);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();

            // when: a thread reads with its interrupt flag set
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    reader.connections(id);
                } catch (Throwable e) {
                    failure.set(e);
                }
                flagKept.set(Thread.currentThread().isInterrupted());
            }, "interrupted-reader");
            interrupted.start();
            interrupted.join(60_000);

            // then: it kept its flag and failed, if at all, with tcpscope's own exception; another thread
            // reads the right table through the same helper
            assertThat(flagKept).isTrue();
            assertThat(failure.get()).satisfiesAnyOf(f -> assertThat(f).isNull(),
                    f -> assertThat(f).isInstanceOf(TcpscopeException.class));
            assertThat(withoutDetails(reader.connections(id)))
                    .containsExactlyInAnyOrderElementsOf(withoutDetails(cluster.netstatTable(cluster.listener())));
            assertThat(helperOf(engine)).isEqualTo(helper);
        }
    }

    @Test
    void an_id_from_the_engine_that_is_no_full_container_id_is_a_typed_failure() {
        // given: a PID resolver (a port) that gives a short id, as no engine tcpscope knows does
        HostPidResolver odd = new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                return 1;
            }

            @Override
            public Optional<String> containerId(String container) {
                return Optional.of("3f2a");
            }

            @Override
            public HostProcess hostProcess(String container) {
                return new HostProcess(1, "3f2a");
            }
        };
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            EngineProcfsInspector reader = new EngineProcfsInspector(engine, odd, EngineProcfsInspector.DEFAULT_TIMEOUT);

            // when / then
            assertThatThrownBy(() -> reader.connections(cluster.listener()))
                    .isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("'3f2a'");
        }
    }

    @Test
    void a_slow_attach_is_a_stalled_engine_that_a_wait_retries_and_leaves_no_helper_behind() {
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
        String run = UUID.randomUUID().toString();
        try (DockerEngine engine = DockerEngine.builder().client(stalling, "stalling-engine")
                .labels(Map.of("io.tcpscope.test.stall", run)).build()) {
            EngineProcfsReader reader = new EngineProcfsReader(engine, 1 << 20, Duration.ofSeconds(2));

            // when / then
            assertThatThrownBy(() -> reader.session("node-a"))
                    .isInstanceOf(EngineUnavailableException.class)
                    .hasMessageContaining("stalling-engine")
                    .hasMessageContaining("attach");
            reader.close();
        }
        assertThat(real.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("io.tcpscope.test.stall", run)).exec())
                .as("helpers left behind").isEmpty();
    }

    @Test
    void an_attach_the_engine_refuses_is_said_in_its_words_not_as_a_stall_and_leaves_no_helper_behind() {
        // given: the real engine, asked to attach to a container it does not have instead of the helper
        DockerClient real = TestEngine.client();
        String nowhere = "tcpscope-test-no-such-" + UUID.randomUUID();
        DockerClient misdirected = (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
                new Class<?>[] {DockerClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("attachContainerCmd")) {
                        return real.attachContainerCmd(nowhere);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        String run = UUID.randomUUID().toString();
        try (DockerEngine engine = DockerEngine.builder().client(misdirected, "misdirected-engine")
                .labels(Map.of("io.tcpscope.test.stall", run)).build()) {
            EngineProcfsReader reader = new EngineProcfsReader(engine, 1 << 20);

            // when / then: the engine's answer (docker-java keeps only its status), not "did not answer within 30 s"
            assertThatThrownBy(() -> reader.session("node-a"))
                    .isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("misdirected-engine refused to attach to tcpscope's reader helper")
                    .hasMessageContaining("404");
            reader.close();
        }
        assertThat(real.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("io.tcpscope.test.stall", run)).exec())
                .as("helpers left behind").isEmpty();
    }

    private static boolean listensOn(List<TcpConnection> table, int port) {
        return table.stream().anyMatch(c -> c.state() == TcpState.LISTEN && c.local().port() == port);
    }

    /** Whether both of the test's listeners are up. */
    private static boolean listens(List<TcpConnection> table) {
        return table.stream().filter(c -> c.state() == TcpState.LISTEN).map(c -> c.local().port()).toList().containsAll(List.of(9000, 9100));
    }

    /** The helper this engine object reads through (other engine objects of this JVM may have theirs). */
    private static String helperOf(DockerEngine engine) {
        return engine.engineProcfsReader().session("the test").container();
    }

    /** Whether the engine no longer has the container. */
    private static boolean gone(String container) {
        return TestEngine.client().listContainersCmd().withShowAll(true).withIdFilter(List.of(container)).exec().isEmpty();
    }

    /** This JVM's reader helpers on the engine. */
    static List<Container> helpers(DockerClient client) {
        return client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SidecarImage.LABEL, "engine-procfs", ContainerRuntime.OWNER_LABEL, TestEngine.owner())).exec();
    }

    /** The execs the engine lists for a container, in no order of ours. */
    private static List<String> execIds(String container) {
        List<String> ids = TestEngine.client().inspectContainerCmd(container).exec().getExecIds();
        return ids == null ? List.of() : ids.stream().sorted().toList();
    }
}
