package io.tcpscope.core;

import java.util.List;
import java.util.Objects;

/**
 * A command run in a container ended without giving a usable listing. It names the container, the
 * command and its exit code, and keeps the start of the command's stderr.
 *
 * <p>{@link #toolMissing()} tells whether the image lacks the command altogether (exit code 126
 * or 127, or the runtime's "executable file not found"), which is what makes tcpscope move on to
 * the next way of reading the table.
 *
 * @since 0.1.0
 */
public final class CommandFailedException extends TcpscopeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_STDERR = 500;

    private final String container;
    private final List<String> command;
    private final Integer exitCode;
    private final String stderr;
    private final boolean toolMissing;

    /**
     * Creates the exception.
     *
     * @param container the container the command ran in
     * @param command the argv
     * @param exitCode the exit code, or {@code null} if the command's end is unknown
     * @param stderr what the command wrote to stderr; shortened to its first 500
     *     characters (never half a character), followed by how many more there were
     */
    public CommandFailedException(String container, List<String> command, Integer exitCode, String stderr) {
        this(container, command, exitCode, stderr, isToolMissing(exitCode, stderr));
    }

    private CommandFailedException(String container, List<String> command, Integer exitCode, String stderr,
                                   boolean toolMissing) {
        super(message(container, command, exitCode, stderr, toolMissing));
        this.container = Objects.requireNonNull(container, "container must not be null");
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = shorten(stderr == null ? "" : stderr.strip());
        this.toolMissing = toolMissing;
    }

    /**
     * The image lacks the command altogether, as an adapter found out in its own way (for example, a
     * runtime that reports it without an exit code). {@link #toolMissing()} is {@code true}, so
     * tcpscope moves on to the next way of reading the table.
     *
     * <pre>{@code
     * throw CommandFailedException.toolMissing("node-a", List.of("ss", "-tanH"), "ss: not found");
     * }</pre>
     *
     * @param container the container the command ran in
     * @param command the argv
     * @param stderr what the runtime said, or {@code null}; shortened to its first 500
     *     characters (never half a character), followed by how many more there were
     * @return the exception
     */
    public static CommandFailedException toolMissing(String container, List<String> command, String stderr) {
        return new CommandFailedException(container, command, null, stderr, true);
    }

    /**
     * Whether an exit code and stderr mean the executable does not exist in the image.
     *
     * @param exitCode the exit code, or {@code null}
     * @param stderr the stderr text, or {@code null}
     * @return {@code true} for exit codes 126 and 127 and the runtime's "not found" messages
     */
    public static boolean isToolMissing(Integer exitCode, String stderr) {
        if (exitCode != null && (exitCode == 126 || exitCode == 127)) {
            return true;
        }
        return stderr != null && (stderr.contains("executable file not found") || stderr.contains("not found in $PATH")
                || stderr.contains("applet not found") || stderr.contains("no such file or directory: unknown"));
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
     * The argv that ran.
     *
     * @return the command, unmodifiable
     */
    public List<String> command() {
        return command;
    }

    /**
     * The exit code.
     *
     * @return the code, or {@code null} if the engine could not say how the command ended
     */
    public Integer exitCode() {
        return exitCode;
    }

    /**
     * The start of the command's stderr.
     *
     * @return stripped; past 500 characters, its first 500 (never half a character) and how many more
     *     there were
     */
    public String stderr() {
        return stderr;
    }

    /**
     * Whether the image lacks the command.
     *
     * @return {@code true} if the executable was not found
     */
    public boolean toolMissing() {
        return toolMissing;
    }

    private static String message(String container, List<String> command, Integer exitCode, String stderr,
                                  boolean toolMissing) {
        String cmd = "'" + String.join(" ", command) + "' in container '" + container + "'";
        String err = stderr == null || stderr.isBlank() ? "" : ": " + shorten(stderr.strip());
        if (toolMissing) {
            return cmd + " failed: " + command.get(0) + " is not in the image" + err;
        }
        if (exitCode == null) {
            return cmd + " ended without an exit code; the engine lost track of it" + err;
        }
        return cmd + " failed with exit code " + exitCode + err;
    }

    private static String shorten(String text) {
        return Shortened.of(text, MAX_STDERR);
    }
}
