package io.tcpscope.tck;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;

import java.util.Optional;

/**
 * The TCK on AUTO where procfs cannot serve, as on a remote engine or Docker Desktop: the engine's PIDs
 * name other processes here (PID 1 of this machine is no container's). AUTO then reads through exec,
 * and moves on to the sidecar for the target without tools.
 */
class RemoteAutoTckIT extends InspectorTck {

    @Override
    protected TckFixture fixture() {
        TestEngine.require();
        return DockerTckFixture.shared();
    }

    @Override
    protected ConnectionInspector inspector() {
        DockerEngine engine = DockerTckFixture.shared().engine();
        HostPidResolver real = engine.hostPids();
        HostPidResolver elsewhere = new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                real.hostPid(container);
                return 1;
            }

            @Override
            public Optional<String> containerId(String container) {
                return real.containerId(container);
            }
        };
        return new AutoInspector(InspectorProviders.installed(), InspectionContext.builder()
                .with(DockerEngine.class, engine).with(HostPidResolver.class, elsewhere).build());
    }
}
