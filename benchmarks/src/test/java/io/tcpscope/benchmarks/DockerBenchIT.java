package io.tcpscope.benchmarks;

import io.tcpscope.docker.TestEngine;
import io.tcpscope.core.topology.Timeline;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the Docker measurements once, small and untimed, so that their code cannot rot. */
class DockerBenchIT {

    @Test
    void every_docker_measurement_runs() throws Exception {
        DockerBench.Results results = DockerBench.run(TestEngine.require(), 2, 2);

        assertThat(results.samples()).containsOnlyKeys("procfs-inspector-small", "docker-cli-cat-small",
                "exec-inspector", "procfs-inspector", "engine-procfs-inspector", "docker-cli-cat", "docker-cli-netstat",
                "snapshot-auto", "snapshot-exec", "snapshot-procfs", "snapshot-sidecar", "snapshot-engine-procfs",
                "snapshot-sequential-docker-cli",
                "exec-inspector-2000", "exec-timeout-500ms");
        assertThat(results.samples().values()).allSatisfy(s -> {
            assertThat(s.ms()).isNotEmpty();
            assertThat(s.cpuMsPerCall()).isNotNegative(); // a warm procfs read may take less than a tick of 10 ms
        });
        assertThat(results.samples().get("exec-inspector").cpuMsPerCall()).as("an exec costs the engine CPU").isPositive();
        // nine P2P listeners and the engine's DNS listener
        assertThat(results.smallTableSockets()).isEqualTo(10);
        assertThat(DockerBench.percentile(new double[] {5, 1, 4, 2, 3}, 50)).isEqualTo(3);
        assertThat(DockerBench.percentile(new double[] {5, 1, 4, 2, 3}, 95)).isEqualTo(5);
    }

    @Test
    void the_measurements_of_an_engine_elsewhere_and_without_exec_run() throws Exception {
        // item 7 runs on any engine (here the local one), item 8 on a local one
        DockerBench.Results elsewhere = DockerBench.elsewhere(TestEngine.require(), 2, 2);
        DockerBench.Results withoutExec = DockerBench.withoutExec(TestEngine.require(), 2, 2);

        assertThat(elsewhere.samples()).containsOnlyKeys("exec-inspector", "engine-procfs-inspector", "docker-cli-cat",
                "snapshot-auto", "snapshot-exec", "snapshot-engine-procfs");
        assertThat(withoutExec.samples()).containsOnlyKeys("procfs-inspector", "engine-procfs-inspector", "cat-floor",
                "snapshot-auto", "snapshot-procfs", "snapshot-engine-procfs");
        assertThat(elsewhere.samples().values()).allSatisfy(s -> assertThat(s.ms()).isNotEmpty());
        assertThat(withoutExec.samples().values()).allSatisfy(s -> assertThat(s.ms()).isNotEmpty());
    }

    @Test
    void the_cost_of_a_recorder_is_measured_and_its_timeline_stops_growing_at_its_bounds() throws Exception {
        // given: past 57,344 events every pair of the 8-node mesh holds its last 1,024 drops and outages, and the
        // ring its last 10,000 events
        long[] events = {100, 100_000, 400_000};

        // when
        RecorderBench.Results results = RecorderBench.run(TestEngine.require(), 2, 2, Duration.ofSeconds(1), events);

        // then
        assertThat(results.sample().ms()).hasSize(2);
        assertThat(results.cpu().samples()).as("samples while recording").isPositive();
        assertThat(results.cpu().samplerMsPerSecond()).isNotNegative();
        assertThat(results.cpu().readersMsPerSecond()).isNotNegative();
        assertThat(results.heap()).extracting(RecorderBench.Heap::events).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(results.heap()).as("the ring keeps the last events up to its capacity")
                .allSatisfy(h -> assertThat((long) h.kept()).isEqualTo(Math.min(h.events(), Timeline.DEFAULT_CAPACITY)));
        // four times the events, past both bounds: the same heap but for the last snapshot's new ports
        assertThat(results.heap().get(2).bytes()).as("heap at 400,000 events against 100,000")
                .isLessThanOrEqualTo(results.heap().get(1).bytes() + 4_096);
    }
}
