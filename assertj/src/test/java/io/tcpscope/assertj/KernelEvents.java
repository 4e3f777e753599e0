package io.tcpscope.assertj;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Event logs made by hand from the kernel's own events, as the tracepoints report them, one event a
 * millisecond from 12:00:00: what happened, and when, is known by construction. Node {@code node-n}
 * has the address {@code 10.0.0.n} and listens on 9000; each dial gets a port of its own.
 */
final class KernelEvents {

    static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private final List<TcpTraceEvent> events = new ArrayList<>();
    private int nextPort = 40_000;
    private int capacity = EventLog.DEFAULT_CAPACITY;

    static KernelEvents kernel() {
        return new KernelEvents();
    }

    /** A dial that completed: SYN-SENT to ESTABLISHED. */
    KernelEvents connected(String from, String to) {
        Endpoint local = dialer(from);
        add(Kind.STATE_CHANGE, local, listener(to), TcpState.SYN_SENT, TcpState.ESTABLISHED, 0);
        return this;
    }

    /** A refused dial, in the order the kernel tells it: the reset, the close, then errno 111. */
    KernelEvents refused(String from, String to) {
        Endpoint local = dialer(from);
        add(Kind.RESET_RECEIVED, local, listener(to), null, null, 0);
        add(Kind.STATE_CHANGE, local, listener(to), TcpState.SYN_SENT, TcpState.CLOSE, 0);
        add(Kind.ERROR_REPORT, local, listener(to), null, null, TcpTraceEvent.ECONNREFUSED);
        return this;
    }

    /** A dial whose SYNs went unanswered twice before the kernel gave up: the close, then errno 110. */
    KernelEvents timedOut(String from, String to) {
        Endpoint local = dialer(from);
        add(Kind.RETRANSMIT, local, listener(to), null, TcpState.SYN_SENT, 0);
        add(Kind.RETRANSMIT, local, listener(to), null, TcpState.SYN_SENT, 0);
        add(Kind.STATE_CHANGE, local, listener(to), TcpState.SYN_SENT, TcpState.CLOSE, 0);
        add(Kind.ERROR_REPORT, local, listener(to), null, null, TcpTraceEvent.ETIMEDOUT);
        return this;
    }

    /** {@code sender} resets the live link {@code receiver} dialed: the receiver's socket gets the RST and closes. */
    KernelEvents reset(String sender, String receiver) {
        Endpoint local = dialer(receiver);
        add(Kind.STATE_CHANGE, local, listener(sender), TcpState.SYN_SENT, TcpState.ESTABLISHED, 0);
        add(Kind.RESET_RECEIVED, local, listener(sender), null, null, 0);
        add(Kind.STATE_CHANGE, local, listener(sender), TcpState.ESTABLISHED, TcpState.CLOSE, 0);
        return this;
    }

    /** {@code from}'s socket sends a segment of an established link to {@code to} again, {@code times} times. */
    KernelEvents retransmits(String from, String to, int times) {
        Endpoint local = dialer(from);
        for (int i = 0; i < times; i++) {
            add(Kind.RETRANSMIT, local, listener(to), null, TcpState.ESTABLISHED, 0);
        }
        return this;
    }

    /** Keeps only the last {@code capacity} dials and resets. */
    KernelEvents capacity(int capacity) {
        this.capacity = capacity;
        return this;
    }

    /** {@return the log the events make, as a snapshot, as a recorder's {@code events()} gives it} */
    EventLog log() {
        EventLog log = new EventLog(capacity);
        log.accept(events, KernelEvents::node);
        return log.snapshot();
    }

    /** The time of the {@code n}th event, counting from 0. */
    static Instant at(int n) {
        return T0.plusMillis(n);
    }

    private void add(Kind kind, Endpoint local, Endpoint remote, TcpState oldState, TcpState newState, int error) {
        events.add(new TcpTraceEvent(at(events.size()), kind, local, remote, oldState, newState, error));
    }

    private Endpoint dialer(String node) {
        return Endpoint.of(ip(node), nextPort++);
    }

    private static Endpoint listener(String node) {
        return Endpoint.of(ip(node), 9000);
    }

    private static String ip(String node) {
        return "10.0.0." + node.substring(node.lastIndexOf('-') + 1);
    }

    private static String node(InetAddress address) {
        String ip = address.getHostAddress();
        return ip.startsWith("10.0.0.") ? "node-" + ip.substring("10.0.0.".length()) : null;
    }
}
