package io.tcpscope.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command in a container did not finish within its timeout. The command has been abandoned and
 * its stream closed; nothing keeps running in the JVM on its behalf.
 *
 * @since 0.1.0
 */
public final class CommandTimeoutException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String container;
    private final List<String> command;
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param container the container the command ran in
     * @param command the argv
     * @param timeout the timeout that passed
     */
    public CommandTimeoutException(String container, List<String> command, Duration timeout) {
        super("'" + String.join(" ", command) + "' in container '" + container + "' did not finish within "
                + timeout.toMillis() + " ms; the container or the engine may be overloaded, or raise the timeout");
        this.container = Objects.requireNonNull(container, "container must not be null");
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    /**
     * The container the command ran in.
     *
     * @return the container reference
     */
    public String container() {
        return container;
    }

    /**
     * The argv that timed out.
     *
     * @return the command, unmodifiable
     */
    public List<String> command() {
        return command;
    }

    /**
     * The timeout that passed.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
