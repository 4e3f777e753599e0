package io.tcpscope.docker;

import io.tcpscope.core.HostProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which references the engine-procfs reader keeps a container's process for: its ids, never a name. */
class EngineProcfsInspectorTest {

    private static final String ID = "cafe0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";

    @ParameterizedTest(name = "{0} (named {1}): {2}")
    @CsvSource({
        // the full id, and a short id as 'docker ps' shows it
        "cafe0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab, /node-a, true",
        "cafe01234567, /node-a, true",
        // a name that the id happens to start with: another container may take it
        "cafe, /cafe, false",
        "cafe, /node-a, false",
        "c, /node-a, false",
        // a name of twelve hex digits that its own id starts with (a rename can give it)
        "cafe01234567, /cafe01234567, false",
        // a name
        "node-a, /node-a, false",
    })
    void only_an_id_of_twelve_hex_digits_or_more_that_is_not_the_name_is_kept(String reference, String name, boolean kept) {
        assertThat(EngineProcfsInspector.isIdOf(reference, new HostProcess(4242, ID), name)).isEqualTo(kept);
    }
}
