package io.tcpscope.cli;

import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repro, as a user meets it: {@code connections} and {@code count} (in turn) of a
 * container that is missing, stopped or paused, in AUTO and in exec mode, 20 times each, since what
 * went wrong (a helper's attach thread printing a trace as the engine closed) happened in about half
 * of the runs. Every run ends with exactly one line on stderr, status 1 and no trace; or, for a
 * paused container in AUTO, which reads the frozen namespace's table, status 0 and nothing on stderr.
 *
 * <p>The 20 runs of a case share one JVM of their own, started from the runnable jar: {@link ManyRuns}
 * runs the command as {@code Main} does, waits for the threads each run started to end (so that what
 * they print is in that run's output), and marks the end of each run, with its status, on stderr and
 * stdout.
 */
class OneLineFailuresIT {

    private static final int RUNS = 20;

    private static DockerTestCluster containers;

    /** The driver's classes alone: the test classes' logback-test.xml must not replace the jar's logback.xml. */
    @TempDir
    static Path driver;

    @BeforeAll
    static void engine() throws Exception {
        TestEngine.require();
        containers = DockerTestCluster.shared();
        RunsOfDriver.driverClasses(driver);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        "missing, auto, 1, was not found; check the name or id with 'docker ps -a'",
        "missing, exec, 1, was not found; check the name or id with 'docker ps -a'",
        "stopped, auto, 1, is not running; start it or inspect a running container",
        "stopped, exec, 1, is not running; start it or inspect a running container",
        "paused, auto, 0, ",
        "paused, exec, 1, is paused",
    })
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void every_run_ends_in_one_line_and_no_trace(String condition, String mode, int status, String says) throws Exception {
        // given
        String container = switch (condition) {
            case "missing" -> containers.missing();
            case "stopped" -> containers.stopped();
            default -> containers.paused();
        };

        // when: connections and count in turn, 20 runs in one JVM
        Child child = Child.runMain(150, List.of(driver), ManyRuns.class.getName(), Integer.toString(RUNS),
                "connections", container, "--mode", mode, ManyRuns.THEN, "count", container, "--mode", mode);

        // then
        assertThat(child.status()).as("the driver's status; stderr: " + child.err()).isZero();
        List<RunsOfDriver.Ended> errs = RunsOfDriver.runs(child.err());
        List<RunsOfDriver.Ended> outs = RunsOfDriver.runs(child.out());
        assertThat(errs).as("runs on stderr: " + child.err()).hasSize(RUNS);
        assertThat(outs).as("runs on stdout: " + child.out()).hasSize(RUNS);
        assertThat(RunsOfDriver.tail(child.err())).as("stderr after the last run").isEmpty();
        for (int run = 0; run < RUNS; run++) {
            String what = (run % 2 == 0 ? "connections" : "count") + " of the " + condition + " container in " + mode
                    + ", run " + run;
            String err = errs.get(run).text();
            assertThat(errs.get(run).status()).as(what + ": status; stderr: " + err).isEqualTo(status);
            assertThat(err).as(what).doesNotContain("Exception", "\tat ");
            if (status == 0) {
                assertThat(err).as(what).isEmpty();
            } else {
                assertThat(err.lines()).as(what).singleElement().asString()
                        .startsWith("tcpscope: container '" + container + "'").contains(says);
                assertThat(err).as(what).endsWith("\n");
                assertThat(outs.get(run).text()).as(what).isEmpty();
            }
        }
    }
}
