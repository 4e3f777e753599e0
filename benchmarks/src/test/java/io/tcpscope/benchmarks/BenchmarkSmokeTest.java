package io.tcpscope.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark once, briefly, in this JVM, so that the benchmark code cannot rot. Nothing is
 * timed here: figures come from bench/run on a quiet machine.
 */
class BenchmarkSmokeTest {

    @Test
    void every_benchmark_runs_once() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ParseBenchmark.class.getName())
                .include(ProcfsBenchmark.class.getName())
                .param("livePairs", "10")
                .param("sockets", "11")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .build()).run();

        assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsExactlyInAnyOrder("parseProcCapture", "parseSsCapture", "parseNetstatCapture",
                        "liveTcpscope", "liveOshi", "procfs", "catFloor", "nsenterSs");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());
    }

    @Test
    void the_memory_footprint_is_measured_for_every_format() {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            MemoryFootprint.main(new String[0]);
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("memory ")))
                .extracting(l -> l.split(" ")[1] + " " + l.split(" ")[2])
                .containsExactly("PROC 10051", "SS 10051", "NETSTAT 10051");
    }
}
