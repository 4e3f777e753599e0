package io.tcpscope.core.events;

import io.tcpscope.core.Endpoint;

import java.time.Instant;
import java.util.Objects;

/**
 * One dial by a node, and how it ended: one socket that went from SYN-SENT to ESTABLISHED, or to
 * closed.
 *
 * <pre>{@code
 * log.dials().stream().filter(d -> d.from().equals("node-2") && d.outcome().isFailure()).count();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param at when the dial ended
 * @param from the dialing node
 * @param to the node dialed, or {@code null} when the target is not a node's address
 * @param source the dialer's end
 * @param target the address and port dialed
 * @param outcome how it ended
 * @param synRetransmits how many times the kernel sent the SYN again before it ended
 * @since 0.3.0
 */
public record Dial(Instant at, String from, String to, Endpoint source, Endpoint target, DialOutcome outcome,
        int synRetransmits) implements ConnectionEvent {

    /**
     * Validates.
     *
     * @param at when
     * @param from the dialer
     * @param to the node dialed, or null
     * @param source the dialer's end
     * @param target what was dialed
     * @param outcome how it ended
     * @param synRetransmits SYNs sent again, zero or more
     * @throws NullPointerException if anything but {@code to} is null
     */
    public Dial {
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
        if (synRetransmits < 0) {
            throw new IllegalArgumentException("synRetransmits must not be negative, not " + synRetransmits);
        }
    }

    /** {@return {@code DIAL} or {@code DIAL_FAILED}} */
    @Override
    public String kind() {
        return outcome.isFailure() ? "DIAL_FAILED" : "DIAL";
    }

    /** {@return the target as messages name it: {@code node-3:9000}, or its address when it is no node's} */
    public String targetName() {
        return to == null ? target.toString() : to + ":" + target.port();
    }

    @Override
    public boolean involves(String node) {
        return from.equals(node) || node.equals(to);
    }

    /** {@return for example {@code 12:00:01.438931 DIAL_FAILED node-2 -> node-3:9000 refused}} */
    @Override
    public String toString() {
        return TimeOfDay.of(at) + " " + kind() + " " + from + " -> " + targetName() + " "
                + outcome.word() + (synRetransmits > 0 ? " after " + synRetransmits + " SYN retransmits" : "");
    }
}
