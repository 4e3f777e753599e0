package io.tcpscope.testkit;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.docker.DockerClusterContract;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.procfs.ProcfsInspector;

/**
 * The contract, read from the host's /proc with no exec: the same containers as the Docker
 * adapter's contract runs, located through their host PIDs.
 */
class ProcfsInspectorContractIT extends DockerClusterContract {

    @Override
    protected ConnectionInspector inspector(DockerEngine engine) {
        return new ProcfsInspector(engine.hostPids());
    }
}
