package io.tcpscope.docker;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ConnectionInspectorContract;
import io.tcpscope.core.ContractFixture;
import io.tcpscope.core.exec.ExecInspector;
import io.tcpscope.core.exec.InspectionCommand;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

/** The contract, read by running commands in the containers through the Engine API. */
class ExecInspectorContractIT extends ConnectionInspectorContract {

    private static DockerTestCluster cluster;
    private static ConnectionInspector inspector;

    @BeforeAll
    static void startCluster() {
        cluster = DockerTestCluster.shared();
        inspector = new ExecInspector(new DockerCommandExecutor(cluster.engine()), ExecInspector.DEFAULT_TIMEOUT,
                List.of(InspectionCommand.values()), new SidecarInspector(cluster.engine(), SidecarImage.localBusybox()));
    }

    @Override
    protected ConnectionInspector inspector() {
        return inspector;
    }

    @Override
    protected ContractFixture fixture() {
        return cluster;
    }
}
