package io.tcpscope.procfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The names of our tracing instances, and the PID read back from them. */
class InstanceNameTest {

    @Test
    void a_name_carries_the_pid_it_was_made_with() {
        // when
        String name = InstanceName.next(4242);

        // then
        assertThat(name).matches("tcpscope-4242-\\d+-[0-9a-f]{8}");
        assertThat(InstanceName.pidOf(name)).hasValue(4242);
    }

    @Test
    void two_names_of_one_process_differ() {
        // when
        String first = InstanceName.next(7);
        String second = InstanceName.next(7);

        // then
        assertThat(first).isNotEqualTo(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "tcpscope-capture-1234",        // capture.sh's instance: not ours to remove
        "tcpscope-12-3",                // no random part
        "tcpscope-12-3-xyz",            // not hex
        "tcpscope--3-ab",               // no pid
        "tcpscope-1234567890123456789-1-ab",   // 19 digits: past a long's reach
        "foo-12-3-ab",
        "tcpscope-12-3-ab/x",
        " tcpscope-12-3-ab",
    })
    void a_name_not_made_here_gives_no_pid(String name) {
        // when
        OptionalLong pid = InstanceName.pidOf(name);

        // then
        assertThat(pid).isEmpty();
    }

    @Test
    void the_largest_pid_reads_back() {
        // then
        assertThat(InstanceName.pidOf("tcpscope-4194304-18-0badcafe")).hasValue(4_194_304);
    }
}
