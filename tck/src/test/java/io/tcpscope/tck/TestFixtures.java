package io.tcpscope.tck;

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
}
