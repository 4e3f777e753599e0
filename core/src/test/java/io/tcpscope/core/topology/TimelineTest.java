package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.topology.LinkEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.tcpscope.core.Golden.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineTest {

    private static final String A = "10.0.0.2";
    private static final String B = "10.0.0.3";
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private final Timeline timeline = new Timeline();

    @Test
    void a_dial_is_opened_then_established_then_closed_with_each_end_s_state() {
        // when: b dials a; the handshake; the link; b closes; both ends gone
        List<LinkEvent> opened = add(0, a(), b(c(TcpState.SYN_SENT, B, 40001, A, 9000)));
        List<LinkEvent> up = add(100, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                b(c(TcpState.ESTABLISHED, B, 40001, A, 9000)));
        List<LinkEvent> same = add(200, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                b(c(TcpState.ESTABLISHED, B, 40001, A, 9000)));
        List<LinkEvent> closing = add(300, a(c(TcpState.CLOSE_WAIT, A, 9000, B, 40001)),
                b(c(TcpState.FIN_WAIT2, B, 40001, A, 9000)));
        List<LinkEvent> closed = add(400, a(), b());

        // then
        assertThat(opened).singleElement().hasToString("12:00:00 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [SYN-SENT | -]");
        assertThat(up).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.CHANGED);
            assertThat(e.isRise()).isTrue();
            assertThat(e).hasToString("12:00:00.100 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | ESTAB]");
        });
        assertThat(same).isEmpty();
        assertThat(closing).singleElement().satisfies(e -> {
            assertThat(e.isDrop()).isTrue();
            assertThat(e.after()).isEqualTo(new LinkEvent.Ends(TcpState.FIN_WAIT2, TcpState.CLOSE_WAIT));
        });
        assertThat(closed).singleElement().extracting(LinkEvent::kind).isEqualTo(Kind.CLOSED);
        assertThat(timeline.edgeHistory("a", "b")).hasSize(4);
        assertThat(timeline.flaps("a", "b")).isEqualTo(1);
        assertThat(timeline.links()).isEmpty();
        assertThat(timeline.samples()).isEqualTo(5);
        assertThat(timeline.lastChange()).isEqualTo(T0.plusMillis(400));
    }

    @Test
    void a_redial_is_an_outage_that_heals_and_a_storm_counts_the_drops_in_a_window() {
        // when: up, down, up on a new port, down, up again
        for (int i = 0; i < 3; i++) {
            int port = 40001 + i;
            add(1000 * i, a(c(TcpState.ESTABLISHED, A, 9000, B, port)), b(c(TcpState.ESTABLISHED, B, port, A, 9000)));
            add(1000 * i + 300, a(), b());
        }
        add(3000, a(c(TcpState.ESTABLISHED, A, 9000, B, 40100)), b(c(TcpState.ESTABLISHED, B, 40100, A, 9000)));

        // then
        assertThat(timeline.flaps("b", "a")).isEqualTo(3);
        assertThat(timeline.flaps("a", "b", T0.plusMillis(1000), T0.plusMillis(2300))).isEqualTo(2);
        assertThat(timeline.mostFlaps("a", "b", Duration.ofMillis(1000))).isEqualTo(2);
        assertThat(timeline.mostFlaps("a", "b", Duration.ofMillis(999))).isEqualTo(1);
        assertThat(timeline.outages("a", "b")).extracting(o -> o.length(T0)).containsExactly(
                Duration.ofMillis(700), Duration.ofMillis(700), Duration.ofMillis(700));
        assertThat(timeline.outages("a", "b")).allMatch(Outage::isHealed);
        assertThat(timeline.pairs()).containsExactly(NodePair.of("a", "b"));
    }

    @Test
    void a_redial_within_one_sample_is_no_outage() {
        add(0, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)), b(c(TcpState.ESTABLISHED, B, 40001, A, 9000)));
        add(100, a(c(TcpState.ESTABLISHED, A, 9000, B, 40002)), b(c(TcpState.ESTABLISHED, B, 40002, A, 9000)));

        assertThat(timeline.flaps("a", "b")).isEqualTo(1);
        assertThat(timeline.outages("a", "b")).isEmpty();
    }

    @Test
    void an_outage_under_way_has_no_end() {
        add(0, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)), b(c(TcpState.ESTABLISHED, B, 40001, A, 9000)));
        add(100, a(), b());

        assertThat(timeline.outages("a", "b")).singleElement().satisfies(o -> {
            assertThat(o.isHealed()).isFalse();
            assertThat(o.length(T0.plusMillis(600))).isEqualTo(Duration.ofMillis(500));
        });
    }

    @Test
    void a_node_that_could_not_be_read_keeps_its_ends_and_a_stopped_one_loses_them() {
        // given
        add(0, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)), b(c(TcpState.ESTABLISHED, B, 40001, A, 9000)));

        // when: b is paused and cannot be read, then stopped: no address, no table
        List<LinkEvent> paused = add(100, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                NodeTable.unread("b", Set.of(IpAddresses.parse(B)), "container 'b' is paused"));
        List<LinkEvent> stopped = add(200, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                new NodeTable("b", Set.of(), List.of()));

        // then: a's socket to b's old address still names b
        assertThat(paused).isEmpty();
        assertThat(stopped).singleElement().satisfies(e -> {
            assertThat(e.after()).isEqualTo(new LinkEvent.Ends(null, TcpState.ESTABLISHED));
            assertThat(e.link().from()).isEqualTo("b");
        });
    }

    @Test
    void keeps_its_capacity_and_counts_what_it_dropped() {
        Timeline small = new Timeline(3, Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            small.add(T0.plusMillis(i), Topology.of(List.of(a(c(TcpState.ESTABLISHED, A, 9000, B, 40001 + i)), b()),
                    PortSet.P2P_DEFAULT));
        }
        // 5 opened, 4 closed
        assertThat(small.events()).hasSize(3);
        assertThat(small.droppedEvents()).isEqualTo(6);
        assertThat(small.events().get(2).kind()).isEqualTo(Kind.OPENED);
    }

    @Test
    void a_link_whose_queue_does_not_drain_while_the_kernel_probes_is_stalled_after_the_stall_time() {
        // when: b's queue to a grows under zero-window probes for 1.2 s
        for (int i = 0; i <= 12; i++) {
            add(100 * i, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                    b(waiting(40001, 1000 + i, TcpTimer.ZERO_WINDOW_PROBE, 0)));
            if (i == 9) {
                assertThat(timeline.stalledLinks()).as("0.9 s is below the stall time").isEmpty();
            }
        }

        // then
        assertThat(timeline.stalledLinks()).singleElement().satisfies(s -> {
            assertThat(s.node()).isEqualTo("b");
            assertThat(s.since()).isEqualTo(T0);
            assertThat(s.samples()).isEqualTo(13);
            assertThat(s.socket().sendQueue()).isEqualTo(1012);
        });

        // when: the queue drains a little: acknowledged, so not stalled
        add(1300, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)), b(waiting(40001, 500, TcpTimer.ZERO_WINDOW_PROBE, 0)));
        assertThat(timeline.stalledLinks()).isEmpty();
    }

    @Test
    void a_retransmit_timer_with_no_retransmit_yet_is_a_busy_link_not_a_stall() {
        for (int i = 0; i <= 20; i++) {
            add(100 * i, a(), b(waiting(40001, 1000, TcpTimer.RETRANSMIT, 0)));
        }
        assertThat(timeline.stalledLinks()).isEmpty();
        add(2100, a(), b(waiting(40001, 1000, TcpTimer.RETRANSMIT, 1)));
        add(3100, a(), b(waiting(40001, 1000, TcpTimer.RETRANSMIT, 2)));
        assertThat(timeline.stalledLinks()).singleElement().extracting(StalledLink::samples).isEqualTo(2);
    }

    @Test
    void a_link_whose_listener_closed_after_accepting_still_has_both_ends() {
        // given: nc -l accepts one connection and closes its listener, so neither end is on a listening port
        NodeTable reader = new NodeTable("reader", Set.of(IpAddresses.parse(A)), List.of(c(TcpState.ESTABLISHED, A, 9000, B, 41820)));
        NodeTable writer = new NodeTable("writer", Set.of(IpAddresses.parse(B)), List.of(c(TcpState.ESTABLISHED, B, 41820, A, 9000)));

        // when
        timeline.add(T0, Topology.of(List.of(reader, writer), PortSet.P2P_DEFAULT));

        // then
        assertThat(timeline.links().entrySet()).singleElement().satisfies(l -> {
            assertThat(l.getKey().direction()).isEqualTo(Edge.Direction.UNKNOWN);
            assertThat(l.getValue()).isEqualTo(new LinkEvent.Ends(TcpState.ESTABLISHED, TcpState.ESTABLISHED));
        });
    }

    @Test
    void refuses_a_snapshot_older_than_the_last() {
        add(100, a(), b());
        assertThatThrownBy(() -> add(50, a(), b())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("older than the last one");
    }

    @Test
    void one_topology_shows_the_links_waiting_on_their_peer() {
        Topology t = Topology.of(List.of(a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                b(waiting(40001, 10, TcpTimer.ZERO_WINDOW_PROBE, 0))), PortSet.P2P_DEFAULT);
        assertThat(t.stalledLinks()).singleElement().hasToString(
                "b 10.0.0.3:40001 -> a 10.0.0.2:9000: b has 10 bytes unsent (ZERO_WINDOW_PROBE, 0 retransmits)");
    }

    private List<LinkEvent> add(long millis, NodeTable a, NodeTable b) {
        return timeline.add(T0.plusMillis(millis), Topology.of(List.of(a, b), PortSet.P2P_DEFAULT));
    }

    private static TcpConnection waiting(int port, long queue, TcpTimer timer, long retransmits) {
        return new TcpConnection(Endpoint.of(B, port), Endpoint.of(A, 9000), TcpState.ESTABLISHED, 0, queue, 0, 1,
                List.of(), timer, retransmits);
    }

    private static NodeTable a(TcpConnection... connections) {
        return node("a", A, connections);
    }

    private static NodeTable b(TcpConnection... connections) {
        return node("b", B, connections);
    }

    private static NodeTable node(String name, String ip, TcpConnection... connections) {
        List<TcpConnection> table = new ArrayList<>(List.of(c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0)));
        table.addAll(List.of(connections));
        return new NodeTable(name, Set.of(IpAddresses.parse(ip)), table);
    }
}
