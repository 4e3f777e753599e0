package io.tcpscope.core.events;

/**
 * How a dial ended, as the dialer's kernel saw it.
 *
 * <pre>{@code
 * if (dial.outcome() == DialOutcome.REFUSED) { ... }   // nothing listened on dial.target()
 * }</pre>
 *
 * @since 0.3.0
 */
public enum DialOutcome {
    /** The handshake completed: the dialer's socket became ESTABLISHED. */
    CONNECTED("connected", "connected"),
    /** A reset answered the SYN ({@code ECONNREFUSED}): nothing listened on the target port. */
    REFUSED("refused", "nothing listens on %s"),
    /**
     * No answer to the SYNs: the kernel gave up ({@code ETIMEDOUT}), or the dialer closed the socket
     * first. A partition, a firewall that drops, or a node that is paused.
     */
    TIMED_OUT("timed out", "SYNs unanswered: a partition or a firewall?"),
    /** An ICMP error answered the SYN: no route to the target, or a firewall that rejects. */
    UNREACHABLE("unreachable", "no route to %s, or a firewall rejected it"),
    /** The handshake was reset after it had begun ({@code ECONNRESET}). */
    RESET("reset", "reset during the handshake");

    private final String word;
    private final String cause;

    DialOutcome(String word, String cause) {
        this.word = word;
        this.cause = cause;
    }

    /** {@return the outcome in a word or two, as JSON and messages write it: {@code refused}, {@code timed out}} */
    public String word() {
        return word;
    }

    /**
     * What the outcome most likely means, for a message.
     *
     * @param target how to name the target, such as {@code node-3:9000}
     * @return for example {@code nothing listens on node-3:9000}
     */
    public String cause(String target) {
        return String.format(cause, target);
    }

    /** {@return whether the dial failed} */
    public boolean isFailure() {
        return this != CONNECTED;
    }
}
