package io.tcpscope.cli;

import io.tcpscope.core.TcpscopeException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * Turns whatever ended a command into one line on stderr and an exit status: 1 for a failure, 2
 * for an argument that cannot be used. The line says what happened, in the failure's own words
 * (never its class name, unless it has no words), escaped so that a container's stderr quoted in it
 * cannot reach the terminal raw; {@code --debug} adds the stack trace before it. A failure tcpscope
 * did not foresee (an unchecked exception of a library, an {@link Error}) also says to run again
 * with {@code --debug}.
 *
 * <pre>
 * tcpscope: container 'db' (3f2a…) is not running; start it or inspect a running container
 * tcpscope: could not write /out/mesh.svg: Permission denied; run again with --debug to see where it happened
 * </pre>
 *
 * <p>Thread-safe: each call writes its line at once.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

    /** What a line on a failure tcpscope did not foresee ends with, without {@code --debug}. */
    static final String DEBUG_HINT = "; run again with --debug to see where it happened";

    private final Tcpscope top;

    Failures(Tcpscope top) {
        this.top = Objects.requireNonNull(top, "top must not be null");
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        return report(e, cli.getErr(), top.debug);
    }

    /**
     * Writes the failure's line (and, under {@code --debug}, its stack trace first).
     *
     * @param failure what ended the command
     * @param err where to write
     * @param debug whether to show the stack trace
     * @return the exit status
     */
    static int report(Throwable failure, PrintWriter err, boolean debug) {
        if (debug) {
            failure.printStackTrace(err);
        }
        err.println("tcpscope: " + line(failure, debug));
        err.flush();
        return status(failure);
    }

    /** {@return 2 for an argument that cannot be used, else 1} */
    static int status(Throwable failure) {
        return failure instanceof IllegalArgumentException ? 2 : 1;
    }

    /**
     * The line, without its {@code tcpscope: } prefix.
     *
     * @param failure what ended the command
     * @param debug whether the stack trace is shown
     * @return one line
     */
    static String line(Throwable failure, boolean debug) {
        if (foreseen(failure)) {
            String message = failure.getMessage();
            return Printable.line(message) + (Printable.isMultiline(message) && !debug ? " (--debug shows every attempt)" : "");
        }
        String line = failure instanceof OutOfMemoryError ? "the command ran out of memory (" + words(failure)
                + "); give the JVM more with JAVA_TOOL_OPTIONS=-Xmx1g" : words(failure);
        line = Printable.line(line).strip();
        return (line.endsWith(":") ? line.substring(0, line.length() - 1) : line) + (debug ? "" : DEBUG_HINT);
    }

    /**
     * A failure whose message is written for the user: tcpscope's own, an input or a wait that
     * failed, a bad argument.
     */
    private static boolean foreseen(Throwable failure) {
        return (failure instanceof TcpscopeException || failure instanceof Tcpscope.InputException
                || failure instanceof AssertionError || failure instanceof IllegalArgumentException)
                && failure.getMessage() != null && !failure.getMessage().isBlank();
    }

    /**
     * What the failure says: its message and its cause's, where each has words of its own (a
     * wrapper such as {@code new UncheckedIOException(ioException)} has only its cause's class and
     * message, and is skipped); with no words anywhere, what kind of failure it is.
     */
    private static String words(Throwable failure) {
        String said = said(failure, 0);
        return said != null ? said
                : "the command failed with " + article(failure.getClass().getSimpleName()) + " and no message";
    }

    /** The words of a failure and of its causes, {@code "own: cause's"}; {@code null} if none has any. */
    private static String said(Throwable failure, int depth) {
        if (failure == null || depth > 8) {
            return null;
        }
        Throwable cause = failure.getCause() == failure ? null : failure.getCause();
        String message = failure.getMessage();
        boolean onlyWraps = cause != null && String.valueOf(cause).equals(message);
        String own = message == null || message.isBlank() || onlyWraps ? null : Printable.line(message).strip();
        String causes = said(cause, depth + 1);
        if (own == null || causes == null || own.contains(causes)) {
            return own != null ? own : causes;
        }
        return (own.endsWith(":") ? own.substring(0, own.length() - 1) : own) + ": " + causes;
    }

    private static String article(String name) {
        return ("AEIOU".indexOf(name.isEmpty() ? 'x' : name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }
}
