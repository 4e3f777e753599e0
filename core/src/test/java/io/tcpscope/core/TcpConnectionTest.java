package io.tcpscope.core;

import io.tcpscope.core.parse.Listings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpConnectionTest {

    @Test
    void a_dual_stack_socket_bound_to_a_mapped_address_reads_like_an_ipv4_socket() {
        // given: how the kernel lists a Java ServerSocket bound to 127.0.0.1 through an IPv6 socket
        String tcp6 = "  sl  local_address                         remote_address                        st\n"
                + "   0: 0000000000000000FFFF00000100007F:ABC3 00000000000000000000000000000000:0000"
                + " 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0\n";

        // when
        List<TcpConnection> parsed = Listings.parseAuto(tcp6);

        // then
        assertThat(parsed).singleElement().hasToString("LISTEN 127.0.0.1:43971 0.0.0.0:*");
    }

    @Test
    void an_ipv6_listener_keeps_its_ipv6_peer() {
        assertThat(TcpConnection.of(Endpoint.of("::1", 9001), Endpoint.of("::", 0), TcpState.LISTEN))
                .hasToString("LISTEN [::1]:9001 [::]:*");
    }

    @Test
    void details_are_unknown_unless_given_and_owners_are_copied() {
        TcpConnection c = TcpConnection.of(Endpoint.of("10.0.0.2", 1), Endpoint.of("10.0.0.3", 9000), TcpState.ESTABLISHED);
        assertThat(c.inode()).isEqualTo(TcpConnection.UNKNOWN);
        assertThat(c.uid()).isEqualTo(TcpConnection.UNKNOWN);
        assertThat(c.owners()).isEmpty();
        assertThat(c.touchesPort(9000)).isTrue();
        assertThat(c.touchesPort(1)).isTrue();
        assertThat(c.touchesPort(2)).isFalse();
    }

    @Test
    void refuses_missing_parts() {
        Endpoint e = Endpoint.of("10.0.0.2", 1);
        assertThatThrownBy(() -> TcpConnection.of(null, e, TcpState.LISTEN)).hasMessage("local must not be null");
        assertThatThrownBy(() -> TcpConnection.of(e, null, TcpState.LISTEN)).hasMessage("remote must not be null");
        assertThatThrownBy(() -> TcpConnection.of(e, e, null)).hasMessage("state must not be null");
    }
}
