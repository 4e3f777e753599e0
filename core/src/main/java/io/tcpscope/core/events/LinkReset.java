package io.tcpscope.core.events;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;

import java.time.Instant;
import java.util.Objects;

/**
 * A live link ended by a reset: one side sent an RST, and the other side's socket, in
 * {@code state}, received it and closed.
 *
 * <pre>{@code
 * log.resets().stream().filter(r -> r.sender().equals("node-3")).count();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param at when the reset arrived
 * @param sender the node that sent the reset, or {@code null} when its address is no node's
 * @param receiver the node whose socket received it, or {@code null} when its address is no node's
 * @param senderEnd the sender's end of the link
 * @param receiverEnd the receiver's end of the link
 * @param state the receiver's socket's state when the reset arrived
 * @since 0.3.0
 */
public record LinkReset(Instant at, String sender, String receiver, Endpoint senderEnd, Endpoint receiverEnd,
        TcpState state) implements ConnectionEvent {

    /**
     * Validates.
     *
     * @param at when
     * @param sender who sent it, or null
     * @param receiver who received it, or null
     * @param senderEnd the sender's end
     * @param receiverEnd the receiver's end
     * @param state the receiver's state
     * @throws NullPointerException if the time, an end or the state is null
     * @throws IllegalArgumentException if neither side is a node
     */
    public LinkReset {
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(senderEnd, "senderEnd must not be null");
        Objects.requireNonNull(receiverEnd, "receiverEnd must not be null");
        Objects.requireNonNull(state, "state must not be null");
        if (sender == null && receiver == null) {
            throw new IllegalArgumentException("a reset needs a node at one end at least");
        }
    }

    /** {@return {@code RESET}} */
    @Override
    public String kind() {
        return "RESET";
    }

    @Override
    public boolean involves(String node) {
        return node.equals(sender) || node.equals(receiver);
    }

    /** {@return for example {@code 12:00:01.439213 RESET node-3 10.0.0.3:9000 -> node-1 10.0.0.2:48598 (ESTAB)}} */
    @Override
    public String toString() {
        return TimeOfDay.of(at) + " RESET " + name(sender) + " " + senderEnd + " -> "
                + name(receiver) + " " + receiverEnd + " (" + state.ssName() + ")";
    }

    private static String name(String node) {
        return node == null ? "(not a node)" : node;
    }
}
