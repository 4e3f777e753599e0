package io.tcpscope.docker;

import io.tcpscope.core.PortSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel filter a port set becomes, the same text as adapter-procfs's {@code PortFilter} writes
 * (its test's cases), and the instance names, which adapter-procfs's sweep never takes for its own.
 */
class EngineEventScriptTest {

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "9000           => sport == 9000 || dport == 9000",
        "9000-9001      => (sport >= 9000 && sport <= 9001) || (dport >= 9000 && dport <= 9001)",
        "9000-9001,7000 => sport == 7000 || dport == 7000 || (sport >= 9000 && sport <= 9001) || (dport >= 9000 && dport <= 9001)",
        "1,65535        => sport == 1 || dport == 1 || sport == 65535 || dport == 65535",
    })
    void each_range_of_the_set_becomes_a_clause_on_either_port(String ports, String filter) {
        // when
        String written = EngineEventScript.filter(PortSet.parse(ports));

        // then
        assertThat(written).isEqualTo(filter);
    }

    @Test
    void a_set_whose_filter_would_not_fit_in_a_page_is_written_as_the_range_that_covers_it() {
        // given: 200 ports, every other one, so that no two merge
        PortSet many = PortSet.of(IntStream.rangeClosed(1, 200).map(i -> 10_000 + 2 * i).toArray());

        // when
        String written = EngineEventScript.filter(many);

        // then
        assertThat(written).isEqualTo("(sport >= 10002 && sport <= 10400) || (dport >= 10002 && dport <= 10400)");
    }

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
