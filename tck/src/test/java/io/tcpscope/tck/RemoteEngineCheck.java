package io.tcpscope.tck;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.tck.internal.Workloads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On an engine in PID and network namespaces of its own ({@code .ci/remote-engine}), whose PIDs mean
 * nothing on this machine: AUTO picks the engine-procfs reader, never procfs, and procfs asked for by name says the engine is
 * elsewhere rather than read whatever process of this machine has that PID. Not an {@code *IT}: run
 * on that engine only.
 */
class RemoteEngineCheck {

    @Test
    void auto_reads_the_containers_of_an_engine_elsewhere_through_the_engine_side_reader() {
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("remote-auto", Workloads.idle());

        try (AutoInspector auto = new AutoInspector(InspectorProviders.installed(), fixture.context())) {
            assertThat(auto.modeFor(target)).contains("engine-procfs");
            assertThat(auto.connections(target)).isEmpty();
        }
    }

    @Test
    void procfs_by_name_says_the_engine_is_elsewhere() {
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("remote-procfs", Workloads.solo());

        try (var procfs = InspectorProviders.installed().require("procfs").create(fixture.context())) {
            assertThatThrownBy(() -> procfs.connections(target))
                    .isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("which is not the container's process on this machine: the engine runs elsewhere");
        }
    }
}
