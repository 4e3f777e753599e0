package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent.Ends;

import java.util.Locale;

/**
 * How a link is drawn: up and passing data, up and stalled, still being set up, or going away.
 * The page colours each one its own way, and the SVG and its elements carry the name in
 * {@code data-health}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Health {
    /** An end is ESTABLISHED, and no end waits on its peer. */
    HEALTHY("#15803d", "established, healthy"),
    /** An end is ESTABLISHED, and one end's data does not reach its peer. */
    STALLED("#dc2626", "established, stalled: data waits on the peer"),
    /** No end is ESTABLISHED yet: SYN-SENT or SYN-RECV. */
    CONNECTING("#d97706", "connecting (SYN-SENT, SYN-RECV)"),
    /** No end is ESTABLISHED any more: FIN-WAIT, CLOSE-WAIT, LAST-ACK, CLOSING or TIME-WAIT. */
    CLOSING("#7c3aed", "closing (FIN-WAIT, CLOSE-WAIT, LAST-ACK, TIME-WAIT)");

    private final String colour;
    private final String words;

    Health(String colour, String words) {
        this.colour = colour;
        this.words = words;
    }

    /**
     * The health of a link whose ends are in the given states.
     *
     * @param ends the ends' states
     * @param stalled whether an end is known to wait on its peer
     * @return the health
     */
    public static Health of(Ends ends, boolean stalled) {
        if (ends.isUp()) {
            return stalled ? STALLED : HEALTHY;
        }
        TcpState main = mainState(ends);
        return main == TcpState.SYN_SENT || main == TcpState.SYN_RECV ? CONNECTING : CLOSING;
    }

    /**
     * The state a link is shown in: ESTABLISHED if either end is, else the dialer's end's state if it
     * is seen, else the other end's.
     *
     * @param ends the ends' states
     * @return the state, or {@code null} when neither end is seen
     */
    public static TcpState mainState(Ends ends) {
        if (ends.isUp()) {
            return TcpState.ESTABLISHED;
        }
        return ends.from() != null ? ends.from() : ends.to();
    }

    /**
     * A name for a link that does not depend on which end is named first: its two sockets, each
     * with its node, in text order. The picture's edges and the timeline's lanes carry it in
     * {@code data-link}, so that the same link is found in both.
     *
     * @param link the link
     * @return for example {@code node-1 10.0.0.2:40001 ~ node-2 10.0.0.3:9000}
     */
    public static String key(Edge link) {
        String a = link.from() + " " + link.fromEnd();
        String b = link.to() + " " + link.toEnd();
        return a.compareTo(b) <= 0 ? a + " ~ " + b : b + " ~ " + a;
    }

    /** {@return the name in {@code data-health}, such as {@code stalled}} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return the colour it is drawn in, as CSS} */
    public String colour() {
        return colour;
    }

    /** {@return what it means, for the legend} */
    public String words() {
        return words;
    }
}
