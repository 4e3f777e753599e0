package io.tcpscope.docker;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel filter a port set becomes, the same text as adapter-procfs's {@code PortFilter} writes
 * (its test's cases), and the instance names, which adapter-procfs's sweep never takes for its own.
 */
class EngineEventScriptTest {

    @Test
    void instance_names_are_the_helpers_own_and_never_adapter_procfss() {
        // when
        String name = EngineEventScript.instanceName();

        // then: not tcpscope-<pid>-<n>-<hex>, which adapter-procfs sweeps when the PID is gone
        assertThat(name).matches("tcpscope-engine-[0-9a-f]{16}")
                .doesNotMatch("tcpscope-(\\d{1,18})-\\d{1,18}-[0-9a-f]{1,16}")
                .isNotEqualTo(EngineEventScript.instanceName());
        assertThat(EngineEventScript.SCRIPT).contains("\"$t\"/instances/" + EngineEventScript.PREFIX + "*");
    }
}
