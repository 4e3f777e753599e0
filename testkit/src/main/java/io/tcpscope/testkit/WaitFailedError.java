package io.tcpscope.testkit;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.Topology;

import java.io.Serial;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A wait whose condition was not met: its time was up, or a fail-fast reason ended it
 * ({@link ClusterWait#withFailFast}). It carries what was awaited, what was missing, and the last
 * topology or table seen, for a test to show or for a failure report to draw. Every wait of
 * tcpscope fails with this one type: a cluster's, a recorder's, and (as the cause of Testcontainers'
 * {@code ContainerLaunchException}) a wait strategy's.
 *
 * <p>It is an {@link AssertionError}, so a test framework reports it as a failed assertion; its
 * message says all of the above in words.
 *
 * <pre>{@code
 * try {
 *     cluster.await().withTimeout(Duration.ofSeconds(10)).forFullMesh();
 * } catch (WaitFailedError e) {
 *     e.condition();       // "a full mesh"
 *     e.missing();         // ["node-1 and node-3 are not connected"]
 *     e.lastTopology();    // the last snapshot, to draw
 *     e.diagnosis();       // ["node-2 dialed node-3:9000 14 times in the last 10 s: 14 refused (nothing listens on node-3:9000)"]
 * }
 * }</pre>
 *
 * <p>Immutable once thrown; its last topology and table are immutable values.
 *
 * @since 0.2.0
 */
public final class WaitFailedError extends AssertionError {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String condition;
    private final Duration timeout;
    private final transient List<String> missing;
    private final transient Topology lastTopology;
    private final transient List<TcpConnection> lastTable;
    private final transient List<String> diagnosis;

    /**
     * A wait that timed out.
     *
     * @param message the whole story in words
     * @param condition what was awaited, such as {@code a full mesh}
     * @param timeout how long it could wait
     * @param missing what the last read lacked, one line each, or empty if the condition does not say
     * @param lastSeen the last topology or table read, or {@code null} if none was
     * @param cause the failure of the last read, or {@code null}
     */
    public WaitFailedError(String message, String condition, Duration timeout, List<String> missing,
                                 Object lastSeen, Throwable cause) {
        this(message, condition, timeout, missing, lastSeen, cause, List.of());
    }

    /**
     * A wait that timed out, with what the kernel's events said went wrong while it waited.
     *
     * @param message the whole story in words, the diagnosis included
     * @param condition what was awaited, such as {@code a full mesh}
     * @param timeout how long it could wait
     * @param missing what the last read lacked, one line each, or empty if the condition does not say
     * @param lastSeen the last topology or table read, or {@code null} if none was
     * @param cause the failure of the last read, or {@code null}
     * @param diagnosis a sentence per dialer and target whose dials failed while it waited
     * @since 0.3.0
     */
    public WaitFailedError(String message, String condition, Duration timeout, List<String> missing,
                                 Object lastSeen, Throwable cause, List<String> diagnosis) {
        super(message);
        this.diagnosis = List.copyOf(diagnosis);
        if (cause != null) {
            initCause(cause);
        }
        this.condition = Objects.requireNonNull(condition, "condition must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        this.missing = List.copyOf(missing);
        this.lastTopology = lastSeen instanceof Topology t ? t : null;
        this.lastTable = lastSeen instanceof List<?> table && table.stream().allMatch(TcpConnection.class::isInstance)
                ? table.stream().map(TcpConnection.class::cast).toList() : null;
    }

    /** {@return what was awaited, in words} */
    public String condition() {
        return condition;
    }

    /** {@return how long the wait could last} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return what the last read lacked, one line each; empty when the condition cannot tell} */
    public List<String> missing() {
        return missing == null ? List.of() : missing;
    }

    /** {@return the last topology seen by a wait on a topology} */
    public Optional<Topology> lastTopology() {
        return Optional.ofNullable(lastTopology);
    }

    /** {@return the last table seen by a wait on one node's count} */
    public Optional<List<TcpConnection>> lastTable() {
        return Optional.ofNullable(lastTable);
    }

    /**
     * What the kernel's own events said went wrong while it waited: a sentence per dialer and target
     * whose dials failed, such as {@code node-2 dialed node-3:9000 14 times in the last 30 s: 14 refused
     * (nothing listens on node-3:9000)}, and per pair of nodes whose links were reset. Empty where the
     * kernel's events cannot be read (a remote engine, not root), or when no dial failed.
     *
     * @return the sentences
     * @since 0.3.0
     */
    public List<String> diagnosis() {
        return diagnosis == null ? List.of() : diagnosis;
    }
}
