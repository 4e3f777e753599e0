package io.tcpscope.cli;

import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.EngineFaultProxy;
import io.tcpscope.docker.EngineFaultProxy.Fault;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI against a faulty engine, as a user meets it: {@link EngineFaultProxy} stands in front of
 * the real engine (in this JVM), and the runnable jar, in a JVM of its own with {@code DOCKER_HOST}
 * at the proxy and a 1 s response timeout, runs {@code connections} and {@code count} in turn (or
 * {@code mesh --network}) 20 times through {@link ManyRuns}, while one of the calls those commands
 * make is stalled, cut or answered with bytes that are not HTTP. Every run ends with exactly one
 * line on stderr that names the engine (and, for a stall, the call that did not return), status 1,
 * no trace and nothing on stdout; and once the fault is cleared, the same command works.
 *
 * <p>A stall costs the response timeout on each run, so there are two stall cases, 20 runs each at
 * 1 s; a cut or a corrupt answer fails the same way whichever call it is on (the transport reports
 * a broken exchange, with no call to name), so those are tried on inspect, and a cut on the
 * container list that {@code mesh --network} starts with.
 */
class EngineFaultsCliIT {

    private static final int RUNS = 20;
    /** The child's response timeout, in seconds: short, since each stalled run waits it out. */
    private static final String RESPONSE_TIMEOUT = "1";

    private static DockerTestCluster containers;
    private static EngineFaultProxy proxy;
    private static Path driver;

    @TempDir
    static Path driverDir;

    @BeforeAll
    static void engine() throws Exception {
        TestEngine.require();
        containers = DockerTestCluster.shared();
        proxy = EngineFaultProxy.start(Path.of("/var/run/docker.sock"));
        driver = RunsOfDriver.driverClasses(driverDir);
    }

    @AfterEach
    void clear() {
        proxy.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    @ParameterizedTest(name = "{0} on {1} in {2}")
    @CsvSource({
        "STALL,   inspect,     auto, GET,  /containers/[^/]+/json$,   inspect container",
        "STALL,   exec create, exec, POST, /containers/[^/]+/exec$,   exec create in",
        "CUT,     inspect,     auto, GET,  /containers/[^/]+/json$,   ",
        "CORRUPT, inspect,     auto, GET,  /containers/[^/]+/json$,   ",
        "CUT,     list,        mesh, GET,  /containers/json(\\?.*)?$, ",
    })
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void every_run_ends_in_one_line_naming_the_engine_and_the_next_works(Fault fault, String call, String mode,
            String method, String path, String stalledCall) throws Exception {
        // given
        String container = containers.listener();
        String network = containers.name("net");
        List<String> first = mode.equals("mesh") ? List.of("mesh", "--network", network)
                : List.of("connections", container, "--mode", mode);
        List<String> args = new ArrayList<>(List.of(Integer.toString(RUNS)));
        args.addAll(first);
        if (!mode.equals("mesh")) {
            args.addAll(List.of(ManyRuns.THEN, "count", container, "--mode", mode));
        }
        int faulted = proxy.faulted();
        proxy.fault(method, path, fault);

        // when: 20 runs in one JVM
        Child child = Child.runMain(150, environment(), List.of(driver), ManyRuns.class.getName(),
                args.toArray(String[]::new));

        // then
        assertThat(child.status()).as("the driver's status; stderr: " + child.err()).isZero();
        List<RunsOfDriver.Ended> errs = RunsOfDriver.runs(child.err());
        List<RunsOfDriver.Ended> outs = RunsOfDriver.runs(child.out());
        assertThat(errs).as("runs on stderr: " + child.err()).hasSize(RUNS);
        assertThat(outs).as("runs on stdout: " + child.out()).hasSize(RUNS);
        assertThat(RunsOfDriver.tail(child.err())).as("stderr after the last run").isEmpty();
        for (int run = 0; run < RUNS; run++) {
            String what = fault + " on " + call + " in " + mode + ", run " + run;
            String err = errs.get(run).text();
            assertThat(errs.get(run).status()).as(what + ": status; stderr: " + err).isEqualTo(1);
            assertThat(err).as(what).doesNotContain("Exception", "\tat ").endsWith("\n");
            List<String> lines = err.lines().toList();
            assertThat(lines).as(what).hasSize(1);
            String line = lines.get(0);
            assertThat(line).as(what).startsWith("tcpscope: ").contains("the Docker engine at " + proxy.host());
            if (fault == Fault.STALL) {
                String named = stalledCall + " " + container;
                assertThat(line).as(what).contains("did not answer '" + named + "' within " + RESPONSE_TIMEOUT + " s");
            }
            assertThat(outs.get(run).text()).as(what + ": stdout").isEmpty();
        }

        assertThat(proxy.faulted() - faulted).as("calls the fault was applied to").isGreaterThanOrEqualTo(RUNS);

        // and: once the fault is gone, the command works
        proxy.clear();
        Child next = Child.runMain(60, environment(), List.of(), "io.tcpscope.cli.Main", first.toArray(String[]::new));
        assertThat(next.status()).as("after the fault was cleared; stderr: " + next.err()).isZero();
        assertThat(next.err()).isEmpty();
        assertThat(next.out()).as("the listener's port").contains("9000");
    }

    private static Map<String, String> environment() {
        return Map.of("DOCKER_HOST", proxy.host(), "TCPSCOPE_ENGINE_RESPONSE_TIMEOUT", RESPONSE_TIMEOUT);
    }
}
