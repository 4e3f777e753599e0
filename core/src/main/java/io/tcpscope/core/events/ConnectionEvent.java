package io.tcpscope.core.events;

import java.time.Instant;

/**
 * What the kernel's events say happened to a cluster's connections, in the cluster's own words:
 * a {@link Dial} and how it ended, or a {@link LinkReset} of a live link.
 *
 * <pre>{@code
 * for (ConnectionEvent e : log.events()) {
 *     System.out.println(e);   // 12:00:01.438 DIAL_FAILED node-2 -> node-3:9000 refused
 * }
 * }</pre>
 *
 * @since 0.3.0
 */
public sealed interface ConnectionEvent permits Dial, LinkReset {

    /** {@return when the kernel recorded it} */
    Instant at();

    /** {@return what it is, as JSON writes it: {@code DIAL}, {@code DIAL_FAILED} or {@code RESET}} */
    String kind();

    /**
     * Whether it concerns the node.
     *
     * @param node a node's name
     * @return whether the node is one of its ends
     */
    boolean involves(String node);
}
