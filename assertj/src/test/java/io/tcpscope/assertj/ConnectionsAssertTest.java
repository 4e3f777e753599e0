package io.tcpscope.assertj;

import io.tcpscope.core.Golden;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Topology;
import org.assertj.core.api.ObjectAssert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static io.tcpscope.core.Golden.c;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A table's peers, ports and states, named by address, or by node within a topology; and AssertJ's
 * list assertions on the same table, on the sockets of the golden listings' plan.
 */
class ConnectionsAssertTest {

    private final Tables tables = Tables.nodes("a", "b", "c").dial("b", "a").dial("c", "a", TcpState.SYN_SENT);
    private final Topology topology = tables.topology();

    @Test
    void what_the_table_holds_passes_by_node_name_and_by_address() {
        assertThat(topology, "b").hasEstablishedTo("a").hasNoConnectionTo("c").hasListenerOn(9000)
                .hasEstablishedOnPort(9000, 1).hasInState(TcpState.ESTABLISHED, 1).hasNoneIn(TcpState.SYN_SENT);
        assertThat(tables.table("c")).hasNoConnectionTo("10.0.0.2").hasInState(TcpState.SYN_SENT, 1);
        assertThat(topology.table("a").connections()).hasEstablishedTo("10.0.0.2");
    }

    @Test
    void what_it_does_not_hold_fails_showing_the_table() {
        assertThatThrownBy(() -> assertThat(topology, "c").hasEstablishedTo("a"))
                .hasMessageContaining("expected c to hold an ESTABLISHED connection to a, but it held none:")
                .hasMessageContaining("SYN-SENT 10.0.0.3:40001 10.0.0.1:9000");
        assertThatThrownBy(() -> assertThat(topology, "c").hasNoConnectionTo("a"))
                .hasMessageContaining("expected c to hold no connection to a, but it held 1:");
        assertThatThrownBy(() -> assertThat(tables.table("a")).hasListenerOn(9001))
                .hasMessageContaining("expected the table to listen on port 9001, but it did not:");
        assertThatThrownBy(() -> assertThat(tables.table("a")).hasEstablishedOnPort(9000, 2))
                .hasMessageContaining("expected the table to hold 2 ESTABLISHED connections on port 9000, but it held 1:")
                .hasMessageContaining("ESTAB 10.0.0.1:9000 10.0.0.2:40000");
        assertThatThrownBy(() -> assertThat(tables.table("c")).hasNoneIn(TcpState.SYN_SENT))
                .hasMessageContaining("expected the table to hold 0 connections in SYN_SENT, but it held 1:");
        assertThatThrownBy(() -> assertThat(tables.table("a")).hasEstablishedTo("a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'a' is neither an IP address nor a node of a topology (this table came from none)");
        assertThatThrownBy(() -> assertThat(topology, "a").hasEstablishedTo("z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'z' is neither an IP address nor a node of the topology [a, b, c]");
    }

    @Test
    void a_table_the_snapshot_could_not_read_fails_every_check_rather_than_pass_on_its_emptiness() {
        // given: c is paused; the snapshot shows its table empty
        Topology paused = Tables.nodes("a", "b", "c").dial("c", "a").unread("c", "container 'c' is paused").topology();

        // then
        assertThatThrownBy(() -> assertThat(paused, "c").hasNoConnectionTo("a"))
                .hasMessage("expected the connections of c, but its table could not be read: container 'c' is paused");
        assertThatThrownBy(() -> assertThat(paused, "c").hasNoneIn(TcpState.ESTABLISHED))
                .hasMessageContaining("its table could not be read");
    }

    @Test
    void assertj_s_list_assertions_work_and_filtering_keeps_the_table_s_checks() {
        // given: the sockets that the golden listings show
        List<TcpConnection> plan = Golden.plan();

        // then
        ConnectionsAssert established = assertThat(plan)
                .hasSize(26)
                .contains(c(TcpState.TIME_WAIT, "127.0.0.1", 40004, "127.0.0.1", 9000))
                .hasListenerOn(9006)
                .filteredOn(c -> c.state() == TcpState.ESTABLISHED);
        established.hasEstablishedOnPort(9000, 2).hasNoneIn(TcpState.LISTEN).hasEstablishedTo("::1")
                .extracting(c -> c.local().port())
                .containsExactlyInAnyOrder(40001, 9000, 8080, 40002, 40012, 40007, 9003, 40011, 9002, 9001, 40013);
        ObjectAssert<TcpConnection> dial = assertThat(plan).filteredOn(c -> c.state() == TcpState.SYN_SENT).singleElement();
        dial.isEqualTo(c(TcpState.SYN_SENT, "127.0.0.1", 40005, "127.0.0.1", 9999));
        assertThat(plan).filteredOn(c -> c.state() == TcpState.ESTABLISHED).first()
                .isEqualTo(c(TcpState.ESTABLISHED, "127.0.0.1", 40001, "127.0.0.1", 9000));
    }

    @Test
    void assertj_s_list_assertions_fail_as_assertj_s_do() {
        assertThatThrownBy(() -> assertThat(Golden.plan()).hasSize(3))
                .hasMessageContaining("Expected size: 3 but was: 26");
        assertThatThrownBy(() -> assertThat(Golden.plan()).filteredOn(c -> c.state() == TcpState.LISTEN).singleElement())
                .hasMessageContaining("Expected size: 1 but was: 10");
        assertThatThrownBy(() -> assertThat(Golden.plan()).as("the plan")
                        .contains(c(TcpState.ESTABLISHED, "127.0.0.1", 1, "127.0.0.1", 2)))
                .hasMessageContaining("[the plan]")
                .hasMessageContaining("to contain:")
                .hasMessageContaining("ESTAB 127.0.0.1:1 127.0.0.1:2");
    }

    @Test
    void a_filtered_table_keeps_its_name_and_its_peers_named_by_node() {
        // when: only b's listener is kept
        ConnectionsAssert listener = assertThat(topology, "b").filteredOn(c -> c.state() == TcpState.LISTEN);

        // then: a is still a node's name, and b still the table's
        listener.hasNoConnectionTo("a");
        assertThatThrownBy(() -> listener.hasEstablishedTo("a"))
                .hasMessageContaining("expected b to hold an ESTABLISHED connection to a, but it held none:\n"
                        + "  LISTEN 0.0.0.0:9000 0.0.0.0:*");
    }

    @Test
    void no_list_fails_as_assertj_fails_on_null() {
        assertThatThrownBy(() -> assertThat((List<TcpConnection>) null).hasListenerOn(9000))
                .hasMessageContaining("Expecting actual not to be null");
        assertThatThrownBy(() -> assertThat((Topology) null, "a").hasListenerOn(9000))
                .hasMessageContaining("Expecting actual not to be null");
    }
}
