package io.tcpscope.docker;

import io.tcpscope.core.ConnectionInspector;

/** The contract, read by a helper container in each container's network namespace. */
class SidecarInspectorContractIT extends DockerClusterContract {

    @Override
    protected ConnectionInspector inspector(DockerEngine engine) {
        return new SidecarInspector(engine, SidecarImage.localBusybox());
    }
}
