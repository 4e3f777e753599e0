package io.tcpscope.testkit;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ConnectionInspectorContract;
import io.tcpscope.core.ContractFixture;
import io.tcpscope.docker.DockerHostPidResolver;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.procfs.ProcfsInspector;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract, read from the host's /proc with no exec: the same containers as the Docker
 * adapter's contract runs, located through their host PIDs.
 */
class ProcfsInspectorContractIT extends ConnectionInspectorContract {

    private static DockerTestCluster cluster;
    private static ConnectionInspector inspector;

    @BeforeAll
    static void startCluster() {
        cluster = DockerTestCluster.shared();
        inspector = new ProcfsInspector(new DockerHostPidResolver(cluster.engine()));
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
