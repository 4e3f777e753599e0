package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.docker.EngineFaultProxy.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProvider;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The engine boundary under faults: a real engine behind an {@link EngineFaultProxy}, which stalls,
 * cuts or corrupts one kind of call at a time. Each call gives an {@link EngineUnavailableException}
 * within its bound (the test's timeout is only a guard against a hang), leaves no thread, file
 * descriptor or container behind, and the same call works once the fault is cleared.
 */
@ExtendWith(RequiresDocker.class)
class EngineFaultsIT {

    /** Short, so that the table runs quickly; the stall must end in it, not in the test's guard. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    private static final String LABEL = "io.tcpscope.test.faults";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** The threads a call may leave waiting on a stalled engine: tcpscope's and docker-java's for streams. */
    private static final List<String> CALL_THREADS = List.of(EngineCalls.THREAD_PREFIX, "docker-java-stream-");

    private static DockerClient real;
    private static String target;
    private static EngineFaultProxy proxy;
    private static DockerEngine engine;
    /** The same engine behind a client the caller made, with no timeout of its own, as Testcontainers' has. */
    private static DockerClient givenClient;
    private static DockerEngine given;

    private String victim;

    /** The calls of the table, each with the request it makes of the engine. */
    enum Call {
        INSPECT("GET", "/containers/[^/]+/json$"),
        EXEC_CREATE("POST", "/containers/[^/]+/exec$"),
        EXEC_START("POST", "/exec/[^/]+/start$"),
        PAUSE("POST", "/containers/[^/]+/pause$"),
        REMOVE("DELETE", "/containers/[^/?]+(\\?.*)?$"),
        LIST("GET", "/containers/json(\\?.*)?$"),
        /** The engine-side reader's helper: made afresh by an engine of its own each time. */
        READER_CREATE("POST", "/containers/create(\\?.*)?$"),
        READER_START("POST", "/containers/[^/]+/start$"),
        /** The sidecar's helper, one per read. */
        SIDECAR_CREATE("POST", "/containers/create(\\?.*)?$"),
        SIDECAR_START("POST", "/containers/[^/]+/start$");

        final String method;
        final String path;

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        void make(DockerEngine engine, String victim) {
            switch (this) {
                case INSPECT -> engine.runtime().inspect(target);
                case EXEC_CREATE, EXEC_START -> new DockerCommandExecutor(engine)
                        .execute(target, List.of("cat", "/proc/net/tcp"), Duration.ofSeconds(20));
                case PAUSE -> {
                    engine.runtime().pause(target);
                    real.unpauseContainerCmd(target).exec();
                }
                case REMOVE -> engine.runtime().remove(victim);
                case LIST -> engine.runtime().list(Map.of(LABEL, RUN), true);
                case READER_CREATE, READER_START -> {
                    // an engine of its own, whose reader starts a helper on its first read and ends it on close
                    try (DockerEngine own = engine == given
                            ? DockerEngine.builder().client(givenClient, proxy.host()).responseTimeout(RESPONSE_TIMEOUT).build()
                            : DockerEngine.builder().host(proxy.host()).responseTimeout(RESPONSE_TIMEOUT).build()) {
                        new EngineProcfsInspector(own).connections(target);
                    }
                }
                case SIDECAR_CREATE, SIDECAR_START -> new SidecarInspector(engine, SidecarImage.standard()).connections(target);
            }
        }
    }

    static Stream<Arguments> table() {
        return Arrays.stream(Call.values()).flatMap(call -> Stream.of(Fault.STALL, Fault.CUT, Fault.CORRUPT)
                .map(fault -> Arguments.of(call, fault)));
    }

    @BeforeAll
    static void start() throws IOException {
        DockerEngine direct = TestEngine.require();
        real = direct.client();
        String host = direct.endpoint();
        assertThat(host).as("the fault proxy stands in front of a unix socket").startsWith("unix://");
        TestImages.build(direct);
        target = run("target");
        proxy = EngineFaultProxy.start(Path.of(host.substring("unix://".length())));
        engine = DockerEngine.builder().host(proxy.host()).responseTimeout(RESPONSE_TIMEOUT).build();
        givenClient = io.tcpscope.docker.internal.DefaultClient.create(proxy.host(), null).streams();
        given = DockerEngine.builder().client(givenClient, proxy.host()).responseTimeout(RESPONSE_TIMEOUT).build();
    }

    @AfterAll
    static void stop() throws IOException {
        if (engine != null) {
            engine.close();
        }
        if (givenClient != null) {
            givenClient.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (real != null) {
            for (Container c : labelled()) {
                real.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
    }

    @BeforeEach
    void victim() {
        victim = run("victim-" + UUID.randomUUID().toString().substring(0, 4));
    }

    @AfterEach
    void clear() {
        proxy.clear();
        for (Container c : labelled()) {
            if ("paused".equals(c.getState())) {
                real.unpauseContainerCmd(c.getId()).exec();
            }
            if (!c.getNames()[0].substring(1).equals(target)) {
                real.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("table")
    @Timeout(90)
    void a_fault_gives_a_typed_error_leaves_nothing_behind_and_the_next_call_works(Call call, Fault fault)
            throws IOException {
        check(engine, call, fault);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Call.class)
    @Timeout(90)
    void a_stall_behind_a_client_the_caller_gave_is_bounded_too(Call call) throws IOException {
        check(given, call, Fault.STALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec", "sidecar", "engine-procfs"})
    @Timeout(120)
    void without_a_fault_the_proxy_relays_every_mode_attach_and_hijacked_streams_included(String mode) {
        // given: a listener, and the mode as the inspection context gives it, on the engine behind the proxy
        String listener = "tcpscope-faults-" + RUN + "-listener-" + mode;
        String id = real.createContainerCmd(TestImages.BUSYBOX).withName(listener).withLabels(Map.of(LABEL, RUN))
                .withCmd("nc", "-ll", "-p", "7072", "-e", "cat").exec().getId();
        real.startContainerCmd(id).exec();
        // an engine of its own, closed at the end, since the engine-side reader's helper and its attach
        // stream live as long as their engine does, and the other tests count the threads left
        try (DockerEngine own = DockerEngine.builder().host(proxy.host()).responseTimeout(RESPONSE_TIMEOUT).build()) {
            InspectionContext context = InspectionContext.builder().with(DockerEngine.class, own).build();
            ConnectionInspector inspector = java.util.ServiceLoader.load(InspectorProvider.class).stream()
                    .map(java.util.ServiceLoader.Provider::get).filter(p -> p.name().equals(mode)).findFirst()
                    .orElseThrow().create(context);
            int faulted = proxy.faulted();

            // then
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(inspector.connections(id))
                    .anyMatch(c -> c.state() == TcpState.LISTEN && c.local().port() == 7072));
            assertThat(proxy.faulted()).isEqualTo(faulted);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> callThreads() == 0);
    }

    private void check(DockerEngine engine, Call call, Fault fault) throws IOException {
        // given: the call works through the proxy, and this is what the JVM holds after it
        call.make(engine, call == Call.REMOVE ? run("warm-" + UUID.randomUUID().toString().substring(0, 4)) : null);
        awaitQuiet();
        long threads = callThreads();
        long fds = fds();
        List<String> helpers = helpers();
        int faulted = proxy.faulted();
        proxy.fault(call.method, call.path, fault);

        // when
        Throwable thrown = catchThrowable(() -> call.make(engine, victim));

        // then: a typed error, for the call the fault was on
        assertThat(proxy.faulted()).as("the fault was applied").isGreaterThan(faulted);
        // a corrupt answer too: the transport reports it as a broken exchange (an IOException), and
        // whatever answers at the address is no engine that can be used
        assertThat(thrown).isInstanceOf(EngineUnavailableException.class).hasMessageContaining(proxy.host());
        if (fault == Fault.STALL) {
            assertThat(((EngineUnavailableException) thrown).call()).as("the call that stalled is named").isPresent();
            assertThat(thrown.getMessage()).doesNotContain("\n");
        }

        // and: once the fault is gone, nothing is left behind, and the call works again
        proxy.clear();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(callThreads()).as("threads left waiting").isLessThanOrEqualTo(threads);
            assertThat(fds()).as("file descriptors left open").isLessThanOrEqualTo(fds);
            assertThat(helpers()).as("helper containers left, in the engine's own list").isSubsetOf(helpers);
        });
        call.make(engine, victim);
        List<String> left = labelled().stream().map(c -> c.getNames()[0].substring(1)).toList();
        assertThat(left).as("the engine's own list").containsExactlyInAnyOrderElementsOf(
                call == Call.REMOVE ? List.of(target) : List.of(target, victim));
    }

    /** Lets the threads of the warm-up call go idle and end, so that they are not counted. */
    private static void awaitQuiet() {
        await().atMost(Duration.ofSeconds(30)).until(() -> callThreads() == 0);
    }

    private static long callThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> CALL_THREADS.stream().anyMatch(t.getName()::startsWith)).count();
    }

    private static long fds() throws IOException {
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            return open.count();
        }
    }

    /** This JVM's helper containers, the engine-side reader's and the sidecar's, as the engine lists them. */
    private static List<String> helpers() {
        return Stream.of("engine-procfs", "sidecar").flatMap(role -> real.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SidecarImage.LABEL, role, ContainerRuntime.OWNER_LABEL, Owner.self().label()))
                .exec().stream()).map(Container::getId).toList();
    }

    private static List<Container> labelled() {
        return real.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, RUN)).exec();
    }

    private static String run(String name) {
        String full = "tcpscope-faults-" + RUN + "-" + name;
        String id = real.createContainerCmd(TestImages.BUSYBOX).withName(full).withLabels(Map.of(LABEL, RUN))
                .withCmd("sleep", "100000").exec().getId();
        real.startContainerCmd(id).exec();
        return full;
    }
}
