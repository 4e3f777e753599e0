package io.tcpscope.tck;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;

/**
 * The TCK on AUTO where procfs cannot serve, as on a remote engine or Docker Desktop: the engine's PIDs
 * name other processes here (PID 1 of this machine is no container's). AUTO then reads on the
 * engine's side, through the reader helper in the engine's host PID namespace, which reads a paused
 * target and one without tools alike.
 */
class RemoteAutoTckIT extends InspectorTck {

    @Override
    protected TckFixture fixture() {
        return TestFixtures.docker();
    }

    @Override
    protected ConnectionInspector inspector() {
        DockerEngine engine = DockerTckFixture.shared().engine();
        HostPidResolver elsewhere = TestEngine.pidsElsewhere(engine);
        return new AutoInspector(InspectorProviders.installed(), InspectionContext.builder()
                .with(DockerEngine.class, engine).with(HostPidResolver.class, elsewhere).build());
    }

    @Override
    protected boolean readsPausedTargets() {
        return true;
    }
}
