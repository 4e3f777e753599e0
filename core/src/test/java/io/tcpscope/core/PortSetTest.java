package io.tcpscope.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortSetTest {

    @Test
    void defaults_to_9000_and_9001() {
        assertThat(PortSet.P2P_DEFAULT).isEqualTo(PortSet.of(9000, 9001)).hasToString("9000-9001");
        assertThat(PortSet.P2P_DEFAULT.contains(8999)).isFalse();
        assertThat(PortSet.P2P_DEFAULT.contains(9000)).isTrue();
        assertThat(PortSet.P2P_DEFAULT.contains(9001)).isTrue();
        assertThat(PortSet.P2P_DEFAULT.contains(9002)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "9000-9001;      9000-9001;       2",
        "9000,9001;      9000-9001;       2",
        "9001-9008;      9001-9008;       8",
        "9001, 9000;     9000-9001;       2",
        "9000,9100-9102; 9000,9100-9102;  4",
        "9005-9008,9000-9006; 9000-9008;  9",
        "30303;          30303;           1",
    })
    void parses_ranges_and_lists(String text, String canonical, int size) {
        PortSet ports = PortSet.parse(text);
        assertThat(ports).hasToString(canonical);
        assertThat(ports.size()).isEqualTo(size);
        assertThat(PortSet.parse(ports.toString())).isEqualTo(ports);
    }

    @Test
    void holds_every_port_of_a_range_and_no_other() {
        PortSet ports = PortSet.parse("9000,9100-9102");
        assertThat(java.util.stream.IntStream.rangeClosed(1, 65_535).filter(ports::contains).toArray())
                .containsExactly(9000, 9100, 9101, 9102);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0", "65536", "9001-9000", "9000-", "-9000", ",", "9000,", "90x0",
        "99999999999999999999", "9000--9001", "nine", "9000-9001-9002"})
    void refuses_bad_text_with_a_clear_message(String text) {
        assertThatThrownBy(() -> PortSet.parse(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*(port|ports|empty).*");
    }
}
