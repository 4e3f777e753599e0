package io.tcpscope.docker;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ConnectionInspectorContract;
import io.tcpscope.core.ContractFixture;
import org.junit.jupiter.api.BeforeAll;

/** The contract, read by a helper container in each container's network namespace. */
class SidecarInspectorContractIT extends ConnectionInspectorContract {

    private static DockerTestCluster cluster;
    private static ConnectionInspector inspector;

    @BeforeAll
    static void startCluster() {
        cluster = DockerTestCluster.shared();
        inspector = new SidecarInspector(cluster.engine(), SidecarImage.localBusybox());
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
