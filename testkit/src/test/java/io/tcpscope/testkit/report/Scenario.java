package io.tcpscope.testkit.report;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.WaitFailedError;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.tcpscope.core.Golden.c;

/**
 * A cluster made by hand, whose every link is known by construction: b dialed a and is healthy; c
 * dialed a and its data waits on a's closed window (stalled); c is still dialing b (SYN-SENT);
 * a's old link to b is closing (FIN-WAIT-2 | CLOSE-WAIT); d is paused and was not read. Over three
 * samples: first only b-a, then everything, then the same again 1.5 s later, so that the stall has
 * lasted long enough for a timeline to call it one.
 */
final class Scenario {

    static final String A = "10.0.0.2";
    static final String B = "10.0.0.3";
    static final String C = "10.0.0.4";
    static final String D = "10.0.0.5";
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final long UNSENT = 2_803_712;

    private Scenario() {
    }

    /** The snapshot with every link, its first node named {@code a} (or anything, to test escaping). */
    static Topology full(String nameOfA) {
        TcpConnection stalledEnd = new TcpConnection(Endpoint.of(C, 40002), Endpoint.of(A, 9000), TcpState.ESTABLISHED,
                0, UNSENT, 0, 1234, List.of(), TcpTimer.ZERO_WINDOW_PROBE, 0);
        return Topology.of(List.of(
                node(nameOfA, A, c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0),
                        c(TcpState.ESTABLISHED, A, 9000, B, 40001),
                        c(TcpState.ESTABLISHED, A, 9000, C, 40002),
                        c(TcpState.FIN_WAIT2, A, 40004, B, 9000)),
                node("b", B, c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0),
                        c(TcpState.ESTABLISHED, B, 40001, A, 9000),
                        c(TcpState.CLOSE_WAIT, B, 9000, A, 40004)),
                node("c", C, c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0),
                        stalledEnd,
                        c(TcpState.SYN_SENT, C, 40003, B, 9000)),
                NodeTable.unread("d", Set.of(IpAddresses.parse(D)), "container 'd' is paused")), PortSet.P2P_DEFAULT);
    }

    /** The first snapshot: only b's dial to a. */
    static Topology first() {
        return Topology.of(List.of(
                node("a", A, c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0), c(TcpState.ESTABLISHED, A, 9000, B, 40001)),
                node("b", B, c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0), c(TcpState.ESTABLISHED, B, 40001, A, 9000)),
                node("c", C, c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0)),
                NodeTable.unread("d", Set.of(IpAddresses.parse(D)), "container 'd' is paused")), PortSet.P2P_DEFAULT);
    }

    /** The three samples, in a timeline of the given capacity. */
    static Timeline timeline(int capacity) {
        Timeline timeline = new Timeline(capacity, Duration.ofSeconds(1));
        timeline.add(T0, first());
        timeline.add(T0.plusSeconds(1), full("a"));
        timeline.add(T0.plusMillis(2500), full("a"));
        return timeline;
    }

    /** A full mesh awaited in vain over the full snapshot. */
    static WaitFailedError meshNotFormed(Topology last) {
        List<String> missing = new ArrayList<>();
        last.missingPairs().forEach(p -> missing.add(p.first() + " and " + p.second() + " are not connected"));
        return new WaitFailedError("the cluster did not form a full mesh within 5000 ms; missing: " + missing,
                "a full mesh", Duration.ofSeconds(5), missing, last, null);
    }

    private static NodeTable node(String name, String address, TcpConnection... table) {
        return new NodeTable(name, Set.of(IpAddresses.parse(address)), List.of(table));
    }
}
