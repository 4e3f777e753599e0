package io.tcpscope.core.topology;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.LinkEvent.Ends;

import java.util.Locale;

/**
 * How a link is doing: up and passing data, up and stalled, still being set up, or going away.
 * {@link TopologySvg} colours each link by it, and a failure report's timeline colours its lanes
 * the same way.
 *
 * <pre>{@code
 * LinkHealth h = LinkHealth.of(new Ends(TcpState.SYN_SENT, null), false);   // CONNECTING
 * String css = h.colour();                                                  // "#d97706"
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum LinkHealth {
    /** An end is ESTABLISHED, and no end waits on its peer. */
    HEALTHY("#15803d", "established, healthy"),
    /** An end is ESTABLISHED, and one end's data does not reach its peer. */
    STALLED("#dc2626", "established, stalled: data waits on the peer"),
    /** No end is ESTABLISHED yet: SYN-SENT or SYN-RECV. */
    CONNECTING("#d97706", "connecting (SYN-SENT, SYN-RECV)"),
    /** No end is ESTABLISHED any more: FIN-WAIT, CLOSE-WAIT, LAST-ACK, CLOSING or TIME-WAIT. */
    CLOSING("#7c3aed", "closing (FIN-WAIT, CLOSE-WAIT, LAST-ACK, TIME-WAIT)");

    private final String colour;
    private final String description;

    LinkHealth(String colour, String description) {
        this.colour = colour;
        this.description = description;
    }

    /**
     * The health of a link whose ends are in the given states.
     *
     * @param ends the ends' states
     * @param stalled whether an end is known to wait on its peer
     * @return the health
     */
    public static LinkHealth of(Ends ends, boolean stalled) {
        if (ends.isUp()) {
            return stalled ? STALLED : HEALTHY;
        }
        TcpState state = ends.state();
        return state == TcpState.SYN_SENT || state == TcpState.SYN_RECV ? CONNECTING : CLOSING;
    }

    /** {@return its name in a picture's {@code data-health} attributes, such as {@code stalled}} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return the colour pictures draw it in, as CSS, such as {@code #dc2626}} */
    public String colour() {
        return colour;
    }

    /** {@return what it means, for a legend} */
    public String description() {
        return description;
    }
}
