package io.tcpscope.core;

import java.util.List;
import java.util.Objects;

/**
 * A command wrote more than the configured cap. Reading stopped at the cap, so that one runaway
 * listing cannot exhaust the JVM's memory; raise the cap if the table really is that large.
 *
 * @since 0.1.0
 */
public final class OutputLimitExceededException extends TcpscopeException {

    private static final long serialVersionUID = 1L;

    private final String container;
    private final List<String> command;
    private final long limitBytes;

    /**
     * Creates the exception.
     *
     * @param container the container the command ran in
     * @param command the argv
     * @param limitBytes the cap that was exceeded
     */
    public OutputLimitExceededException(String container, List<String> command, long limitBytes) {
        super("'" + String.join(" ", command) + "' in container '" + container + "' wrote more than "
                + limitBytes + " bytes, the output limit; raise the limit if the table really is that large");
        this.container = Objects.requireNonNull(container, "container must not be null");
        this.command = List.copyOf(command);
        this.limitBytes = limitBytes;
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
     * The argv whose output was too large.
     *
     * @return the command, unmodifiable
     */
    public List<String> command() {
        return command;
    }

    /**
     * The cap.
     *
     * @return the limit in bytes
     */
    public long limitBytes() {
        return limitBytes;
    }
}
