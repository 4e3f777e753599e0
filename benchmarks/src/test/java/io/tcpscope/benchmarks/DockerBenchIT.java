package io.tcpscope.benchmarks;

import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the Docker measurements once, small and untimed, so that their code cannot rot. */
class DockerBenchIT {

    @Test
    void every_docker_measurement_runs() throws Exception {
        Map<String, double[]> results = DockerBench.run(TestEngine.require(), 2, 2);

        assertThat(results).containsOnlyKeys("exec-inspector", "procfs-inspector", "docker-cli-cat", "docker-cli-netstat",
                "snapshot-auto", "snapshot-docker_exec", "snapshot-procfs", "snapshot-sidecar", "snapshot-sequential-docker-cli");
        assertThat(results.values()).allSatisfy(samples -> assertThat(samples).isNotEmpty());
        assertThat(DockerBench.percentile(new double[] {5, 1, 4, 2, 3}, 50)).isEqualTo(3);
        assertThat(DockerBench.percentile(new double[] {5, 1, 4, 2, 3}, 95)).isEqualTo(5);
    }
}
