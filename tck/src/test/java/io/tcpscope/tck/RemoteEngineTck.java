package io.tcpscope.tck;

import io.tcpscope.core.ConnectionInspector;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TCK against an engine in PID and network namespaces of its own, as a remote engine is
 * ({@code .ci/remote-engine}): AUTO, exec and the sidecar read its containers; procfs cannot, which
 * {@link RemoteEngineCheck} covers. None of the three reads a paused target there: AUTO reads through
 * exec. Not an {@code *IT}: {@code .ci/run} runs it on that engine only
 * ({@code -Dit.test='RemoteEngine*'}).
 */
@ParameterizedClass(name = "mode {0}")
@ValueSource(strings = {"auto", "exec", "sidecar"})
class RemoteEngineTck extends InspectorTck {

    @Parameter
    String mode;

    @Override
    protected TckFixture fixture() {
        return TestFixtures.docker();
    }

    @Override
    protected ConnectionInspector inspector() {
        return TestFixtures.inspector(mode);
    }

    @Override
    protected boolean readsTargetsWithoutTools() {
        return !mode.equals("exec");
    }
}
