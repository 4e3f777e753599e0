package io.tcpscope.tck;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.spi.InspectorProviders;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

/**
 * The TCK, once for AUTO and once for every inspector provider on the class path (exec, procfs,
 * sidecar and any other), against containers of the engine that {@code DOCKER_HOST} names; or, where
 * {@code -Dtcpscope.tck.modes} names some (a comma-separated list), for those alone, as on an engine
 * where a mode cannot serve and another check says why.
 */
@ParameterizedClass(name = "mode {0}")
@MethodSource("modes")
class EveryModeTckIT extends InspectorTck {

    @Parameter
    String mode;

    static List<String> modes() {
        List<String> all = InspectorProviders.installed().modeNames();
        String chosen = System.getProperty("tcpscope.tck.modes", "").strip();
        if (chosen.isEmpty()) {
            return all;
        }
        List<String> modes = List.of(chosen.split("\\s*,\\s*"));
        if (!all.containsAll(modes)) {
            throw new IllegalArgumentException("-Dtcpscope.tck.modes=" + chosen + " names a mode not among " + all);
        }
        return modes;
    }

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
        return !mode.equals("exec"); // exec alone runs tools in the target; AUTO reads it through procfs here
    }

    @Override
    protected boolean readsPausedTargets() {
        // procfs reads the table from the host, the engine-procfs reader from the engine's host PID
        // namespace, and AUTO reads through procfs on this local engine; exec and the sidecar run
        // something in or beside the target, and say it is paused
        return mode.equals("procfs") || mode.equals("engine-procfs") || mode.equals(InspectorProviders.AUTO);
    }
}
