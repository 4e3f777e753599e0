package io.tcpscope.cli;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.LinkEvent.Ends;
import io.tcpscope.core.topology.LinkEvent.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Which link events the watch shows, where the kernel's events tell each step of a dial. */
class WatchSinkShownTest {

    private static final Instant T0 = Instant.parse("2026-12-08T12:00:00Z");
    private static final Edge LINK = new Edge("b", "a", Endpoint.of("10.0.0.3", 40001), Endpoint.of("10.0.0.2", 9000),
            Edge.Direction.DIALED);

    @Test
    void a_refused_dial_shows_no_link_event_and_a_connected_one_opens_when_it_comes_up() {
        // given: a dial refused, then one that connects and closes, as the kernel's events tell them
        Ends sent = new Ends(TcpState.SYN_SENT, null);
        Ends handshake = new Ends(TcpState.SYN_SENT, TcpState.SYN_RECV);
        Ends halfUp = new Ends(TcpState.ESTABLISHED, TcpState.SYN_RECV);
        Ends up = new Ends(TcpState.ESTABLISHED, TcpState.ESTABLISHED);
        List<LinkEvent> events = List.of(event(1, Kind.OPENED, Ends.NONE, sent), event(2, Kind.CLOSED, sent, Ends.NONE),
                event(3, Kind.OPENED, Ends.NONE, sent), event(4, Kind.CHANGED, sent, handshake),
                event(5, Kind.CHANGED, handshake, halfUp), event(6, Kind.CHANGED, halfUp, up),
                event(9, Kind.CLOSED, up, Ends.NONE));

        // when
        List<LinkEvent> shown = WatchSink.shown(events);

        // then
        assertThat(shown).extracting(LinkEvent::kind, LinkEvent::after).containsExactly(
                tuple(Kind.OPENED, halfUp), tuple(Kind.CHANGED, up),
                tuple(Kind.CLOSED, Ends.NONE));
        assertThat(shown.get(0).before()).isEqualTo(Ends.NONE);
    }

    private static LinkEvent event(long millis, Kind kind, Ends before, Ends after) {
        return new LinkEvent(T0.plusMillis(millis), kind, LINK, before, after);
    }
}
