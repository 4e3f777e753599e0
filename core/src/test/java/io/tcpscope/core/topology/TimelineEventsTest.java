package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;
import io.tcpscope.core.topology.LinkEvent.Ends;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tcpscope.core.Golden.c;
import static io.tcpscope.core.TcpState.CLOSE;
import static io.tcpscope.core.TcpState.CLOSE_WAIT;
import static io.tcpscope.core.TcpState.ESTABLISHED;
import static io.tcpscope.core.TcpState.FIN_WAIT1;
import static io.tcpscope.core.TcpState.FIN_WAIT2;
import static io.tcpscope.core.TcpState.LAST_ACK;
import static io.tcpscope.core.TcpState.LISTEN;
import static io.tcpscope.core.TcpState.SYN_RECV;
import static io.tcpscope.core.TcpState.SYN_SENT;
import static io.tcpscope.core.TcpState.TIME_WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A timeline fed by the kernel's events. The sequences are the orders in which Linux tells a
 * connection's life, as the capture in {@code core/src/test/resources/trace} recorded them: a
 * handshake (the dialer's CLOSE to SYN-SENT, the listener's LISTEN to SYN-RECV, both to
 * ESTABLISHED), a close (FIN-WAIT-1, CLOSE-WAIT, FIN-WAIT-2, LAST-ACK, then CLOSE on both), a
 * refusal (SYN-SENT to CLOSE), and a reset (the receiver's reset, then its CLOSE).
 */
class TimelineEventsTest extends TimelineEventsFixture {



    @Test
    void a_connection_s_whole_life_is_on_the_timeline_at_the_kernel_s_times_and_its_time_wait_ends_at_most_62_s_later() {
        // given: the nodes' addresses, from a first snapshot with no link
        add(0);

        // when: b dials a, they talk, b closes first, then a
        List<LinkEvent> caused = timeline.apply(List.of(
                b(1, CLOSE, SYN_SENT), a(2, LISTEN, SYN_RECV), b(3, SYN_SENT, ESTABLISHED), a(4, SYN_RECV, ESTABLISHED),
                b(10, ESTABLISHED, FIN_WAIT1), a(11, ESTABLISHED, CLOSE_WAIT), b(12, FIN_WAIT1, FIN_WAIT2),
                a(13, CLOSE_WAIT, LAST_ACK), b(14, FIN_WAIT2, CLOSE), a(15, LAST_ACK, CLOSE)));

        // then: each change at its time, the dialer first; b's end lingers in TIME-WAIT
        assertThat(caused).extracting(LinkEvent::toString).containsExactly(
                "12:00:00.001 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [SYN-SENT | -]",
                "12:00:00.002 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [SYN-SENT | SYN-RECV]",
                "12:00:00.003 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | SYN-RECV]",
                "12:00:00.004 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | ESTAB]",
                "12:00:00.010 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [FIN-WAIT-1 | ESTAB]",
                "12:00:00.011 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [FIN-WAIT-1 | CLOSE-WAIT]",
                "12:00:00.012 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [FIN-WAIT-2 | CLOSE-WAIT]",
                "12:00:00.013 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [FIN-WAIT-2 | LAST-ACK]",
                "12:00:00.014 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [TIME-WAIT | LAST-ACK]",
                "12:00:00.015 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [TIME-WAIT | -]");
        assertThat(caused.get(0).link().direction()).isEqualTo(Edge.Direction.DIALED);
        assertThat(timeline.flaps("a", "b")).isEqualTo(1);
        assertThat(timeline.changesFromEvents()).isEqualTo(10);
        assertThat(timeline.samples()).isEqualTo(1);

        // and: the kernel's time-wait table keeps b's end for 60 s, its timer up to 2 s late, and no event says when it goes
        assertThat(timeline.advance(T0.plusMillis(14).plusSeconds(62).minusNanos(1))).isEmpty();
        assertThat(timeline.links()).containsValue(new Ends(TIME_WAIT, null));
        assertThat(timeline.advance(T0.plusSeconds(63))).singleElement()
                .hasToString("12:01:02.014 CLOSED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [TIME-WAIT | -]");
        assertThat(timeline.links()).isEmpty();
        assertThat(timeline.asOf()).isEqualTo(T0.plusSeconds(63));
    }

    @Test
    void a_refused_dial_opens_and_closes_between_two_samples() {
        // given
        add(0);

        // when: five dials refused, each within a millisecond, none seen by a sample
        for (int i = 0; i < 5; i++) {
            Endpoint from = Endpoint.of(B, 40010 + i);
            timeline.apply(List.of(change(10 * i + 1, PORTLESS, LISTENER, CLOSE, SYN_SENT),
                    event(10 * i + 2, Kind.RESET_RECEIVED, from, LISTENER),
                    change(10 * i + 2, from, LISTENER, SYN_SENT, CLOSE)));
        }
        add(100);

        // then
        assertThat(timeline.edgeHistory("a", "b")).extracting(LinkEvent::kind)
                .containsExactly(repeat(5, LinkEvent.Kind.OPENED, LinkEvent.Kind.CLOSED));
        assertThat(timeline.edgeHistory("a", "b")).allSatisfy(e -> assertThat(e.link().from()).isEqualTo("b"));
        assertThat(timeline.flaps("a", "b")).isZero();
        assertThat(timeline.reconciledChanges()).isZero();
        assertThat(timeline.links()).isEmpty();
    }

    @Test
    void a_reset_ends_the_socket_at_once_and_an_orphan_in_fin_wait_2_lingers() {
        // given: b dialed a and both are established
        add(0);
        timeline.apply(established(1));

        // when: a receives a reset
        List<LinkEvent> reset = timeline.apply(List.of(event(10, Kind.RESET_RECEIVED, LISTENER, DIALER),
                a(10, ESTABLISHED, CLOSE)));

        // then: a's end is gone, not in TIME-WAIT
        assertThat(reset).singleElement().satisfies(e -> {
            assertThat(e.after()).isEqualTo(new Ends(ESTABLISHED, null));
            assertThat(e.isDrop()).isFalse(); // b's end still says ESTABLISHED until its kernel learns otherwise
        });

        // when: on a second connection, b closes and a never does
        Endpoint second = Endpoint.of(B, 40002);
        timeline.apply(List.of(change(20, PORTLESS, LISTENER, CLOSE, SYN_SENT), change(21, second, LISTENER, SYN_SENT, ESTABLISHED),
                change(22, LISTENER, second, LISTEN, SYN_RECV), change(23, LISTENER, second, SYN_RECV, ESTABLISHED),
                change(30, second, LISTENER, ESTABLISHED, FIN_WAIT1), change(31, LISTENER, second, ESTABLISHED, CLOSE_WAIT),
                change(32, second, LISTENER, FIN_WAIT1, FIN_WAIT2)));
        List<LinkEvent> orphan = timeline.apply(List.of(change(40, second, LISTENER, FIN_WAIT2, CLOSE)));

        // then: the kernel keeps b's orphan in FIN-WAIT-2, in its time-wait table, for 60 s (and up to 2 s)
        assertThat(orphan).isEmpty();
        assertThat(timeline.links()).containsValue(new Ends(FIN_WAIT2, CLOSE_WAIT));
        assertThat(timeline.advance(T0.plusMillis(40).plusSeconds(62))).singleElement()
                .extracting(LinkEvent::after).isEqualTo(new Ends(null, CLOSE_WAIT));
    }

    @Test
    void an_event_a_snapshot_has_overtaken_is_left_out_and_what_events_missed_is_reconciled() {
        // given: a snapshot that already shows the link established
        add(0, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(ESTABLISHED, B, 40001, A, 9000)));

        // when: the handshake's events, read after it, and timed after it began
        List<LinkEvent> late = timeline.apply(List.of(b(1, CLOSE, SYN_SENT), a(2, LISTEN, SYN_RECV),
                b(3, SYN_SENT, ESTABLISHED), a(4, SYN_RECV, ESTABLISHED)));

        // then: nothing is told twice
        assertThat(late).isEmpty();
        assertThat(timeline.edgeHistory("a", "b")).hasSize(1);

        // when: the close's events are lost (an overrun) and a snapshot shows both ends gone
        timeline.apply(List.of(b(10, ESTABLISHED, FIN_WAIT1)));
        List<LinkEvent> reconciled = add(100, a(), b());

        // then: the snapshot closes the link, and says it reconciled it
        assertThat(reconciled).singleElement().extracting(LinkEvent::kind).isEqualTo(LinkEvent.Kind.CLOSED);
        assertThat(timeline.reconciledChanges()).isEqualTo(1);
        assertThat(timeline.changesFromEvents()).isEqualTo(1);
    }

    @Test
    void an_event_read_late_is_recorded_no_earlier_than_what_came_before() {
        // given
        add(0);
        timeline.apply(List.of(a(50, LISTEN, SYN_RECV)));

        // when: an event the kernel timed before it, read after it
        timeline.apply(List.of(change(40, LISTENER, Endpoint.of(B, 40002), LISTEN, SYN_RECV)));

        // then: the events stay in order
        assertThat(timeline.events()).extracting(LinkEvent::at).containsExactly(T0.plusMillis(50), T0.plusMillis(50));
    }

    @Test
    void a_dial_opens_at_its_first_event_though_the_kernel_named_its_port_only_in_the_next() {
        // given
        add(0);

        // when: two dials to the same target at once; their first events name port 0, the next ones their ports
        List<LinkEvent> caused = timeline.apply(List.of(change(1, PORTLESS, LISTENER, CLOSE, SYN_SENT),
                change(2, PORTLESS, LISTENER, CLOSE, SYN_SENT), change(5, Endpoint.of(B, 40001), LISTENER, SYN_SENT, CLOSE),
                change(6, Endpoint.of(B, 40002), LISTENER, SYN_SENT, ESTABLISHED)));

        // then: each opened at its first event's time, in SYN-SENT, by its port
        assertThat(caused).extracting(LinkEvent::toString).containsExactly(
                "12:00:00.001 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [SYN-SENT | -]",
                "12:00:00.005 CLOSED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [SYN-SENT | -]",
                "12:00:00.005 OPENED b 10.0.0.3:40002 -> a 10.0.0.2:9000 [SYN-SENT | -]",
                "12:00:00.006 CHANGED b 10.0.0.3:40002 -> a 10.0.0.2:9000 [ESTAB | -]");
    }

    @Test
    void events_of_unknown_addresses_listeners_and_other_ports_are_left_out() {
        // given
        add(0);
        Endpoint stranger = Endpoint.of("10.0.0.99", 40001);

        // when
        List<LinkEvent> caused = timeline.apply(List.of(change(1, stranger, LISTENER, CLOSE, SYN_SENT),
                change(2, Endpoint.of("0.0.0.0", 9000), Endpoint.of("0.0.0.0", 0), CLOSE, LISTEN),
                change(3, Endpoint.of(B, 40001), Endpoint.of(A, 5432), CLOSE, SYN_SENT),
                change(4, Endpoint.of(A, 9000), Endpoint.of(A, 40001), CLOSE, SYN_SENT)));

        // then
        assertThat(caused).isEmpty();
        assertThat(timeline.changesFromEvents()).isZero();
    }

    @Test
    void a_snapshot_keeps_the_lingering_ends_and_refuses_events() {
        // given
        add(0);
        timeline.apply(established(1));
        timeline.apply(List.of(b(10, ESTABLISHED, FIN_WAIT1), a(11, ESTABLISHED, CLOSE_WAIT), b(12, FIN_WAIT1, FIN_WAIT2),
                a(13, CLOSE_WAIT, LAST_ACK), b(14, FIN_WAIT2, CLOSE)));

        // when
        Timeline copy = timeline.snapshot();
        timeline.advance(T0.plusSeconds(120));

        // then
        assertThat(copy.links()).containsValue(new Ends(TIME_WAIT, LAST_ACK));
        assertThat(timeline.links()).containsValue(new Ends(null, LAST_ACK));
        assertThatThrownBy(() -> copy.apply(List.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> copy.advance(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_time_wait_end_a_snapshot_shows_goes_at_most_62_s_later_when_events_feed_the_timeline() {
        // when: a snapshot shows b's end in TIME-WAIT, then events are read for 62 s
        add(0, a(), b(c(TIME_WAIT, B, 40001, A, 9000)));

        // then
        assertThat(timeline.advance(T0.plus(Duration.ofSeconds(61)))).isEmpty();
        assertThat(timeline.advance(T0.plus(Duration.ofSeconds(62)))).singleElement()
                .extracting(LinkEvent::kind).isEqualTo(LinkEvent.Kind.CLOSED);
    }

    private List<TcpTraceEvent> established(long millis) {
        return List.of(b(millis, CLOSE, SYN_SENT), a(millis, LISTEN, SYN_RECV), b(millis, SYN_SENT, ESTABLISHED),
                a(millis, SYN_RECV, ESTABLISHED));
    }

    private static LinkEvent.Kind[] repeat(int times, LinkEvent.Kind... kinds) {
        List<LinkEvent.Kind> all = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            all.addAll(List.of(kinds));
        }
        return all.toArray(LinkEvent.Kind[]::new);
    }
}
