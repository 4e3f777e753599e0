package io.tcpscope.docker;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.exec.ExecInspector;
import io.tcpscope.core.exec.InspectionCommand;

import java.util.List;

/** The contract, read by running commands in the containers through the Engine API. */
class ExecInspectorContractIT extends DockerClusterContract {

    @Override
    protected ConnectionInspector inspector(DockerEngine engine) {
        return new ExecInspector(new DockerCommandExecutor(engine), ExecInspector.DEFAULT_TIMEOUT,
                List.of(InspectionCommand.values()), new SidecarInspector(engine, SidecarImage.localBusybox()));
    }
}
