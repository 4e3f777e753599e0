package io.tcpscope.core.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A time when two nodes had none of their links up, after they had one: from the first snapshot
 * that showed them all down to the first that showed one up again.
 *
 * <p>Immutable and thread-safe.
 *
 * @param a a node
 * @param b the other node
 * @param from the first snapshot that showed no link up
 * @param to the first snapshot that showed one up again, or {@code null} while it lasts
 * @since 0.1.0
 */
public record Outage(String a, String b, Instant from, Instant to) {

    /**
     * Validates.
     *
     * @param a a node
     * @param b the other node
     * @param from the first snapshot that showed no link up
     * @param to the first snapshot that showed one up again, or {@code null} while it lasts
     */
    public Outage {
        Objects.requireNonNull(a, "a must not be null");
        Objects.requireNonNull(b, "b must not be null");
        Objects.requireNonNull(from, "from must not be null");
    }

    /** {@return whether a link came up again} */
    public boolean isHealed() {
        return to != null;
    }

    /**
     * How long it lasted, or has lasted until {@code now}.
     *
     * @param now the time to measure an outage under way to
     * @return the length
     */
    public Duration length(Instant now) {
        return Duration.between(from, to != null ? to : now);
    }
}
