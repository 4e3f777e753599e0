package io.tcpscope.core.events;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the kernel's per-socket events into dials and resets. The kernel tells a dial's end in up to
 * three events of one socket, in an order that depends on the cause (measured on Linux 6.18):
 * refused is RESET_RECEIVED, SYN-SENT to CLOSE, then errno 111; the kernel's own timeout is CLOSE then
 * errno 110; an ICMP error is an error report before the CLOSE; a dialer that gives up first leaves
 * only the CLOSE and the socket's destruction. So a CLOSE whose cause is not known yet waits for the
 * next event of its socket, or for {@link #GRACE}.
 *
 * <p>Not thread-safe.
 */
final class DialTracker {

    /** How long a dial that closed with no cause waits for its error report before it counts as timed out. */
    static final Duration GRACE = Duration.ofSeconds(1);
    /** Per-socket facts kept at most, so that a socket whose end never shows cannot grow this without bound. */
    private static final int MAX_SOCKETS = 65_536;

    private record Socket(Endpoint local, Endpoint remote) {
    }

    private record Pending(Instant at, int retransmits) {
    }

    private final Set<Socket> resetReceived = new HashSet<>();
    /** Sockets whose end was told: the error report that trails it must not be taken for a later socket's. */
    private final Set<Socket> ended = new HashSet<>();
    private final Map<Socket, Integer> errors = new HashMap<>();
    private final Map<Socket, Integer> synRetransmits = new HashMap<>();
    private final Map<Socket, Pending> closed = new HashMap<>();
    private final Map<String, Long> retransmits = new HashMap<>();

    /**
     * Reads one event.
     *
     * @param e the event
     * @param nodeOf a node's name by address, or null
     * @param out where the dials and resets it ends go
     */
    void accept(TcpTraceEvent e, Function<InetAddress, String> nodeOf, List<ConnectionEvent> out) {
        Socket socket = new Socket(e.local(), e.remote());
        switch (e.kind()) {
            case RESET_RECEIVED -> remember(resetReceived, socket);
            case ERROR_REPORT -> errorReport(e, socket, nodeOf, out);
            case RETRANSMIT -> retransmit(e, socket, nodeOf);
            case DESTROYED -> {
                ended.remove(socket);
                Pending pending = closed.remove(socket);
                if (pending != null) {
                    dial(pending.at, socket, DialOutcome.TIMED_OUT, pending.retransmits, nodeOf, out);
                }
                forget(socket);
            }
            case STATE_CHANGE -> stateChange(e, socket, nodeOf, out);
            default -> throw new IllegalStateException("unknown kind " + e.kind());
        }
    }

    /**
     * Ends the dials that closed with no cause longer than {@link #GRACE} before {@code now}.
     *
     * @param now the time of the latest event, or of the clock
     * @param nodeOf a node's name by address
     * @param out where they go
     */
    void flush(Instant now, Function<InetAddress, String> nodeOf, List<ConnectionEvent> out) {
        for (Iterator<Map.Entry<Socket, Pending>> it = closed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Socket, Pending> entry = it.next();
            if (!entry.getValue().at.plus(GRACE).isAfter(now)) {
                it.remove();
                dial(entry.getValue().at, entry.getKey(), DialOutcome.TIMED_OUT, entry.getValue().retransmits, nodeOf,
                        out);
                forget(entry.getKey());
            }
        }
    }

    /** {@return retransmits per directed pair of nodes, keyed {@code "from\u0000to"}} */
    Map<String, Long> retransmits() {
        return retransmits;
    }

    private void stateChange(TcpTraceEvent e, Socket socket, Function<InetAddress, String> nodeOf,
            List<ConnectionEvent> out) {
        if (e.oldState() == TcpState.SYN_SENT && e.local().port() != 0) {
            int resent = synRetransmits.getOrDefault(socket, 0);
            if (e.newState() == TcpState.ESTABLISHED) {
                dial(e.at(), socket, DialOutcome.CONNECTED, resent, nodeOf, out);
                synRetransmits.remove(socket);
            } else if (e.newState() == TcpState.CLOSE) {
                boolean reset = resetReceived.remove(socket);
                DialOutcome known = reset ? DialOutcome.REFUSED : byErrno(errors.remove(socket));
                if (known != null) {
                    dial(e.at(), socket, known, resent, nodeOf, out);
                    forget(socket);
                    if (reset) {
                        remember(ended, socket); // its errno 111 follows
                    }
                } else if (closed.size() < MAX_SOCKETS) {
                    closed.put(socket, new Pending(e.at(), resent));
                }
            }
        } else if (e.newState() == TcpState.CLOSE && resetReceived.remove(socket)) {
            String receiver = nodeOf.apply(e.local().address());
            String sender = nodeOf.apply(e.remote().address());
            if (receiver != null || sender != null) {
                out.add(new LinkReset(e.at(), sender, receiver, e.remote(), e.local(), e.oldState()));
            }
            forget(socket);
            remember(ended, socket);
        }
    }

    private void errorReport(TcpTraceEvent e, Socket socket, Function<InetAddress, String> nodeOf,
            List<ConnectionEvent> out) {
        if (ended.remove(socket)) {
            return; // the errno of an end already told
        }
        Pending pending = closed.remove(socket);
        if (pending != null) {
            DialOutcome outcome = byErrno(e.error());
            dial(pending.at, socket, outcome == null ? DialOutcome.TIMED_OUT : outcome, pending.retransmits, nodeOf,
                    out);
            forget(socket);
        } else if (errors.size() < MAX_SOCKETS && e.remote().port() != 0) {
            errors.put(socket, e.error());
        }
    }

    private void retransmit(TcpTraceEvent e, Socket socket, Function<InetAddress, String> nodeOf) {
        if (e.newState() == TcpState.SYN_SENT) {
            if (synRetransmits.size() < MAX_SOCKETS || synRetransmits.containsKey(socket)) {
                synRetransmits.merge(socket, 1, Integer::sum);
            }
            return;
        }
        String from = nodeOf.apply(e.local().address());
        String to = nodeOf.apply(e.remote().address());
        if (from != null && to != null) {
            retransmits.merge(from + '\u0000' + to, 1L, Long::sum);
        }
    }

    /**
     * The outcome an errno means on a socket that was dialing; {@code null} for none. An error report
     * with errno 0 on a dialing socket comes from an ICMP error, which the kernel reports before it
     * sets the errno.
     */
    private static DialOutcome byErrno(Integer errno) {
        if (errno == null) {
            return null;
        }
        switch (errno) {
            case TcpTraceEvent.ECONNREFUSED:
                return DialOutcome.REFUSED;
            case TcpTraceEvent.ETIMEDOUT:
                return DialOutcome.TIMED_OUT;
            case TcpTraceEvent.ECONNRESET:
                return DialOutcome.RESET;
            default: // 0, EHOSTUNREACH, ENETUNREACH and the other ICMP errors
                return DialOutcome.UNREACHABLE;
        }
    }

    private void dial(Instant at, Socket socket, DialOutcome outcome, int resent, Function<InetAddress, String> nodeOf,
            List<ConnectionEvent> out) {
        String from = nodeOf.apply(socket.local.address());
        if (from != null) {
            out.add(new Dial(at, from, nodeOf.apply(socket.remote.address()), socket.local, socket.remote, outcome,
                    resent));
        }
    }

    private void forget(Socket socket) {
        resetReceived.remove(socket);
        // a new socket on the same four numbers starts afresh: what the old one left is gone
        errors.remove(socket);
        synRetransmits.remove(socket);
    }

    private static void remember(Set<Socket> set, Socket socket) {
        if (set.size() < MAX_SOCKETS) {
            set.add(socket);
        }
    }

    /** {@return how many sockets it holds facts about, for tests: none once every socket it saw is freed} */
    int heldSockets() {
        Set<Socket> all = new HashSet<>(resetReceived);
        all.addAll(ended);
        all.addAll(errors.keySet());
        all.addAll(synRetransmits.keySet());
        all.addAll(closed.keySet());
        return all.size();
    }
}
