package io.tcpscope.cli;

import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repro, as a user meets it: {@code connections} and {@code count} of a container that
 * is missing, stopped or paused, in AUTO and in exec mode, run again and again in a JVM of its own,
 * since what went wrong (a helper's thread printing a trace as the JVM exits) happened in about
 * half of the runs. Every run ends with exactly one line on stderr and no trace; or, for a paused
 * container in AUTO, which reads the frozen namespace's table, with none.
 */
class OneLineFailuresIT {

    private static final int RUNS = 20;

    private static DockerTestCluster containers;

    @BeforeAll
    static void engine() {
        TestEngine.require();
        containers = DockerTestCluster.shared();
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
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void every_run_ends_in_one_line_and_no_trace(String condition, String mode, int status, String says) throws Exception {
        String container = switch (condition) {
            case "missing" -> containers.missing();
            case "stopped" -> containers.stopped();
            default -> containers.paused();
        };
        for (int run = 0; run < RUNS; run++) {
            // when: connections and count in turn
            String command = run % 2 == 0 ? "connections" : "count";
            Child child = Child.run(120, command, container, "--mode", mode);

            // then
            String what = command + " of the " + condition + " container in " + mode + ", run " + run;
            assertThat(child.status()).as(what + ": status; stderr: " + child.err()).isEqualTo(status);
            assertThat(child.err()).as(what).doesNotContain("Exception", "\tat ");
            if (status == 0) {
                assertThat(child.err()).as(what).isEmpty();
            } else {
                assertThat(child.err().lines()).as(what).singleElement().asString()
                        .startsWith("tcpscope: container '" + container + "'").contains(says);
                assertThat(child.err()).as(what).endsWith("\n");
                assertThat(child.out()).as(what).isEmpty();
            }
        }
    }
}
