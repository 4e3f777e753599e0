package io.tcpscope.core;

import java.util.Objects;

/**
 * The container engine could not be reached, or did not answer a call within its bound, or the
 * caller was interrupted while it waited for one ({@link #interrupted}), or the call was made after
 * tcpscope's connection to the engine was closed ({@link #closed}). Names the
 * endpoint that was tried, such as {@code unix:///var/run/docker.sock} or the value of
 * {@code DOCKER_HOST}, and, for a call that did not return, the call.
 *
 * <pre>{@code
 * try {
 *     inspector.connections("node-a");
 * } catch (EngineUnavailableException e) {
 *     e.call();   // for example Optional[inspect container node-a], when the engine stalled
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class EngineUnavailableException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String call;

    /**
     * Creates the exception.
     *
     * @param endpoint the engine address that was tried
     * @param cause the transport's failure
     */
    public EngineUnavailableException(String endpoint, Throwable cause) {
        super("cannot reach the Docker engine at " + endpoint + " (" + rootMessage(cause)
                + "); start dockerd, or point DOCKER_HOST at a running engine", cause);
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.call = null;
    }

    private EngineUnavailableException(String endpoint, String call, String message, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.call = call;
    }

    /**
     * The engine took a call but did not answer it within its bound.
     *
     * @param endpoint the engine address
     * @param call the call that did not return, such as {@code inspect container node-a}
     * @param bound how long it was given
     * @param cause the transport's timeout, or {@code null}
     * @return the exception, whose message names the engine and the call
     * @since 0.2.0
     */
    public static EngineUnavailableException stalled(String endpoint, String call, java.time.Duration bound,
            Throwable cause) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(call, "call must not be null");
        Objects.requireNonNull(bound, "bound must not be null");
        return new EngineUnavailableException(endpoint, call, "the Docker engine at " + endpoint + " did not answer '"
                + call + "' within " + seconds(bound) + "; check that it responds ('docker info'), or give it longer"
                + " with the engine's response timeout", cause);
    }

    /**
     * The engine's calls were all taken by calls that never returned, so this one was not sent.
     *
     * @param endpoint the engine address
     * @param call the call that was not sent, such as {@code inspect container node-a}
     * @param outstanding how many calls of the engine object are still waiting for an answer
     * @return the exception, whose message names the engine, the call and how many are outstanding
     * @since 0.2.0
     */
    public static EngineUnavailableException outstanding(String endpoint, String call, int outstanding) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(call, "call must not be null");
        return new EngineUnavailableException(endpoint, call, "the Docker engine at " + endpoint + " has " + outstanding
                + " calls outstanding that never returned, so '" + call + "' was not sent; check that it responds"
                + " ('docker info'), or restart it", null);
    }

    /**
     * A call was not sent because the engine object's calls were all under way: some of them given
     * up by their callers and not yet returned, the others still within their bound. When all of
     * them were given up, it says what {@link #outstanding(String, String, int)} says.
     *
     * @param endpoint the engine address
     * @param call the call that was not sent, such as {@code inspect container node-a}
     * @param underWay how many calls of the engine object are under way
     * @param givenUp how many of those were given up by their callers and never returned
     * @return the exception, whose message names the engine, the call, and how many calls are under way and given up
     * @since 0.2.0
     */
    public static EngineUnavailableException outstanding(String endpoint, String call, int underWay, int givenUp) {
        if (givenUp >= underWay) {
            return outstanding(endpoint, call, underWay);
        }
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(call, "call must not be null");
        return new EngineUnavailableException(endpoint, call, "the Docker engine at " + endpoint + " has " + underWay
                + " calls under way, " + givenUp + " of them given up by their callers, and no room for '" + call
                + "' within its bound, so it was not sent; check that it responds ('docker info'), or give it longer"
                + " with the engine's response timeout", null);
    }

    /**
     * The caller's thread was interrupted while it waited for a call: the call was given up, and
     * nothing is known of the engine. The caller's interrupt flag is the caller's to keep.
     *
     * @param endpoint the engine address
     * @param call the call that was waited for, such as {@code inspect container node-a}
     * @param cause the interrupt, or {@code null}
     * @return the exception, whose message says that the wait was interrupted, and for which call
     * @since 0.2.0
     */
    public static EngineUnavailableException interrupted(String endpoint, String call, Throwable cause) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(call, "call must not be null");
        return new EngineUnavailableException(endpoint, call, "interrupted while waiting for '" + call + "' on "
                + endpoint + "; the call was given up, which says nothing of the engine", cause);
    }

    /**
     * A call was not made because other calls under way, which it must not run beside (such as a
     * cluster's reads while it pauses a node), held it up for longer than its bound. What they wait
     * on is most often the engine, but may be a command still running in a container; the message
     * says both.
     *
     * @param endpoint the engine address
     * @param call the call that did not run, such as {@code pause of cluster tcpscope-3f2a1b2c}
     * @param holders what held it up, such as {@code the reads under way}
     * @param bound how long it waited
     * @return the exception, whose message names the call, what held it up and the engine
     * @since 0.2.0
     */
    public static EngineUnavailableException heldUp(String endpoint, String call, String holders,
            java.time.Duration bound) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(call, "call must not be null");
        Objects.requireNonNull(holders, "holders must not be null");
        Objects.requireNonNull(bound, "bound must not be null");
        return new EngineUnavailableException(endpoint, call, "'" + call + "' did not run: " + holders
                + " kept it waiting for longer than " + seconds(bound) + "; they wait on the Docker engine at " + endpoint
                + " or on a command in a container: check that the engine responds ('docker info') and what runs in"
                + " the containers, or give them a longer timeout", null);
    }

    /**
     * The engine object this call was made on was closed, so the call was not sent: it says
     * nothing of the engine itself. Happens when a read races the close of what owns the engine
     * object (a cluster, an inspector).
     *
     * @param endpoint the engine address
     * @param call the call that was not sent, such as {@code inspect container node-a}
     * @return the exception, whose message names the engine and the call
     * @since 0.2.0
     */
    public static EngineUnavailableException closed(String endpoint, String call) {
        Objects.requireNonNull(endpoint, "endpoint must not be null");
        Objects.requireNonNull(call, "call must not be null");
        return new EngineUnavailableException(endpoint, call, "'" + call + "' was not sent to the Docker engine at "
                + endpoint + ": tcpscope's connection to it was already closed (what owned it, a cluster or an"
                + " inspector, was closed first)", null);
    }

    /**
     * The call that did not return, when the engine stalled rather than refused the connection, or
     * that was not sent, or whose wait was interrupted.
     *
     * @return the call, or empty when the engine could not be reached at all
     * @since 0.2.0
     */
    public java.util.Optional<String> call() {
        return java.util.Optional.ofNullable(call);
    }

    private static String seconds(java.time.Duration bound) {
        long millis = bound.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /**
     * The engine address that was tried.
     *
     * @return for example {@code unix:///var/run/docker.sock}
     */
    public String endpoint() {
        return endpoint;
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        // the words, not the class: a transport's class name is no help to a user; the cause keeps it
        return message == null || message.isBlank() ? "the transport gave no reason" : message;
    }
}
