package io.tcpscope.testkit.report;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The kernel's events during {@link Scenario}'s timeline, made by hand as the kernel tells them, so
 * that every dial's end and every reset is known by construction (times after {@link Scenario#T0}):
 * <ul>
 *   <li>0.2 s, 0.3 s: a dials d:9000 twice, refused; a and d never had a link</li>
 *   <li>1.2 s: c's dial to b:9000 from 10.0.0.4:40003 (the SYN-SENT link the samples saw) times out
 *       after 2 SYN retransmits</li>
 *   <li>1.5 s: b dials c:9000, unreachable; b and c have the link c dialed</li>
 *   <li>1.6 s: a dials b:9000 from a new port, reset during the handshake; a and b have a link each way</li>
 *   <li>2.0 s: a resets the live link b dialed (b 10.0.0.3:40001 -> a 10.0.0.2:9000)</li>
 *   <li>2.1 s: 10.0.0.9, no node, resets a link of c's that the samples never saw</li>
 *   <li>2.2 s: c dials 10.0.0.9:9000, no node, refused</li>
 *   <li>2.3 s: e, a node with no link in the samples, dials 10.0.0.9:9000, refused</li>
 *   <li>2.4 s: b dials a:9000 and connects</li>
 * </ul>
 */
final class KernelScenario {

    static final String E = "10.0.0.6";
    static final String OUTSIDE = "10.0.0.9";

    private KernelScenario() {
    }

    /** The log of those events, with the nodes named {@code a} to {@code e}. */
    static EventLog log() {
        return log("a", "d");
    }

    /** The log of those events, with a and d named as given (or anything, to test escaping). */
    static EventLog log(String nameOfA, String nameOfD) {
        Function<InetAddress, String> nodes = address -> Map.of(Scenario.A, nameOfA, Scenario.B, "b", Scenario.C, "c",
                Scenario.D, nameOfD, E, "e").get(address.getHostAddress());
        List<TcpTraceEvent> events = new ArrayList<>();
        refused(events, Scenario.A, 41000, Scenario.D, 9000, 200);
        refused(events, Scenario.A, 41001, Scenario.D, 9000, 300);
        retransmit(events, Scenario.C, 40003, Scenario.B, 9000, 400);
        retransmit(events, Scenario.C, 40003, Scenario.B, 9000, 800);
        events.add(close(Scenario.C, 40003, Scenario.B, 9000, TcpState.SYN_SENT, 1_200));
        events.add(error(Scenario.C, 40003, Scenario.B, 9000, TcpTraceEvent.ETIMEDOUT, 1_200));
        events.add(error(Scenario.B, 41002, Scenario.C, 9000, TcpTraceEvent.EHOSTUNREACH, 1_500));
        events.add(close(Scenario.B, 41002, Scenario.C, 9000, TcpState.SYN_SENT, 1_500));
        events.add(error(Scenario.A, 41003, Scenario.B, 9000, TcpTraceEvent.ECONNRESET, 1_600));
        events.add(close(Scenario.A, 41003, Scenario.B, 9000, TcpState.SYN_SENT, 1_600));
        events.add(event(Kind.RESET_RECEIVED, Scenario.B, 40001, Scenario.A, 9000, null, null, 2_000));
        events.add(close(Scenario.B, 40001, Scenario.A, 9000, TcpState.ESTABLISHED, 2_000));
        events.add(event(Kind.RESET_RECEIVED, Scenario.C, 45000, OUTSIDE, 7000, null, null, 2_100));
        events.add(close(Scenario.C, 45000, OUTSIDE, 7000, TcpState.ESTABLISHED, 2_100));
        refused(events, Scenario.C, 41004, OUTSIDE, 9000, 2_200);
        refused(events, E, 41005, OUTSIDE, 9000, 2_300);
        events.add(event(Kind.STATE_CHANGE, Scenario.B, 41006, Scenario.A, 9000, TcpState.SYN_SENT, TcpState.ESTABLISHED,
                2_400));
        EventLog log = new EventLog(EventLog.DEFAULT_CAPACITY);
        log.accept(events, nodes);
        return log.snapshot();
    }

    private static void refused(List<TcpTraceEvent> events, String from, int port, String to, int toPort, long millis) {
        events.add(event(Kind.RESET_RECEIVED, from, port, to, toPort, null, null, millis));
        events.add(close(from, port, to, toPort, TcpState.SYN_SENT, millis));
    }

    private static void retransmit(List<TcpTraceEvent> events, String from, int port, String to, int toPort, long millis) {
        events.add(event(Kind.RETRANSMIT, from, port, to, toPort, null, TcpState.SYN_SENT, millis));
    }

    private static TcpTraceEvent close(String from, int port, String to, int toPort, TcpState before, long millis) {
        return event(Kind.STATE_CHANGE, from, port, to, toPort, before, TcpState.CLOSE, millis);
    }

    private static TcpTraceEvent error(String from, int port, String to, int toPort, int errno, long millis) {
        return new TcpTraceEvent(Scenario.T0.plusMillis(millis), Kind.ERROR_REPORT, Endpoint.of(from, port),
                Endpoint.of(to, toPort), null, null, errno);
    }

    private static TcpTraceEvent event(Kind kind, String from, int port, String to, int toPort, TcpState before,
            TcpState after, long millis) {
        return new TcpTraceEvent(Scenario.T0.plusMillis(millis), kind, Endpoint.of(from, port), Endpoint.of(to, toPort),
                before, after, 0);
    }
}
