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
                .param("livePairs", "10")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .build()).run();

        assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsExactlyInAnyOrder("parseProcCapture", "parseSsCapture", "parseNetstatCapture",
                        "liveTcpscope", "liveOshi");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isPositive());
    }
}
