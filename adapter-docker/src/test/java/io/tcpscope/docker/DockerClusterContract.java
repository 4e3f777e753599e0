package io.tcpscope.docker;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ConnectionInspectorContract;
import io.tcpscope.core.ContractFixture;
import org.junit.jupiter.api.BeforeEach;

/** The contract against the shared {@link DockerTestCluster}; subclasses say how they inspect it. */
public abstract class DockerClusterContract extends ConnectionInspectorContract {

    private ConnectionInspector inspector;

    /** The inspector under test, reading containers of the given engine. */
    protected abstract ConnectionInspector inspector(DockerEngine engine);

    @BeforeEach
    void connect() {
        inspector = inspector(DockerTestCluster.shared().engine());
    }

    @Override
    protected final ConnectionInspector inspector() {
        return inspector;
    }

    @Override
    protected final ContractFixture fixture() {
        return DockerTestCluster.shared();
    }
}
