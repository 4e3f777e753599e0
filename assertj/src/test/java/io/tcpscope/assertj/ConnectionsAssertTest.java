package io.tcpscope.assertj;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static io.tcpscope.assertj.TcpscopeAssertions.assertThatConnections;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A table's peers, ports and states, named by address, or by node within a topology. */
class ConnectionsAssertTest {

    private final Tables tables = Tables.nodes("a", "b", "c").dial("b", "a").dial("c", "a", TcpState.SYN_SENT);
    private final Topology topology = tables.topology();

    @Test
    void what_the_table_holds_passes_by_node_name_and_by_address() {
        assertThat(topology, "b").hasEstablishedTo("a").hasNoConnectionTo("c").hasListenerOn(9000)
                .hasEstablishedOnPort(9000, 1).hasInState(TcpState.ESTABLISHED, 1).hasNoneIn(TcpState.SYN_SENT);
        assertThatConnections(tables.table("c")).hasNoConnectionTo("10.0.0.2").hasInState(TcpState.SYN_SENT, 1);
        assertThat(topology.table("a")).hasEstablishedTo("10.0.0.2");
    }

    @Test
    void what_it_does_not_hold_fails_showing_the_table() {
        assertThatThrownBy(() -> assertThat(topology, "c").hasEstablishedTo("a"))
                .hasMessageContaining("expected c to hold an ESTABLISHED connection to a, but it held none:")
                .hasMessageContaining("SYN-SENT 10.0.0.3:40001 10.0.0.1:9000");
        assertThatThrownBy(() -> assertThat(topology, "c").hasNoConnectionTo("a"))
                .hasMessageContaining("expected c to hold no connection to a, but it held 1:");
        assertThatThrownBy(() -> assertThatConnections(tables.table("a")).hasListenerOn(9001))
                .hasMessageContaining("expected the table to listen on port 9001, but it did not:");
        assertThatThrownBy(() -> assertThatConnections(tables.table("a")).hasEstablishedTo("a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'a' is neither an IP address nor a node of a topology (this table came from none)");
    }
}
