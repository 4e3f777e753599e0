package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProvider;
import io.tcpscope.docker.EngineFaultProxy.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The engine boundary under faults: a real engine behind an {@link EngineFaultProxy}, which stalls,
 * delays, cuts or corrupts one kind of call at a time. Each call gives an
 * {@link EngineUnavailableException} within its bound, the response timeout and 5 s (a hang guard
 * around the failing call alone, with a little slack for the call's own work, enforces it), leaves
 * no thread, file descriptor or container behind, and the same call works once the fault is cleared.
 *
 * <p>{@code -Dtcpscope.test.faults=stall} (or any comma-separated list of {@code stall, delay, cut,
 * corrupt}) runs only those fault columns; the default is all of them. The class says which run.
 */
@ExtendWith(RequiresDocker.class)
class EngineFaultsIT {

    /** Short, so that the table runs quickly; the stall must end in it, not in the test's guard. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    /** The bound on a stalled call: the response timeout and 5 s. */
    private static final Duration BOUND = RESPONSE_TIMEOUT.plusSeconds(5);
    /** A delay the calls outlast (they get the response timeout), and one they do not. */
    private static final Duration SHORT_DELAY = RESPONSE_TIMEOUT.dividedBy(4);
    private static final Duration LONG_DELAY = RESPONSE_TIMEOUT.plusSeconds(1);
    private static final String LABEL = "io.tcpscope.test.faults";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** The threads a call may leave waiting on the engine: tcpscope's and docker-java's for streams. */
    private static final List<String> CALL_THREADS = List.of(EngineCalls.THREAD_PREFIX, "docker-java-stream-");
    /** The fault columns that run: {@code -Dtcpscope.test.faults}, all by default. */
    private static final Set<Fault> COLUMNS = columns(System.getProperty("tcpscope.test.faults", "all"));
    /**
     * The calls a delay is tried on: a delayed request still reaches the engine, late, so these are
     * the ones whose late arrival could leave something behind (a plain call, a command's stream, an
     * attach to a helper removed meanwhile), without a row per call and delay.
     */
    private static final List<Call> DELAYED = List.of(Call.INSPECT, Call.EXEC_START, Call.ATTACH, Call.READER_CREATE,
            Call.SIDECAR_CREATE);

    private static DockerClient real;
    private static String target;
    private static String victim;
    private static EngineFaultProxy proxy;
    private static DockerEngine engine;
    /** The same engine behind a client the caller made, with no timeout of its own, as Testcontainers' has. */
    private static DockerClient givenClient;
    private static DockerEngine given;
    /** The calls made once through the proxy already, per engine, so that what they load once is not counted. */
    private static final Set<String> WARM = new HashSet<>();

    /** The calls of the table, each with the request it makes of the engine and how a stall names it. */
    enum Call {
        INSPECT("GET", "/containers/[^/]+/json$", "inspect container"),
        EXEC_CREATE("POST", "/containers/[^/]+/exec$", "exec create in"),
        EXEC_START("POST", "/exec/[^/]+/start$", "exec start in"),
        PAUSE("POST", "/containers/[^/]+/pause$", "pause"),
        REMOVE("DELETE", "/containers/[^/?]+(\\?.*)?$", "remove"),
        LIST("GET", "/containers/json(\\?.*)?$", "list containers"),
        /** The engine-side reader's helper: made afresh by an engine of its own each time. */
        READER_CREATE("POST", "/containers/create(\\?.*)?$", "create tcpscope's reader helper"),
        /** The engine-side reader's attach to its helper, before the helper starts. */
        ATTACH("POST", "/containers/[^/]+/attach(\\?.*)?$", "attach to the engine-procfs reader"),
        READER_START("POST", "/containers/[^/]+/start$", "start tcpscope's reader helper"),
        /** The sidecar's helper, one per read. */
        SIDECAR_CREATE("POST", "/containers/create(\\?.*)?$", "create a sidecar helper"),
        /** The sidecar's attach to its helper's output, before the helper starts. */
        SIDECAR_ATTACH("POST", "/containers/[^/]+/attach(\\?.*)?$", "attach to a sidecar helper"),
        SIDECAR_START("POST", "/containers/[^/]+/start$", "start a sidecar helper");

        final String method;
        final String path;
        final String said;

        Call(String method, String path, String said) {
            this.method = method;
            this.path = path;
            this.said = said;
        }

        /** Whether the call starts a helper, whose few successful calls before the faulty one count against the guard. */
        boolean startsHelper() {
            return this == READER_CREATE || this == ATTACH || this == READER_START || this == SIDECAR_CREATE
                    || this == SIDECAR_ATTACH || this == SIDECAR_START;
        }

        /** Whether the call's answer is a stream, read by docker-java on a thread of its own. */
        boolean streams() {
            return this == EXEC_START || this == ATTACH || this == SIDECAR_ATTACH;
        }

        /** The hang guard around the failing call: the bound, and slack for the call's own work. */
        Duration guard() {
            return BOUND.plusSeconds(startsHelper() ? 3 : 1);
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
                case READER_CREATE, ATTACH, READER_START -> {
                    // an engine of its own, whose reader starts a helper on its first read and ends it on close
                    try (DockerEngine own = engine == given
                            ? DockerEngine.builder().client(givenClient, proxy.host()).responseTimeout(RESPONSE_TIMEOUT).build()
                            : DockerEngine.builder().host(proxy.host()).responseTimeout(RESPONSE_TIMEOUT).build()) {
                        new EngineProcfsInspector(own).connections(target);
                    }
                }
                case SIDECAR_CREATE, SIDECAR_ATTACH, SIDECAR_START -> new SidecarInspector(engine, SidecarImage.standard()).connections(target);
            }
        }
    }

    /** Every call with a stall, a cut and a corrupt answer; the delay past the bound with the calls of {@link #delays()}. */
    static Stream<Arguments> table() {
        return Arrays.stream(Call.values()).flatMap(call -> Stream.of(Fault.STALL, Fault.DELAY, Fault.CUT, Fault.CORRUPT)
                .filter(COLUMNS::contains).filter(fault -> fault != Fault.DELAY || DELAYED.contains(call))
                .map(fault -> Arguments.of(call, fault)));
    }

    static Stream<Call> stalls() {
        return COLUMNS.contains(Fault.STALL) ? Arrays.stream(Call.values()) : Stream.empty();
    }

    /** The delay column's rows, when it runs; none under {@code -Dtcpscope.test.faults=stall}, as the class says. */
    static Stream<Call> delays() {
        return COLUMNS.contains(Fault.DELAY) ? DELAYED.stream() : Stream.empty();
    }

    @BeforeAll
    static void start() throws IOException {
        System.out.println("EngineFaultsIT runs the fault column(s) " + COLUMNS + " (-Dtcpscope.test.faults="
                + System.getProperty("tcpscope.test.faults", "all") + "), and the relay rows without a fault");
        DockerEngine direct = TestEngine.require();
        real = direct.client();
        assertThat(direct.endpoint()).as("the fault proxy stands in front of the engine the environment names")
                .isEqualTo("unix://" + EngineFaultProxy.engineSocket());
        TestImages.build(direct);
        target = run("target");
        victim = run("victim");
        proxy = EngineFaultProxy.start();
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

    /** Keeps the target and the victim, which no row consumes but REMOVE, and removes whatever else a row made. */
    @AfterEach
    void clear() {
        proxy.clear();
        proxy.delay(Duration.ofSeconds(1));
        boolean victimLeft = false;
        for (Container c : labelled()) {
            String name = c.getNames()[0].substring(1);
            if ("paused".equals(c.getState())) {
                real.unpauseContainerCmd(c.getId()).exec();
            }
            victimLeft |= name.equals(victim);
            if (!name.equals(target) && !name.equals(victim)) {
                real.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
        if (!victimLeft) {
            victim = run("victim-" + UUID.randomUUID().toString().substring(0, 4));
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("table")
    void a_fault_gives_a_typed_error_leaves_nothing_behind_and_the_next_call_works(Call call, Fault fault)
            throws IOException, InterruptedException {
        check(engine, call, fault);
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("stalls")
    void a_stall_behind_a_client_the_caller_gave_is_bounded_too(Call call) throws IOException, InterruptedException {
        check(given, call, Fault.STALL);
    }

    @ParameterizedTest(name = "{0} delayed within the response timeout", allowZeroInvocations = true)
    @MethodSource("delays")
    void a_delay_within_the_response_timeout_is_waited_for_and_leaves_nothing_behind(Call call) throws IOException {
        // given
        warm(engine, call);
        Set<Thread> threads = busyThreads();
        long fds = fds();
        List<String> helpers = helpers();
        int faulted = proxy.faulted();
        proxy.delay(SHORT_DELAY);
        proxy.fault(call.method, call.path, Fault.DELAY);

        // when: made as it would be without the delay
        assertTimeoutPreemptively(call.guard(), () -> call.make(engine, victim), call + " did not return within its guard");

        // then
        assertThat(proxy.faulted()).as("the delay was applied").isGreaterThan(faulted);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> nothingLeft(threads, fds, helpers));
        assertThat(names(labelled())).as("the engine's own list").containsExactlyInAnyOrder(target, victim);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec", "sidecar", "engine-procfs"})
    @Timeout(120)
    void without_a_fault_the_proxy_relays_every_mode_attach_and_hijacked_streams_included(String mode) {
        // given: a listener, and the mode as the inspection context gives it, on the engine behind the proxy
        Set<Thread> threads = busyThreads();
        String listener = "tcpscope-faults-" + RUN + "-listener-" + mode;
        String id = real.createContainerCmd(TestImages.BUSYBOX).withName(listener).withLabels(Map.of(LABEL, RUN))
                .withCmd("nc", "-ll", "-p", "7072", "-e", "cat").exec().getId();
        real.startContainerCmd(id).exec();
        // an engine of its own, closed at the end, since the engine-side reader's helper and its attach
        // stream live as long as their engine does
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
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(busyThreads()).isSubsetOf(threads));
    }

    /** A delay, in the table, is one past the response timeout, which the call gives up on as a stall. */
    private void check(DockerEngine engine, Call call, Fault fault) throws IOException, InterruptedException {
        // given: the call works through the proxy, and this is what the JVM and the engine hold
        warm(engine, call);
        proxy.delay(LONG_DELAY);
        Set<Thread> threads = busyThreads();
        long fds = fds();
        List<String> helpers = helpers();
        int faulted = proxy.faulted();
        long since = java.time.Instant.now().getEpochSecond();
        int created = helpersCreatedSince(since);
        proxy.fault(call.method, call.path, fault);

        // when: the hang guard is around the failing call alone, the bound and the call's own work
        Throwable thrown = assertTimeoutPreemptively(call.guard(), () -> catchThrowable(() -> call.make(engine, victim)),
                call + " with " + fault + " did not end within " + call.guard() + ", the response timeout and 5 s");

        // then: a typed error, for the call the fault was on
        assertThat(proxy.faulted()).as("the fault was applied").isGreaterThan(faulted);
        // a corrupt answer too: the transport reports it as a broken exchange (an IOException), and
        // whatever answers at the address is no engine that can be used
        assertThat(thrown).isInstanceOf(EngineUnavailableException.class).hasMessageContaining(proxy.host());
        if (fault == Fault.STALL || fault == Fault.DELAY) {
            assertThat(((EngineUnavailableException) thrown).call()).as("the call that stalled is named")
                    .hasValueSatisfying(said -> assertThat(said).contains(call.said));
            assertThat(thrown.getMessage()).doesNotContain("\n");
        }

        // and, while the fault is still on (the request held, or not yet forwarded): the caller's calls
        // have given up their threads, all but one. tcpscope's call threads are interrupted when their
        // call is given up, which closes their connection, so none still waits on the engine a moment
        // later. A stream (exec start, attach) is read by docker-java on a thread of its own, which
        // docker-java gives no handle on until the engine answers: that one thread still waits for the
        // answer, unless its client is closed, as the row's own engine for the reader closes its own
        // client (a client the caller gave stays open). It ends, quietly, when the engine answers or
        // the connection is cut (below, by clear()); tcpscope has removed the helper of an attach by
        // then, so a late answer finds nothing to stream. A cut or corrupt answer ends every thread.
        boolean held = fault == Fault.STALL || fault == Fault.DELAY;
        boolean clientOpen = call != Call.ATTACH || engine == given;
        int streamsLeft = call.streams() && held && clientOpen ? 1 : 0;
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            Set<Thread> left = new HashSet<>(busyThreads());
            left.removeAll(threads);
            assertThat(left).as("the caller's threads still waiting on the engine, fault on")
                    .allMatch(t -> t.getName().startsWith("docker-java-stream-"))
                    .hasSize(streamsLeft);
        });
        // a create given up reached the engine, late: once the engine has made the helper (its own events
        // say so), tcpscope removes it, though the call gave it no id
        if (fault == Fault.DELAY && (call == Call.READER_CREATE || call == Call.SIDECAR_CREATE)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> helpersCreatedSince(since) > created);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(helpers())
                    .as("helper containers left after the late create, in the engine's own list").isSubsetOf(helpers));
        }
        // the helper of a start that failed is removed (the engine may still be removing it)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(helpers()).as("helper containers left, fault on, in the engine's own list").isSubsetOf(helpers));

        // and: once the fault is gone, nothing is left behind, and the call works again
        proxy.clear();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> nothingLeft(threads, fds, helpers));
        call.make(engine, victim);
        assertThat(names(labelled())).as("the engine's own list")
                .containsExactlyInAnyOrderElementsOf(call == Call.REMOVE ? List.of(target) : List.of(target, victim));
    }

    /** Makes the call once per engine before any baseline is taken, so that what it loads once is not counted. */
    private static void warm(DockerEngine engine, Call call) {
        String key = (engine == given ? "given-" : "own-") + call;
        if (WARM.add(key) || call == Call.REMOVE) {
            call.make(engine, call == Call.REMOVE ? run("warm-" + UUID.randomUUID().toString().substring(0, 4)) : victim);
        }
    }

    private static void nothingLeft(Set<Thread> threads, long fds, List<String> helpers) throws IOException {
        assertThat(busyThreads()).as("threads left waiting on the engine").isSubsetOf(threads);
        assertThat(fds()).as("file descriptors left open").isLessThanOrEqualTo(fds);
        assertThat(helpers()).as("helper containers left, in the engine's own list").isSubsetOf(helpers);
    }

    /**
     * The caller's threads that wait on the engine now: tcpscope's call threads at work and
     * docker-java's stream threads, by identity. A call thread parked in its pool for the next call
     * (it ends after {@link EngineCalls#IDLE}) waits on nothing, so it is not counted, and no row
     * waits for it to end.
     */
    private static Set<Thread> busyThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().isAlive())
                .filter(e -> CALL_THREADS.stream().anyMatch(e.getKey().getName()::startsWith))
                .filter(e -> Arrays.stream(e.getValue()).noneMatch(f ->
                        f.getClassName().equals(ThreadPoolExecutor.class.getName()) && f.getMethodName().equals("getTask")))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
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

    /** How many helper containers of this JVM's the engine created from {@code since} (epoch seconds) on, by its own events. */
    private static int helpersCreatedSince(long since) throws InterruptedException {
        AtomicInteger created = new AtomicInteger();
        real.eventsCmd().withSince(String.valueOf(since))
                .withUntil(String.valueOf(java.time.Instant.now().getEpochSecond() + 1))
                .withEventTypeFilter(EventType.CONTAINER).withEventFilter("create")
                .withLabelFilter(Map.of(ContainerRuntime.OWNER_LABEL, Owner.self().label()))
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        created.incrementAndGet();
                    }
                }).awaitCompletion(20, java.util.concurrent.TimeUnit.SECONDS);
        return created.get();
    }

    private static List<Container> labelled() {
        return real.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, RUN)).exec();
    }

    private static List<String> names(List<Container> containers) {
        return containers.stream().map(c -> c.getNames()[0].substring(1)).toList();
    }

    private static String run(String name) {
        String full = "tcpscope-faults-" + RUN + "-" + name;
        String id = real.createContainerCmd(TestImages.BUSYBOX).withName(full).withLabels(Map.of(LABEL, RUN))
                .withCmd("sleep", "100000").exec().getId();
        real.startContainerCmd(id).exec();
        return full;
    }

    /** The columns {@code -Dtcpscope.test.faults} names: all, or a comma-separated list of faults. */
    private static Set<Fault> columns(String property) {
        if (property.isBlank() || property.strip().equalsIgnoreCase("all")) {
            return EnumSet.allOf(Fault.class);
        }
        Set<Fault> named = EnumSet.noneOf(Fault.class);
        for (String name : property.split(",")) {
            try {
                named.add(Fault.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-Dtcpscope.test.faults=" + property + " names '" + name.strip()
                        + "', which is no fault; name all, or some of " + Arrays.toString(Fault.values()), e);
            }
        }
        return named;
    }
}
