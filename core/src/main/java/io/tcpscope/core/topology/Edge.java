package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;

import java.util.Objects;

/**
 * One TCP connection between two nodes, seen once however many of the two tables show it.
 *
 * <p>For a {@link Direction#DIALED} edge, {@code from} dialed {@code to}. For the other
 * directions the two ends are ordered by name, and the direction says why no dialer is named.
 *
 * <p>Immutable and thread-safe.
 *
 * @param from the dialer, or the first node by name
 * @param to the listener, or the second node by name
 * @param fromEnd the socket's endpoint on {@code from}
 * @param toEnd the socket's endpoint on {@code to}
 * @param direction how sure the direction is
 * @since 0.1.0
 */
public record Edge(String from, String to, Endpoint fromEnd, Endpoint toEnd, Direction direction) {

    /**
     * What the listeners say about who dialed.
     *
     * @since 0.1.0
     */
    public enum Direction {
        /** Only one end sits on a port its node listens on: the other end dialed. */
        DIALED,
        /**
         * Both ends sit on ports their nodes listen on, as when a node dials out from its listen
         * port (libp2p does); the dialer cannot be told.
         */
        BOTH_LISTEN,
        /** Neither end sits on a listening port. */
        UNKNOWN
    }

    /**
     * Validates.
     *
     * @param from the dialer, or the first node by name
     * @param to the listener, or the second node by name
     * @param fromEnd the endpoint on {@code from}
     * @param toEnd the endpoint on {@code to}
     * @param direction how sure the direction is
     * @throws NullPointerException if any part is null
     */
    public Edge {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        Objects.requireNonNull(fromEnd, "fromEnd must not be null");
        Objects.requireNonNull(toEnd, "toEnd must not be null");
        Objects.requireNonNull(direction, "direction must not be null");
    }

    /**
     * Whether the edge joins the two nodes, in either direction.
     *
     * @param a a node
     * @param b another node
     * @return whether {@code a} and {@code b} are its ends
     */
    public boolean joins(String a, String b) {
        return from.equals(a) && to.equals(b) || from.equals(b) && to.equals(a);
    }

    @Override
    public String toString() {
        String arrow = direction == Direction.DIALED ? " -> " : direction == Direction.BOTH_LISTEN ? " <-> " : " -- ";
        return from + " " + fromEnd + arrow + to + " " + toEnd;
    }
}
