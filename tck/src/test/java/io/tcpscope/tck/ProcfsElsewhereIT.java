package io.tcpscope.tck;

import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.tck.internal.Workloads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mode procfs, asked for by name, on an engine whose PIDs name other processes here, as a remote
 * engine's do: it refuses to read PID 1's table as the container's, and says why.
 */
class ProcfsElsewhereIT {

    @Test
    void explicit_procfs_on_an_engine_elsewhere_says_so_rather_than_read_another_process() {
        // given
        DockerTckFixture fixture = TestFixtures.docker();
        String target = fixture.startIsolated("elsewhere", Workloads.idle());
        DockerEngine engine = fixture.engine();
        InspectionContext remote = InspectionContext.builder().with(DockerEngine.class, engine)
                .with(HostPidResolver.class, TestEngine.pidsElsewhere(engine)).build();

        // then
        try (var procfs = InspectorProviders.installed().require("procfs").create(remote)) {
            assertThatThrownBy(() -> procfs.connections(target))
                    .isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("the engine gives PID 1 for it, which is not the container's process on this machine")
                    .hasMessageContaining("use the exec or sidecar mode, or AUTO");
        }
    }
}
