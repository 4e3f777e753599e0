package io.tcpscope.cli;

import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * stderr is part of the interface: the runnable jar, run as a user runs it, in a JVM of its own,
 * writes one line for a failure and nothing else, whatever its helper threads were doing when it
 * exited. A missing container in AUTO starts the engine-procfs reader's helper and its stdin copy
 * thread, whose end races the JVM's exit: so the same command runs again and again.
 */
class StderrIT {

    private static final int RUNS = 10;

    @BeforeAll
    static void engine() {
        TestEngine.require();
    }

    @Test
    void a_missing_container_is_one_line_on_stderr_every_time() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", jar().toString(), "io.tcpscope.cli.Main", "connections", "no-such-container-here")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("run %d ended", run).isTrue();

            assertThat(process.exitValue()).as("run %d's status", run).isEqualTo(1);
            assertThat(err).as("run %d's stderr", run).isEqualTo("tcpscope: container 'no-such-container-here' was not"
                    + " found; check the name or id with 'docker ps -a'\n");
        }
    }

    /** The runnable jar that ./tcpscope starts, built by this module's package phase. */
    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("tcpscope-cli-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no runnable jar in target/; run the ITs through 'mvn verify'"))
                    .toAbsolutePath();
        }
    }
}
