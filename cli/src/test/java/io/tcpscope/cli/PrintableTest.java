package io.tcpscope.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from a container, made safe for a terminal: each kind of control character, and what is kept. */
class PrintableTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ESC, a clear-screen        | '\u001b[2J'  | \\e[2J",
        "BEL                         | a\u0007b     | a\\x07b",
        "carriage return             | over\rwrite | over\\rwrite",
        "NUL                         | a\u0000b     | a\\x00b",
        "DEL                         | a\u007fb     | a\\x7fb",
        "an 8-bit CSI (C1)           | \u009b31m     | \\u009b31m",
        "a right-to-left override    | \u202eevil   | \\u202eevil",
        "a left-to-right isolate     | \u2066x      | \\u2066x",
        "plain text and non-ASCII    | naïve café ✓ | naïve café ✓",
    })
    void control_characters_are_escaped_and_the_rest_is_kept(String what, String text, String shown) {
        assertThat(Printable.text(text)).as(what).isEqualTo(shown);
    }

    @Test
    void text_keeps_tabs_and_newlines_and_line_keeps_the_first_line_with_tabs_as_spaces() {
        // given
        String said = "exec failed:\t\u001b[31mred\r\nsecond line\n";

        // then
        assertThat(Printable.text(said)).isEqualTo("exec failed:\t\\e[31mred\\r\nsecond line\n");
        assertThat(Printable.line(said)).isEqualTo("exec failed: \\e[31mred");
        assertThat(Printable.isMultiline(said)).isTrue();
        assertThat(Printable.isMultiline("one line\n")).isFalse();
        assertThat(Printable.line(null)).isEqualTo("null");
    }
}
