package io.tcpscope.assertj;

import io.tcpscope.core.Golden;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One node's table: read or not and why, its addresses, listeners, peers and live P2P connections. */
class NodeTableAssertTest {

    // b dialed a; c's dial of a hangs in SYN_SENT; d is paused, and could not be read
    private final Topology topology = Tables.nodes("a", "b", "c", "d").dial("b", "a").dial("c", "a", TcpState.SYN_SENT)
            .unread("d", "container 'd' is paused").topology();
    private final NodeTable a = topology.table("a");
    private final NodeTable c = topology.table("c");
    private final NodeTable d = topology.table("d");

    @Test
    void what_a_read_table_holds_passes() {
        assertThat(a).isRead().hasAddress("10.0.0.1").isListeningOn(9000).hasConnectionTo("10.0.0.2")
                .hasNoConnectionTo("10.0.0.3").hasActiveConnections(1).hasActiveConnections(0, PortSet.of(9001));
        assertThat(c).hasConnectionTo("10.0.0.1").hasActiveConnections(0);
    }

    @Test
    void what_a_read_table_does_not_hold_fails_naming_the_node_and_showing_its_table() {
        assertThatThrownBy(() -> assertThat(a).isListeningOn(9000, 9001))
                .hasMessageContaining("expected a to listen on ports [9000, 9001], but nothing listened on [9001]:\n"
                        + "  LISTEN 0.0.0.0:9000 0.0.0.0:*\n  ESTAB 10.0.0.1:9000 10.0.0.2:40000");
        assertThatThrownBy(() -> assertThat(a).hasConnectionTo("10.0.0.3"))
                .hasMessageContaining("expected a to hold a connection to 10.0.0.3, but it held none:\n"
                        + "  LISTEN 0.0.0.0:9000 0.0.0.0:*\n  ESTAB 10.0.0.1:9000 10.0.0.2:40000");
        assertThatThrownBy(() -> assertThat(a).hasNoConnectionTo("10.0.0.2"))
                .hasMessageContaining("expected a to hold no connection to 10.0.0.2, but it held 1:\n"
                        + "  ESTAB 10.0.0.1:9000 10.0.0.2:40000");
        assertThatThrownBy(() -> assertThat(c).hasActiveConnections(1))
                .hasMessageContaining("expected c to hold 1 active connection (ESTABLISHED on 9000-9001), but it held 0:\n"
                        + "  LISTEN 0.0.0.0:9000 0.0.0.0:*\n  SYN-SENT 10.0.0.3:40001 10.0.0.1:9000");
        assertThatThrownBy(() -> assertThat(a).hasAddress("10.0.0.9"))
                .hasMessageContaining("expected a to have the address 10.0.0.9, but its addresses were [10.0.0.1]");
        assertThatThrownBy(() -> assertThat(a).isUnread())
                .hasMessageContaining("expected the table of a not to have been read, but it was:\n"
                        + "  LISTEN 0.0.0.0:9000 0.0.0.0:*");
    }

    @Test
    void a_table_that_could_not_be_read_says_why_and_fails_every_check_of_its_sockets() {
        // then
        assertThat(d).isUnread().isUnreadBecause("paused").hasAddress("10.0.0.4");
        assertThatThrownBy(() -> assertThat(d).isRead())
                .hasMessageContaining("expected the table of d to have been read, but it was not: container 'd' is paused");
        assertThatThrownBy(() -> assertThat(d).isUnreadBecause("stopped"))
                .hasMessageContaining("expected the table of d not to have been read because of \"stopped\", "
                        + "but the reason was: container 'd' is paused");
        assertThatThrownBy(() -> assertThat(d).hasNoConnectionTo("10.0.0.1"))
                .hasMessageContaining("expected d to hold no connection to 10.0.0.1, but its table could not be read: "
                        + "container 'd' is paused");
        assertThatThrownBy(() -> assertThat(d).hasActiveConnections(0))
                .hasMessageContaining("expected d to hold 0 active connections, but its table could not be read");
        assertThatThrownBy(() -> assertThat(d).isListeningOn(9000))
                .hasMessageContaining("expected d to listen on [9000], but its table could not be read");
    }

    @Test
    void peers_are_ip_literals_normalised_as_tables_hold_them_and_never_names() {
        // given: the IPv6 sockets of the golden listings' plan
        NodeTable local = new NodeTable("local", Set.of(IpAddresses.parse("::1")), Golden.plan6());

        // then
        assertThat(local).hasConnectionTo("::1").hasConnectionTo("0:0:0:0:0:0:0:1").hasNoConnectionTo("10.0.0.2")
                .isListeningOn(9001, 9002, 9003, 9005).hasActiveConnections(2).hasActiveConnections(5, PortSet.parse("9001-9003"));
        assertThat(a).hasConnectionTo("::ffff:10.0.0.2").hasAddress("::ffff:10.0.0.1");
        assertThatThrownBy(() -> assertThat(a).hasConnectionTo("node-b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'node-b' is not an IP address; a table names its peers by address "
                        + "(to name them by node, assert on assertThat(topology, node))");
        assertThatThrownBy(() -> assertThat(a).isListeningOn()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void no_table_fails_as_assertj_fails_on_null() {
        assertThatThrownBy(() -> assertThat((NodeTable) null).isRead()).hasMessageContaining("Expecting actual not to be null");
    }
}
