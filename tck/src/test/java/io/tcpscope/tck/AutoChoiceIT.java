package io.tcpscope.tck;

import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.tck.internal.Workloads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which mode AUTO picks on the engine DOCKER_HOST names (Docker, or Podman in CI's second run): a local one. */
class AutoChoiceIT {

    @Test
    void auto_reads_the_containers_of_a_local_engine_through_procfs() {
        TestEngine.require();
        DockerTckFixture fixture = DockerTckFixture.shared();
        String target = fixture.startIsolated("auto-choice", Workloads.idle());

        try (AutoInspector auto = new AutoInspector(InspectorProviders.installed(), fixture.context())) {
            assertThat(auto.modeFor(target)).contains("procfs");
            assertThat(auto.connections(target)).isEmpty();
        }
    }
}
