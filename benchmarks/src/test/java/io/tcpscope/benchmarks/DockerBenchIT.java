package io.tcpscope.benchmarks;

import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.Test;

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
}
