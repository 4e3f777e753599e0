package io.tcpscope.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TcpStateTest {

    @Test
    void has_the_kernels_eleven_states_in_its_order() {
        assertThat(TcpState.values()).extracting(TcpState::code)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @ParameterizedTest
    @EnumSource(TcpState.class)
    void maps_from_its_proc_code_its_ss_name_and_its_own_name(TcpState state) {
        assertThat(TcpState.fromProcCode(state.code())).isEqualTo(state);
        assertThat(TcpState.fromName(state.ssName())).isEqualTo(state);
        assertThat(TcpState.fromName(state.name())).isEqualTo(state);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ESTAB, ESTABLISHED", "SYN-SENT, SYN_SENT", "SYN-RECV, SYN_RECV", "FIN-WAIT-1, FIN_WAIT1",
        "FIN-WAIT-2, FIN_WAIT2", "TIME-WAIT, TIME_WAIT", "UNCONN, CLOSE", "CLOSE-WAIT, CLOSE_WAIT",
        "LAST-ACK, LAST_ACK", "LISTEN, LISTEN", "CLOSING, CLOSING",
    })
    void maps_ss_names(String name, TcpState state) {
        assertThat(TcpState.fromName(name)).isEqualTo(state);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "ESTABLISHED, ESTABLISHED", "SYN_SENT, SYN_SENT", "SYN_RECV, SYN_RECV", "FIN_WAIT1, FIN_WAIT1",
        "FIN_WAIT2, FIN_WAIT2", "TIME_WAIT, TIME_WAIT", "CLOSE, CLOSE", "CLOSE_WAIT, CLOSE_WAIT",
        "LAST_ACK, LAST_ACK", "LISTEN, LISTEN", "CLOSING, CLOSING",
    })
    void maps_netstat_names(String name, TcpState state) {
        assertThat(TcpState.fromName(name)).isEqualTo(state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VERBUNDEN", "estab", "", "UNKNOWN", "NEW_SYN_RECV"})
    void knows_no_other_names(String name) {
        assertThat(TcpState.fromName(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 12, -1, 255})
    void knows_no_other_codes(int code) {
        assertThat(TcpState.fromProcCode(code)).isNull();
    }
}
