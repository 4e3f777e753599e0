package io.tcpscope.core.topology;

import io.tcpscope.core.TcpState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A change of one link between two nodes, as a {@link Timeline} saw it between two snapshots or as
 * the kernel's events told it: the link was opened, one of its ends changed state, or it was closed.
 *
 * <p>A link is one TCP connection between two nodes on a P2P port, in any state but LISTEN; it is
 * named by an {@link Edge}, whose ends are its two sockets. Each end has its own state, since each
 * node's kernel keeps its own (a dialer in FIN_WAIT2 while its peer is in CLOSE_WAIT), and an end
 * that a snapshot did not show is {@code null}. A link is up while either end is ESTABLISHED.
 *
 * <pre>{@code
 * for (LinkEvent e : timeline.edgeHistory("node-1", "node-2")) {
 *     System.out.println(e);  // 12:00:01.300 OPENED node-1 10.0.0.2:40001 -> node-2 10.0.0.3:9000 [SYN-SENT | -]
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param at when the kernel recorded the change, where its events are read ({@link Timeline#apply}); else
 *     when the snapshot that saw it began
 * @param kind what happened
 * @param link the link, its dialer first when the listeners tell
 * @param before the ends' states before it, {@link Ends#NONE} when the link is new
 * @param after the ends' states now, {@link Ends#NONE} when the link is gone
 * @since 0.1.0
 */
public record LinkEvent(Instant at, Kind kind, Edge link, Ends before, Ends after) {

    /**
     * What happened to a link.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** A link that no earlier snapshot showed. */
        OPENED,
        /** One end, or both, changed state, appeared or went away, and the link is still seen. */
        CHANGED,
        /** Neither end is seen any more. */
        CLOSED
    }

    /**
     * The states of a link's two ends.
     *
     * @param from the state of the socket on the link's {@code from} node, or {@code null}
     * @param to the state of the socket on the link's {@code to} node, or {@code null}
     *
     * @since 0.1.0
     */
    public record Ends(TcpState from, TcpState to) {

        /** Neither end seen. */
        public static final Ends NONE = new Ends(null, null);

        /** {@return whether either end is ESTABLISHED} */
        public boolean isUp() {
            return from == TcpState.ESTABLISHED || to == TcpState.ESTABLISHED;
        }

        /** {@return whether neither end is seen} */
        public boolean isNone() {
            return from == null && to == null;
        }

        /**
         * The link's state in one word, as pictures and reports show it: ESTABLISHED when either
         * end is, else the dialer's end's state when it is seen, else the other end's.
         *
         * @return the state, or {@code null} when neither end is seen
         */
        public TcpState state() {
            if (isUp()) {
                return TcpState.ESTABLISHED;
            }
            return from != null ? from : to;
        }

        @Override
        public String toString() {
            return "[" + (from == null ? "-" : from.ssName()) + " | " + (to == null ? "-" : to.ssName()) + "]";
        }
    }

    /**
     * Validates.
     *
     * @param at when
     * @param kind what happened
     * @param link the link
     * @param before the ends before
     * @param after the ends now
     * @throws NullPointerException if any part is null
     */
    public LinkEvent {
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(link, "link must not be null");
        Objects.requireNonNull(before, "before must not be null");
        Objects.requireNonNull(after, "after must not be null");
    }

    /** {@return whether the link went down: it was up before this event, and is not after it} */
    public boolean isDrop() {
        return before.isUp() && !after.isUp();
    }

    /**
     * {@return whether the link was only being dialed, before this event and after it: no end past
     * SYN-SENT or SYN-RECV. A dial that was refused or went unanswered is such events only; the
     * kernel's own events show them, samples seldom do}
     */
    public boolean isHandshake() {
        return dialing(before) && dialing(after);
    }

    /**
     * The events as samples would have shown them, for a screen or a report: a dial's handshake steps
     * ({@link #isHandshake()}) left out, which the kernel's own events tell as dials, and a link
     * {@link Kind#OPENED} by the change that brought it past its handshake.
     *
     * <pre>{@code
     * LinkEvent.asSampled(recorder.timeline().events()).forEach(System.out::println);
     * }</pre>
     *
     * @param events link events, in order
     * @return those shown; unmodifiable
     */
    public static List<LinkEvent> asSampled(List<LinkEvent> events) {
        List<LinkEvent> shown = new ArrayList<>();
        for (LinkEvent e : events) {
            if (e.isHandshake()) {
                continue;
            }
            boolean opens = dialing(e.before) && e.kind != Kind.CLOSED;
            shown.add(opens ? new LinkEvent(e.at, Kind.OPENED, e.link, Ends.NONE, e.after) : e);
        }
        return Collections.unmodifiableList(shown);
    }

    private static boolean dialing(Ends ends) {
        return (ends.from == null || ends.from == TcpState.SYN_SENT || ends.from == TcpState.SYN_RECV)
                && (ends.to == null || ends.to == TcpState.SYN_SENT || ends.to == TcpState.SYN_RECV);
    }

    /** {@return whether the link came up: it was not up before this event, and is after it} */
    public boolean isRise() {
        return !before.isUp() && after.isUp();
    }

    /**
     * Whether the link joins the two nodes.
     *
     * @param a a node
     * @param b another node
     * @return whether they are its ends
     */
    public boolean joins(String a, String b) {
        return link.joins(a, b);
    }

    /** {@return for example {@code 12:00:01.300 CHANGED node-1 10.0.0.2:40001 -> node-2 10.0.0.3:9000 [ESTAB | ESTAB]}} */
    @Override
    public String toString() {
        String time = at.toString();
        int t = time.indexOf('T');
        return (t < 0 ? time : time.substring(t + 1, time.length() - 1)) + " " + kind + " " + link
                + " " + (kind == Kind.CLOSED ? before : after);
    }
}
