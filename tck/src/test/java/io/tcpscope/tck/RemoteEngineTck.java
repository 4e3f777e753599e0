package io.tcpscope.tck;

import io.tcpscope.core.ConnectionInspector;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TCK against an engine in PID and network namespaces of its own, as a remote engine is
 * ({@code .ci/remote-engine}): AUTO, the engine-procfs reader, exec and the sidecar read its
 * containers; procfs cannot, which {@link RemoteEngineCheck} covers. The engine-procfs reader, and
 * AUTO, which reads through it there, read a paused target; exec and the sidecar say it is paused.
 * Not an {@code *IT}: {@code .ci/run} runs it on that engine only
 * ({@code -Dit.test='RemoteEngine*'}).
 */
@ParameterizedClass(name = "mode {0}")
@ValueSource(strings = {"auto", "engine-procfs", "exec", "sidecar"})
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
    protected boolean readsPausedTargets() {
        return mode.equals("auto") || mode.equals("engine-procfs");
    }

    @Override
    protected boolean readsTargetsWithoutTools() {
        return !mode.equals("exec");
    }
}
