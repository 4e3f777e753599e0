package io.tcpscope.core;

import java.util.List;
import java.util.Objects;

/**
 * Every way of reading a container's TCP table failed. Carries each attempt's failure, in the
 * order tried, and says what to do next (typically: the image has no tools, use the sidecar or
 * procfs mode).
 *
 * @since 0.1.0
 */
public final class InspectionFailedException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String container;
    private final List<TcpscopeException> attempts;

    /**
     * Creates the exception.
     *
     * @param container the container
     * @param attempts the failure of each attempt, in the order tried
     * @param advice what the caller can do instead
     */
    public InspectionFailedException(String container, List<TcpscopeException> attempts, String advice) {
        this(container, "container '" + container + "'", attempts, advice);
    }

    private InspectionFailedException(String container, String subject, List<TcpscopeException> attempts, String advice) {
        super(message(subject, attempts, advice));
        this.container = Objects.requireNonNull(container, "container must not be null");
        this.attempts = List.copyOf(attempts);
        attempts.forEach(this::addSuppressed);
    }

    /**
     * A table that is not a container's could not be read, such as this process's own.
     *
     * @param subject what was read, in words, such as {@code this process's network namespace}
     * @param advice what happened and what the caller can do instead
     * @return the exception; {@link #container()} gives the subject
     */
    public static InspectionFailedException of(String subject, String advice) {
        return new InspectionFailedException(subject, subject, List.of(), advice);
    }

    /**
     * The container.
     *
     * @return the container reference
     */
    public String container() {
        return container;
    }

    /**
     * Why each attempt failed.
     *
     * @return the failures in the order tried, unmodifiable
     */
    public List<TcpscopeException> attempts() {
        return attempts;
    }

    /**
     * Whether every attempt failed because the target lacks the tool it ran, which makes AUTO move on
     * to a way of reading that needs no tool in the target.
     *
     * @return {@code true} if there were attempts and each was a {@link CommandFailedException} whose
     *     {@link CommandFailedException#toolMissing()} is {@code true}
     */
    public boolean toolsMissing() {
        return !attempts.isEmpty() && attempts.stream()
                .allMatch(a -> a instanceof CommandFailedException failed && failed.toolMissing());
    }

    private static String message(String subject, List<TcpscopeException> attempts, String advice) {
        StringBuilder out = new StringBuilder("could not read the TCP table of ").append(subject)
                .append("; ").append(advice);
        for (TcpscopeException attempt : attempts) {
            out.append("\n  - ").append(attempt.getMessage());
        }
        return out.toString();
    }
}
