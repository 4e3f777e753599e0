package io.tcpscope.core;

import java.util.Objects;

/**
 * The container cannot be inspected in its current condition. The message names the container by
 * name and short id and says what to do, for example {@code container 'node-a' (3f2a1b2c3d4e) is
 * not running; start it or inspect a running container}.
 *
 * @since 0.1.0
 */
public final class ContainerUnavailableException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    /**
     * Why a container cannot be inspected.
     *
     * @since 0.1.0
     */
    public enum Condition {
        /** No container has that name or id. */
        NOT_FOUND,
        /** The container exists but is not running. */
        NOT_RUNNING,
        /** The container is paused. */
        PAUSED,
        /** The container is restarting. */
        RESTARTING,
        /** The container was removed while it was being inspected. */
        REMOVED
    }

    private final String container;
    private final String name;
    private final String id;
    private final Condition condition;

    /**
     * Creates the exception.
     *
     * @param container the reference the caller gave, a name or an id
     * @param name the container's name, or {@code null} if unknown
     * @param id the container's full or short id, or {@code null} if unknown
     * @param condition why it cannot be inspected
     */
    public ContainerUnavailableException(String container, String name, String id, Condition condition) {
        super(message(container, name, id, condition));
        this.container = Objects.requireNonNull(container, "container must not be null");
        this.name = name;
        this.id = id;
        this.condition = Objects.requireNonNull(condition, "condition must not be null");
    }

    /**
     * The reference the caller gave.
     *
     * @return a name or an id
     */
    public String container() {
        return container;
    }

    /**
     * The container's name.
     *
     * @return the name, or {@code null} if the engine did not say
     */
    public String name() {
        return name;
    }

    /**
     * The container's id.
     *
     * @return the id, or {@code null} if the engine did not say
     */
    public String id() {
        return id;
    }

    /**
     * Why the container cannot be inspected.
     *
     * @return the condition
     */
    public Condition condition() {
        return condition;
    }

    /**
     * Describes a container as {@code 'node-a' (3f2a1b2c3d4e)}, from whatever is known of it.
     *
     * @param reference the reference the caller gave
     * @param name the name, or {@code null}
     * @param id the id, or {@code null}
     * @return the description
     */
    public static String describe(String reference, String name, String id) {
        String shown = name != null ? name : reference;
        if (shown != null && shown.startsWith("/")) {
            shown = shown.substring(1);
        }
        if (id == null || id.startsWith(String.valueOf(shown))) {
            return "'" + (id == null ? shown : shortId(id)) + "'";
        }
        return "'" + shown + "' (" + shortId(id) + ")";
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String message(String container, String name, String id, Condition condition) {
        String who = "container " + describe(container, name, id);
        switch (condition) {
            case NOT_FOUND:
                return who + " was not found; check the name or id with 'docker ps -a'";
            case NOT_RUNNING:
                return who + " is not running; start it or inspect a running container";
            case PAUSED:
                return who + " is paused; unpause it ('docker unpause') before inspecting it";
            case RESTARTING:
                return who + " is restarting; wait until it is running, then inspect it again";
            case REMOVED:
                return who + " was removed while it was being inspected";
            default:
                throw new AssertionError(condition);
        }
    }
}
