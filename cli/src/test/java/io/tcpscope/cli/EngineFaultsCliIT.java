package io.tcpscope.cli;

import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.EngineFaultProxy;
import io.tcpscope.docker.EngineFaultProxy.Fault;
import io.tcpscope.docker.SidecarImage;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI against a faulty engine, as the library's own table has it (adapter-docker's
 * EngineFaultsIT): {@link EngineFaultProxy} stands in front of the real engine, and each call the
 * CLI makes, in the mode that makes it, is stalled, cut, answered with bytes that are not HTTP, or
 * delayed past the 1 s response timeout. {@code connections} and {@code count} run in turn (or
 * {@code mesh --network}, for the container list), 20 times per case. Every run ends with exactly
 * one line on stderr that names the engine (and, for a stall or a delay, the call that did not
 * answer), status 1, no trace and nothing on stdout; and once the fault is cleared, the command
 * works.
 *
 * <p>The 20 runs of a case go through {@link Tcpscope#run} in this JVM, ten at a time, each with
 * stdout and stderr of its own: the one line is the command's, written by the thread that runs it
 * ({@link StderrGate} drops what other threads write to the process's stderr, which
 * {@code QuietBackgroundIT} checks on the runnable jar). Those runs go around {@link Main}, so neither
 * the gate nor {@link QuietThreads} is in place: this JVM's own stderr is watched while a case runs,
 * and whatever a background thread printed there (a trace, a warning) fails the case. A few cases also
 * run the runnable jar itself, in a JVM of its own, to show the real process prints the same one line.
 */
class EngineFaultsCliIT {

    private static final int RUNS = 20;
    private static final int AT_ONCE = 10;
    private static final String RESPONSE_TIMEOUT_PROPERTY = "tcpscope.engine.response-timeout";
    /** Short, since each stalled run waits it out. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);
    /** Past the response timeout. */
    private static final Duration DELAY = Duration.ofSeconds(3);

    /** The calls the CLI makes, each in a mode that makes it, with the request and how a stall names it. */
    enum Call {
        INSPECT("exec", "GET", "/containers/[^/]+/json$", "inspect container "),
        EXEC_CREATE("exec", "POST", "/containers/[^/]+/exec$", "exec create in "),
        EXEC_START("exec", "POST", "/exec/[^/]+/start$", "exec start in "),
        READER_CREATE("engine-procfs", "POST", "/containers/create(\\?.*)?$", "create tcpscope's reader helper"),
        READER_START("engine-procfs", "POST", "/containers/[^/]+/start$", "start tcpscope's reader helper "),
        ATTACH("engine-procfs", "POST", "/containers/[^/]+/attach", "attach to "),
        SIDECAR_CREATE("sidecar", "POST", "/containers/create(\\?.*)?$", "create a sidecar helper from image "),
        SIDECAR_START("sidecar", "POST", "/containers/[^/]+/start$", "start a sidecar helper "),
        /** {@code mesh --network} starts with the list. */
        LIST("mesh", "GET", "/containers/json(\\?.*)?$", "list containers");

        final String mode;
        final String method;
        final String path;
        final String named;

        Call(String mode, String method, String path, String named) {
            this.mode = mode;
            this.method = method;
            this.path = path;
            this.named = named;
        }

        /** The command lines used in turn. */
        List<String[]> commands() {
            if (this == LIST) {
                return List.<String[]>of(new String[] {"mesh", "--network", containers.name("net")});
            }
            String container = containers.listener();
            return List.of(new String[] {"connections", container, "--mode", mode},
                    new String[] {"count", container, "--mode", mode});
        }
    }

    private static DockerTestCluster containers;
    private static EngineFaultProxy proxy;
    private static ExecutorService runs;
    private static String responseTimeoutBefore;

    @BeforeAll
    static void engine() throws Exception {
        TestEngine.require();
        containers = DockerTestCluster.shared();
        proxy = EngineFaultProxy.start();
        proxy.delay(DELAY);
        runs = Executors.newFixedThreadPool(AT_ONCE);
        // read when each run builds its engine; the test cluster's engine was built before
        responseTimeoutBefore = System.setProperty(RESPONSE_TIMEOUT_PROPERTY, RESPONSE_TIMEOUT.toString());
    }

    @AfterEach
    void clear() {
        proxy.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        if (responseTimeoutBefore == null) {
            System.clearProperty(RESPONSE_TIMEOUT_PROPERTY);
        } else {
            System.setProperty(RESPONSE_TIMEOUT_PROPERTY, responseTimeoutBefore);
        }
        if (runs != null) {
            runs.shutdownNow();
        }
        if (proxy != null) {
            proxy.close();
        }
        removeHelpersCreatedLate();
    }

    static Stream<Arguments> table() {
        return Arrays.stream(Call.values()).flatMap(call -> Stream.of(Fault.STALL, Fault.CUT, Fault.CORRUPT, Fault.DELAY)
                .map(fault -> Arguments.of(call, fault)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("table")
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void every_run_ends_in_one_line_naming_the_engine_and_the_next_works(Call call, Fault fault) throws Exception {
        // given
        List<String[]> commands = call.commands();
        int faulted = proxy.faulted();
        proxy.fault(call.method, call.path, fault);

        // when: 20 runs, ten at a time, each with stdout and stderr of its own
        try (StderrWatch background = StderrWatch.start()) {
            runCase(call, fault, commands, faulted);

            // then: no thread printed to this JVM's stderr, where a background trace would go
            assertThat(background.printed()).as(fault + " on " + call + ": this JVM's stderr during the runs")
                    .doesNotContain("Exception", "\tat ", "WARN");
        }
    }

    /** The case's 20 runs, each ending in one line, and the next one after the fault is cleared, which works. */
    private static void runCase(Call call, Fault fault, List<String[]> commands, int faulted) throws Exception {
        List<Future<Run>> started = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            String[] args = onProxy(commands.get(run % commands.size()));
            started.add(runs.submit(() -> Run.of(args)));
        }

        // then
        for (int run = 0; run < RUNS; run++) {
            String what = fault + " on " + call + " (" + String.join(" ", commands.get(run % commands.size())) + "), run " + run;
            Run ran;
            try {
                ran = started.get(run).get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(what + " did not end within 60 s");
            }
            assertOneLine(what, ran.status(), ran.out(), ran.err(), call, fault);
        }
        assertThat(proxy.faulted() - faulted).as("calls the fault was applied to").isGreaterThanOrEqualTo(RUNS);

        // and: once the fault is gone, the command works, given the default response timeout: 1 s is
        // the faulted runs' bound, too short for a helper's start on a loaded engine (no run is under way now)
        proxy.clear();
        Run next;
        System.clearProperty(RESPONSE_TIMEOUT_PROPERTY);
        try {
            next = Run.of(onProxy(commands.get(0)));
        } finally {
            System.setProperty(RESPONSE_TIMEOUT_PROPERTY, RESPONSE_TIMEOUT.toString());
        }
        assertThat(next.status()).as("after the fault was cleared; stderr: " + next.err()).isZero();
        assertThat(next.err()).isEmpty();
        assertThat(next.out()).as("the listener's port, or its count").isNotBlank();
    }

    /**
     * What is printed to this JVM's {@code System.err} from {@link #start} to {@link #close}, which
     * still reaches the stderr it replaced.
     */
    private static final class StderrWatch extends OutputStream implements AutoCloseable {

        private final PrintStream before = System.err;
        private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

        static StderrWatch start() {
            StderrWatch watch = new StderrWatch();
            System.setErr(new PrintStream(watch, true, StandardCharsets.UTF_8));
            return watch;
        }

        String printed() {
            return printed.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void write(int b) {
            printed.write(b);
            before.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            printed.write(bytes, offset, length);
            before.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            before.flush();
        }

        @Override
        public void close() {
            System.setErr(before);
        }
    }

    @ParameterizedTest(name = "{1} on {0}, in a process of its own")
    @CsvSource({"INSPECT, STALL", "ATTACH, CUT", "LIST, CORRUPT", "SIDECAR_START, DELAY"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void the_runnable_jar_prints_the_same_one_line(Call call, Fault fault) throws Exception {
        // given
        proxy.fault(call.method, call.path, fault);

        // when
        Child child = Child.runMain(60, Map.of("DOCKER_HOST", proxy.host(), "TCPSCOPE_ENGINE_RESPONSE_TIMEOUT",
                Long.toString(RESPONSE_TIMEOUT.toSeconds())), List.of(), "io.tcpscope.cli.Main", call.commands().get(0));

        // then
        assertOneLine(fault + " on " + call + ", the runnable jar", child.status(), child.out(), child.err(), call, fault);
    }

    /** The command line with {@code --host} at the proxy, as the child's {@code DOCKER_HOST} says it. */
    private static String[] onProxy(String[] args) {
        String[] on = Arrays.copyOf(args, args.length + 2);
        on[args.length] = "--host";
        on[args.length + 1] = proxy.host();
        return on;
    }

    private static void assertOneLine(String what, int status, String out, String err, Call call, Fault fault) {
        assertThat(status).as(what + ": status; stderr: " + err).isEqualTo(1);
        assertThat(err).as(what).doesNotContain("Exception", "\tat ").endsWith("\n");
        List<String> lines = err.lines().toList();
        assertThat(lines).as(what).hasSize(1);
        String line = lines.get(0);
        assertThat(line).as(what).startsWith("tcpscope: ").contains("the Docker engine at " + proxy.host());
        if (fault == Fault.STALL || fault == Fault.DELAY) {
            assertThat(line).as(what).contains("did not answer '" + call.named)
                    .contains("' within " + RESPONSE_TIMEOUT.toSeconds() + " s");
        }
        assertThat(out).as(what + ": stdout").isEmpty();
    }

    /**
     * A helper whose create was delayed past the timeout is created once the run gave up on it,
     * and never started, so the engine does not remove it: this JVM's are removed here.
     */
    private static void removeHelpersCreatedLate() {
        ContainerRuntime runtime = containers.engine().runtime();
        String self = "/" + ProcessHandle.current().pid() + "/";
        for (String role : List.of("engine-procfs", "sidecar")) {
            for (ContainerInfo c : runtime.list(Map.of(SidecarImage.LABEL, role), true)) {
                if (c.labels().getOrDefault("io.tcpscope.owner", "").contains(self) && "created".equals(c.state())) {
                    runtime.remove(c.id());
                }
            }
        }
    }
}
