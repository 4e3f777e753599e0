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
                "exec-inspector", "procfs-inspector", "docker-cli-cat", "docker-cli-netstat",
                "snapshot-auto", "snapshot-exec", "snapshot-procfs", "snapshot-sidecar", "snapshot-sequential-docker-cli",
                "exec-inspector-2000", "exec-timeout-500ms");
        assertThat(results.samples().values()).allSatisfy(s -> {
            assertThat(s.ms()).isNotEmpty();
            assertThat(s.cpuMsPerCall()).isPositive();
        });
        // nine P2P listeners and the engine's DNS listener
        assertThat(results.smallTableSockets()).isEqualTo(10);
        assertThat(DockerBench.percentile(new double[] {5, 1, 4, 2, 3}, 50)).isEqualTo(3);
        assertThat(DockerBench.percentile(new double[] {5, 1, 4, 2, 3}, 95)).isEqualTo(5);
    }
}
