package io.tcpscope.tck;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.TestEngine;

/** The fixture of the TCK runs in this module: the shared one of DOCKER_HOST's engine, as TestEngine's rule allows. */
final class TestFixtures {

    private TestFixtures() {
    }

    /** Fails under CI=true without an engine, skips loudly elsewhere; else the shared fixture. */
    static DockerTckFixture docker() {
        TestEngine.require();
        return DockerTckFixture.shared();
    }

    /** The inspector of a mode name: AUTO over every installed provider, or the provider of that name. */
    static ConnectionInspector inspector(String mode) {
        DockerTckFixture fixture = DockerTckFixture.shared();
        InspectorProviders providers = InspectorProviders.installed();
        return mode.equals(InspectorProviders.AUTO) ? new AutoInspector(providers, fixture.context())
                : providers.require(mode).create(fixture.context());
    }
}
