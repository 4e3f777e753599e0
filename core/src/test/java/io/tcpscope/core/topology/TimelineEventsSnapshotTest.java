package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;
import io.tcpscope.core.topology.LinkEvent.Ends;
import org.junit.jupiter.api.Test;

import java.time.Instant;
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

/**
 * A timeline fed by the kernel's events where they meet snapshots, and where Linux reuses or keeps a
 * socket without telling: in the order a recorder applies them, the events read by the end of a
 * snapshot's read first, then the snapshot.
 */
class TimelineEventsSnapshotTest extends TimelineEventsFixture {



    @Test
    void a_close_the_snapshot_s_read_saw_half_way_keeps_what_the_events_told_from_its_start() {
        // given
        add(0, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(ESTABLISHED, B, 40001, A, 9000)));
        timeline.apply(List.of(change(1, PORTLESS, LISTENER, CLOSE, SYN_SENT))); // the timeline is fed

        // when: a snapshot begun at 100 read a before the close and b after it; the close's events are read first
        timeline.apply(List.of(b(101, ESTABLISHED, FIN_WAIT1), a(101, ESTABLISHED, CLOSE_WAIT), a(102, CLOSE_WAIT, LAST_ACK),
                b(103, FIN_WAIT1, FIN_WAIT2), b(104, FIN_WAIT2, CLOSE), a(105, LAST_ACK, CLOSE)));
        List<LinkEvent> snapshot = add(100, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(TIME_WAIT, B, 40001, A, 9000)));

        // then: the events' close stands, at their times, and the snapshot undoes none of it
        assertThat(snapshot).isEmpty();
        assertThat(timeline.links()).containsExactly(java.util.Map.entry(timeline.links().keySet().iterator().next(),
                new Ends(TIME_WAIT, null)));
        assertThat(timeline.reconciledChanges()).isZero();
    }

    @Test
    void a_link_the_events_closed_during_the_read_is_not_opened_again_by_the_snapshot() {
        // given
        add(0, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(ESTABLISHED, B, 40001, A, 9000)));
        timeline.apply(List.of(change(1, PORTLESS, LISTENER, CLOSE, SYN_SENT)));

        // when: both ends reset at 101, while a snapshot begun at 100 still read them established
        timeline.apply(List.of(event(101, Kind.RESET_RECEIVED, DIALER, LISTENER), b(101, ESTABLISHED, CLOSE),
                event(102, Kind.RESET_RECEIVED, LISTENER, DIALER), a(102, ESTABLISHED, CLOSE)));
        List<LinkEvent> snapshot = add(100, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(ESTABLISHED, B, 40001, A, 9000)));

        // then
        assertThat(snapshot).isEmpty();
        assertThat(timeline.links()).isEmpty();
    }

    @Test
    void an_event_timed_before_a_snapshot_and_read_after_it_does_not_bring_back_an_end_it_saw_gone() {
        // given: fed, then a snapshot at 100 that saw the link gone
        add(0, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(ESTABLISHED, B, 40001, A, 9000)));
        timeline.apply(List.of(change(1, PORTLESS, LISTENER, CLOSE, SYN_SENT)));
        add(100, a(), b());

        // when: the close's events, which the kernel timed before it, come late
        List<LinkEvent> late = timeline.apply(List.of(b(90, ESTABLISHED, FIN_WAIT1), a(91, ESTABLISHED, CLOSE)));

        // then
        assertThat(late).isEmpty();
    }

    @Test
    void a_dial_during_a_snapshot_s_read_is_at_the_kernel_s_time_and_not_reconciled() {
        // given
        add(0);
        timeline.apply(List.of(change(1, Endpoint.of(B, 40009), LISTENER, SYN_SENT, CLOSE))); // fed

        // when: the dial happened 3 ms into a snapshot's read, which saw it; its events are read first
        timeline.apply(established(103));
        List<LinkEvent> snapshot = add(100, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(ESTABLISHED, B, 40001, A, 9000)));

        // then
        assertThat(snapshot).isEmpty();
        assertThat(timeline.edgeHistory("a", "b")).filteredOn(e -> e.link().fromEnd().equals(DIALER))
                .first().satisfies(e -> assertThat(e.at()).isEqualTo(T0.plusMillis(103)));
        assertThat(timeline.reconciledChanges()).isZero();
    }

    @Test
    void a_dial_s_portless_time_is_taken_by_its_next_event_even_where_a_snapshot_opened_its_link() {
        // given: a dial before a snapshot that showed it established
        add(0);
        timeline.apply(List.of(b(99, CLOSE, SYN_SENT)));
        add(100, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(ESTABLISHED, B, 40001, A, 9000)));
        timeline.apply(List.of(b(101, SYN_SENT, ESTABLISHED), a(102, LISTEN, SYN_RECV), a(102, SYN_RECV, ESTABLISHED)));
        timeline.apply(List.of(event(150, Kind.RESET_RECEIVED, DIALER, LISTENER), b(150, ESTABLISHED, CLOSE),
                a(150, ESTABLISHED, CLOSE)));

        // when: a second dial
        Endpoint second = Endpoint.of(B, 40002);
        List<LinkEvent> caused = timeline.apply(List.of(change(200, PORTLESS, LISTENER, CLOSE, SYN_SENT),
                change(201, second, LISTENER, SYN_SENT, ESTABLISHED)));

        // then: it opens at its own first event
        assertThat(caused.get(0).kind()).isEqualTo(LinkEvent.Kind.OPENED);
        assertThat(caused.get(0).at()).isEqualTo(T0.plusMillis(200));
    }

    @Test
    void an_orphan_in_fin_wait_2_turns_to_time_wait_when_its_peer_closes_for_a_time_wait_of_its_own() {
        // given: b closed, a did not: b's orphan lingers in FIN-WAIT-2
        add(0);
        timeline.apply(established(1));
        timeline.apply(List.of(b(10, ESTABLISHED, FIN_WAIT1), a(11, ESTABLISHED, CLOSE_WAIT), b(12, FIN_WAIT1, FIN_WAIT2),
                b(12, FIN_WAIT2, CLOSE)));

        // when: a closes 30 s later
        timeline.apply(List.of(a(30_000, CLOSE_WAIT, LAST_ACK), a(30_001, LAST_ACK, CLOSE)));

        // then: b's end is in TIME-WAIT, from a's FIN on
        assertThat(timeline.links()).containsValue(new Ends(TIME_WAIT, null));
        timeline.advance(T0.plusSeconds(61));
        assertThat(timeline.links()).containsValue(new Ends(TIME_WAIT, null));
        timeline.advance(T0.plusSeconds(93));
        assertThat(timeline.links()).isEmpty();
    }

    @Test
    void a_dial_that_reuses_the_ports_of_a_dialer_end_in_time_wait_is_a_new_link() {
        // given
        add(0);
        timeline.apply(established(1));
        timeline.apply(List.of(b(10, ESTABLISHED, FIN_WAIT1), a(11, ESTABLISHED, CLOSE_WAIT), a(12, CLOSE_WAIT, LAST_ACK),
                b(13, FIN_WAIT1, FIN_WAIT2), b(14, FIN_WAIT2, CLOSE), a(15, LAST_ACK, CLOSE)));
        assertThat(timeline.links()).containsValue(new Ends(TIME_WAIT, null));

        // when
        List<LinkEvent> caused = timeline.apply(established(1000));

        // then: the old end goes, and the new link opens and comes up
        assertThat(caused).extracting(LinkEvent::kind).startsWith(LinkEvent.Kind.CLOSED, LinkEvent.Kind.OPENED);
        assertThat(timeline.links()).containsValue(new Ends(ESTABLISHED, ESTABLISHED));
    }

    @Test
    void a_dial_on_the_ports_of_a_listener_end_in_time_wait_is_a_new_link_from_its_first_event() {
        // given: a, the listener, closed first and lingers
        add(0);
        timeline.apply(established(1));
        timeline.apply(List.of(a(10, ESTABLISHED, FIN_WAIT1), b(11, ESTABLISHED, CLOSE_WAIT), b(12, CLOSE_WAIT, LAST_ACK),
                a(13, FIN_WAIT1, FIN_WAIT2), a(14, FIN_WAIT2, CLOSE), b(15, LAST_ACK, CLOSE)));
        assertThat(timeline.links()).containsValue(new Ends(null, TIME_WAIT));

        // when
        List<LinkEvent> caused = timeline.apply(established(1000));

        // then
        assertThat(caused).extracting(LinkEvent::toString).startsWith(
                "12:00:01 CLOSED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [- | TIME-WAIT]",
                "12:00:01 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [SYN-SENT | -]");
        assertThat(timeline.links()).containsValue(new Ends(ESTABLISHED, ESTABLISHED));
    }

    @Test
    void a_time_wait_end_a_sample_still_shows_after_60_s_is_not_closed_and_opened_again() {
        // given
        add(0);
        timeline.apply(established(1));
        timeline.apply(List.of(b(10, ESTABLISHED, FIN_WAIT1), a(11, ESTABLISHED, CLOSE_WAIT), a(12, CLOSE_WAIT, LAST_ACK),
                b(13, FIN_WAIT1, FIN_WAIT2), b(14, FIN_WAIT2, CLOSE), a(15, LAST_ACK, CLOSE)));

        // when: samples still show it in TIME-WAIT 60.2 s after, as Linux's timer wheel allows
        add(60_000, a(), b(c(TIME_WAIT, B, 40001, A, 9000)));
        timeline.advance(T0.plusMillis(60_100));
        add(60_200, a(), b(c(TIME_WAIT, B, 40001, A, 9000)));

        // then
        assertThat(timeline.edgeHistory("a", "b")).extracting(LinkEvent::toString).endsWith(
                "12:00:00.015 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [TIME-WAIT | -]");
    }

    @Test
    void two_dials_at_once_each_open_at_their_own_first_event_whichever_end_tells_first() {
        // given
        add(0);
        Endpoint first = Endpoint.of(B, 40001);
        Endpoint second = Endpoint.of(B, 40002);

        // when: two dials; the first's listener tells first, the second's dialer does; then a dial fails before its port
        timeline.apply(List.of(change(10, PORTLESS, LISTENER, CLOSE, SYN_SENT), change(20, PORTLESS, LISTENER, CLOSE, SYN_SENT),
                change(21, LISTENER, first, LISTEN, SYN_RECV), change(22, first, LISTENER, SYN_SENT, ESTABLISHED),
                change(23, second, LISTENER, SYN_SENT, CLOSE),
                change(30, PORTLESS, LISTENER, CLOSE, SYN_SENT), change(31, PORTLESS, LISTENER, SYN_SENT, CLOSE),
                change(40, PORTLESS, LISTENER, CLOSE, SYN_SENT), change(41, Endpoint.of(B, 40003), LISTENER, SYN_SENT, CLOSE)));

        // then: each at its own dial's first event (the second's, 20, no earlier than what was recorded before it,
        // 22); the dial that failed before its port took its own time, not the next one's
        assertThat(timeline.events()).filteredOn(e -> e.kind() == LinkEvent.Kind.OPENED)
                .extracting(e -> e.link().fromEnd().port(), LinkEvent::at).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(40001, T0.plusMillis(10)),
                        org.assertj.core.groups.Tuple.tuple(40002, T0.plusMillis(22)),
                        org.assertj.core.groups.Tuple.tuple(40003, T0.plusMillis(40)));
    }

    @Test
    void an_orphan_in_fin_wait_2_that_only_a_snapshot_showed_goes_with_its_time_wait() {
        // given: a snapshot shows b's end in FIN-WAIT-2 with the time-wait's timer: an orphan in the time-wait table
        TcpConnection orphan = new TcpConnection(DIALER, LISTENER, FIN_WAIT2, 0, 0, 0, 0, List.of(), TcpTimer.TIME_WAIT, 0);
        TcpConnection held = new TcpConnection(Endpoint.of(B, 40002), LISTENER, FIN_WAIT2, 0, 0, 0, 1, List.of(), TcpTimer.NONE, 0);
        add(0, a(), b(orphan, held));

        // when
        List<LinkEvent> gone = timeline.advance(T0.plusSeconds(62));

        // then: the orphan goes; a socket its program still holds in FIN-WAIT-2 stays
        assertThat(gone).singleElement().satisfies(e -> assertThat(e.link().fromEnd()).isEqualTo(DIALER));
        assertThat(timeline.links()).hasSize(1);
    }

    @Test
    void as_sampled_a_connected_dial_opens_when_it_comes_up_and_a_refused_one_is_not_there() {
        // given
        add(0);
        timeline.apply(List.of(change(1, PORTLESS, LISTENER, CLOSE, SYN_SENT), change(2, Endpoint.of(B, 40009), LISTENER,
                SYN_SENT, CLOSE)));
        timeline.apply(established(10));

        // when
        List<LinkEvent> sampled = LinkEvent.asSampled(timeline.events());

        // then
        assertThat(sampled).extracting(LinkEvent::toString).containsExactly(
                "12:00:00.010 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | -]",
                "12:00:00.010 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | SYN-RECV]",
                "12:00:00.010 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | ESTAB]");
    }

    @Test
    void a_close_into_time_wait_read_after_a_snapshot_that_showed_it_keeps_the_end_lingering() {
        // given: b closed first; a snapshot at 100 shows b's end in TIME-WAIT and a's gone
        add(0, a(c(ESTABLISHED, A, 9000, B, 40001)), b(c(ESTABLISHED, B, 40001, A, 9000)));
        timeline.apply(List.of(change(1, Endpoint.of(B, 40009), LISTENER, SYN_SENT, CLOSE))); // fed
        add(100, a(), b(c(TIME_WAIT, B, 40001, A, 9000)));

        // when: b's close into the time-wait table, and a's, read after it
        List<LinkEvent> late = timeline.apply(List.of(b(101, FIN_WAIT2, CLOSE), a(102, LAST_ACK, CLOSE)));

        // then: b's end stays, until the kernel lets go of it
        assertThat(late).isEmpty();
        assertThat(timeline.links()).containsValue(new Ends(TIME_WAIT, null));
        assertThat(timeline.advance(T0.plusSeconds(63))).singleElement().extracting(LinkEvent::kind)
                .isEqualTo(LinkEvent.Kind.CLOSED);
    }

    @Test
    void a_dial_that_never_connects_is_on_the_timeline_but_does_not_end_a_quiet() {
        // given
        add(0);
        Instant quietSince = timeline.lastChange();

        // when: a refused dial
        timeline.apply(List.of(change(50, PORTLESS, LISTENER, CLOSE, SYN_SENT), change(51, DIALER, LISTENER, SYN_SENT, CLOSE)));

        // then
        assertThat(timeline.events()).hasSize(2).allMatch(LinkEvent::isHandshake);
        assertThat(timeline.lastChange()).isEqualTo(quietSince);
    }

    private List<TcpTraceEvent> established(long millis) {
        return List.of(b(millis, CLOSE, SYN_SENT), b(millis, SYN_SENT, ESTABLISHED), a(millis, LISTEN, SYN_RECV),
                a(millis, SYN_RECV, ESTABLISHED));
    }
}
