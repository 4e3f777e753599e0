package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.tcpscope.core.Golden.c;
import static io.tcpscope.core.TcpState.CLOSE;
import static io.tcpscope.core.TcpState.LISTEN;
import static io.tcpscope.core.TcpState.SYN_SENT;

/**
 * Two nodes and a timeline, for the tests of a timeline fed by the kernel's events: node b
 * ({@value #B}) dials node a ({@value #A}) on 9000, and each event is written as Linux tells it.
 */
abstract class TimelineEventsFixture {

    static final String A = "10.0.0.2";
    static final String B = "10.0.0.3";
    static final Endpoint DIALER = Endpoint.of(B, 40001);
    static final Endpoint LISTENER = Endpoint.of(A, 9000);
    /** A dialer's first event names port 0: Linux picks the port after it sets SYN-SENT (see the capture). */
    static final Endpoint PORTLESS = Endpoint.of(B, 0);
    static final Instant T0 = Instant.parse("2026-12-08T12:00:00Z");

    final Timeline timeline = new Timeline();

    static TcpTraceEvent a(long millis, TcpState from, TcpState to) {
        return change(millis, LISTENER, DIALER, from, to);
    }

    static TcpTraceEvent b(long millis, TcpState from, TcpState to) {
        return change(millis, from == CLOSE && to == SYN_SENT ? PORTLESS : DIALER, LISTENER, from, to);
    }

    static TcpTraceEvent change(long millis, Endpoint local, Endpoint remote, TcpState from, TcpState to) {
        return new TcpTraceEvent(T0.plusMillis(millis), Kind.STATE_CHANGE, local, remote, from, to, 0);
    }

    static TcpTraceEvent event(long millis, Kind kind, Endpoint local, Endpoint remote) {
        return new TcpTraceEvent(T0.plusMillis(millis), kind, local, remote, null, null, 0);
    }

    List<LinkEvent> add(long millis, NodeTable... tables) {
        return timeline.add(T0.plusMillis(millis), Topology.of(List.of(tables.length == 0 ? new NodeTable[] {a(), b()} : tables),
                PortSet.P2P_DEFAULT));
    }

    static NodeTable a(TcpConnection... connections) {
        return node("a", A, connections);
    }

    static NodeTable b(TcpConnection... connections) {
        return node("b", B, connections);
    }

    static NodeTable node(String name, String ip, TcpConnection... connections) {
        List<TcpConnection> table = new ArrayList<>(List.of(c(LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0)));
        table.addAll(List.of(connections));
        return new NodeTable(name, Set.of(IpAddresses.parse(ip)), table);
    }
}
