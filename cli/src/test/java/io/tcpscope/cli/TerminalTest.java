package io.tcpscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The terminal's size: stty's answer first, then COLUMNS and LINES, then 80x24. */
class TerminalTest {

    @Test
    void stty_says_rows_then_columns() {
        assertThat(Terminal.detect("40 120\n", Map.of("COLUMNS", "100", "LINES", "30"))).isEqualTo(new Terminal.Size(120, 40));
    }

    @ParameterizedTest(name = "stty ''{0}''")
    @CsvSource(nullValues = "null", value = {"null", "'0 0'", "'garbage'", "'40'"})
    void without_a_size_from_stty_the_environment_says(String stty) {
        assertThat(Terminal.detect(stty, Map.of("COLUMNS", "100", "LINES", "30"))).isEqualTo(new Terminal.Size(100, 30));
    }

    @ParameterizedTest(name = "COLUMNS={0} LINES={1}")
    @CsvSource(nullValues = "null", value = {"null, null", "100, null", "wide, 30", "0, 30", "99999999, 30"})
    void without_either_it_is_80x24(String columns, String lines) {
        Map<String, String> env = new HashMap<>();
        env.put("COLUMNS", columns);
        env.put("LINES", lines);
        assertThat(Terminal.detect(null, env)).isEqualTo(new Terminal.Size(80, 24));
    }
}
