package io.tcpscope.core;

import io.tcpscope.core.parse.Listings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.tcpscope.core.Golden.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerConnectionsTest {

    private static final List<TcpConnection> PLAN = Listings.parse(ListingFormat.PROC, Golden.procTables());

    @ParameterizedTest(name = "ports {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        // 40001<->9000 and 40011<->9001, both sides each; CLOSE_WAIT, FIN_WAIT2, TIME_WAIT and listeners do not count
        "9000-9001; 4",
        // plus the IPv4-mapped pair on 9002 and the long-IPv6 pair on 9003
        "9000-9003; 8",
        "8080;      2",
        "9999;      0",
        // the SYN_RECV request socket's dialer believes it is connected
        "9007;      1",
    })
    void counts_established_sockets_on_the_p2p_ports_of_a_real_table(String ports, int expected) {
        assertThat(PeerConnections.activeConnections(PLAN, PortSet.parse(ports))).isEqualTo(expected);
    }

    @Test
    void one_dial_counts_once_on_each_node_and_two_dials_count_twice() {
        // given: A (10.0.0.2) dials B (10.0.0.3) on 9000; then B also dials A
        TcpConnection aToB = c(TcpState.ESTABLISHED, "10.0.0.2", 40001, "10.0.0.3", 9000);
        TcpConnection bFromA = c(TcpState.ESTABLISHED, "10.0.0.3", 9000, "10.0.0.2", 40001);
        TcpConnection bToA = c(TcpState.ESTABLISHED, "10.0.0.3", 40002, "10.0.0.2", 9000);
        TcpConnection aFromB = c(TcpState.ESTABLISHED, "10.0.0.2", 9000, "10.0.0.3", 40002);
        TcpConnection listener = c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0);
        ConnectionInspector oneDial = container -> container.equals("a") ? List.of(listener, aToB) : List.of(listener, bFromA);
        ConnectionInspector bothDial = container -> container.equals("a")
                ? List.of(listener, aToB, aFromB) : List.of(listener, bFromA, bToA);

        // then
        assertThat(new PeerConnections(oneDial).activeConnections("a")).isEqualTo(1);
        assertThat(new PeerConnections(oneDial).activeConnections("b")).isEqualTo(1);
        assertThat(new PeerConnections(bothDial).activeConnections("a")).isEqualTo(2);
        assertThat(new PeerConnections(bothDial).activeConnections("b")).isEqualTo(2);
    }

    @Test
    void check_tcp_connections_returns_the_whole_table() {
        PeerConnections peers = new PeerConnections(container -> PLAN, PortSet.parse("9001-9008"));
        assertThat(peers.connections("node-a")).isEqualTo(PLAN);
        assertThat(peers.p2pPorts()).hasToString("9001-9008");
    }

    @Test
    void refuses_null_collaborators() {
        assertThatThrownBy(() -> new PeerConnections(null)).hasMessage("inspector must not be null");
        assertThatThrownBy(() -> new PeerConnections(c -> PLAN, null)).hasMessage("p2pPorts must not be null");
    }
}
