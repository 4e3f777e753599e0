package io.tcpscope.core.exec;

import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.parse.ListingParser;
import io.tcpscope.core.parse.NetstatParser;
import io.tcpscope.core.parse.ProcNetTcpParser;
import io.tcpscope.core.parse.SsParser;

import java.util.List;
import java.util.Objects;

/**
 * The commands that can read a TCP table from inside a container, in the order tcpscope tries
 * them, each with the way its output becomes connections.
 *
 * <ol>
 *   <li>{@code cat /proc/net/tcp /proc/net/tcp6}: needs only {@code cat}; a missing tcp6 (IPv6
 *       disabled) still gives the IPv4 rows.</li>
 *   <li>{@code ss -tanoH}: {@code -o} adds each socket's timer and retransmit count</li>
 *   <li>{@code netstat -tanW}: {@code -W} keeps long IPv6 addresses whole.</li>
 *   <li>{@code busybox netstat -tan}: for images with the busybox binary but not its links.</li>
 * </ol>
 *
 * <pre>{@code
 * ExecResult r = executor.execute(container, InspectionCommand.SS.argv(), timeout);
 * List<TcpConnection> conns = InspectionCommand.SS.read(container, r);
 * }</pre>
 *
 * <p>An adapter adds a command of its own with {@link #of(List, ListingParser)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class InspectionCommand {

    /** {@code cat /proc/net/tcp /proc/net/tcp6}. */
    public static final InspectionCommand PROC_FILES =
            new InspectionCommand(List.of("cat", "/proc/net/tcp", "/proc/net/tcp6"), new ProcNetTcpParser());
    /** {@code ss -tanoH}. */
    public static final InspectionCommand SS = new InspectionCommand(List.of("ss", "-tanoH"), SsParser.withTimers());
    /** {@code netstat -tanW}, from net-tools or a busybox built with wide output. */
    public static final InspectionCommand NETSTAT =
            new InspectionCommand(List.of("netstat", "-tanW"), NetstatParser.wide(ListingFormat.NETSTAT));
    /** {@code busybox netstat -tan}; busybox never cuts addresses short. */
    public static final InspectionCommand BUSYBOX_NETSTAT =
            new InspectionCommand(List.of("busybox", "netstat", "-tan"), NetstatParser.wide(ListingFormat.BUSYBOX));

    private static final List<InspectionCommand> BUILT_IN = List.of(PROC_FILES, SS, NETSTAT, BUSYBOX_NETSTAT);
    private static final String TCP6 = "/proc/net/tcp6";

    private final List<String> argv;
    private final ListingParser parser;

    private InspectionCommand(List<String> argv, ListingParser parser) {
        this.argv = List.copyOf(argv);
        this.parser = Objects.requireNonNull(parser, "parser must not be null");
        if (this.argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a command");
        }
    }

    /**
     * The commands tcpscope tries, in the order it tries them: {@link #PROC_FILES}, {@link #SS},
     * {@link #NETSTAT}, {@link #BUSYBOX_NETSTAT}.
     *
     * @return the commands, unmodifiable
     */
    public static List<InspectionCommand> builtIn() {
        return BUILT_IN;
    }

    /**
     * A command of an adapter's own, such as a tool only its images have, read by one of core's
     * parsers or its own. An {@link ExecInspector} tries it where the chain puts it.
     *
     * <pre>{@code
     * InspectionCommand toybox = InspectionCommand.of(List.of("toybox", "netstat", "-tan"),
     *         NetstatParser.wide(ListingFormat.BUSYBOX));
     * new ExecInspector(executor, ExecInspector.DEFAULT_TIMEOUT, List.of(toybox, InspectionCommand.SS));
     * }</pre>
     *
     * @param argv the argv to run, never through a shell
     * @param parser how its output becomes connections
     * @return the command
     * @throws IllegalArgumentException if the argv is empty
     */
    public static InspectionCommand of(List<String> argv, ListingParser parser) {
        return new InspectionCommand(argv, parser);
    }

    /**
     * The argv to run in the container.
     *
     * @return the command, unmodifiable
     */
    public List<String> argv() {
        return argv;
    }

    /**
     * Turns the command's result into connections, or says why it cannot.
     *
     * @param container the container the command ran in, for messages
     * @param result how the command ended
     * @return the connections; unmodifiable
     * @throws CommandFailedException if the command failed; {@link CommandFailedException#toolMissing()}
     *     tells whether the image lacks it
     * @throws ListingParseException if the command succeeded but its output cannot be read
     */
    public List<TcpConnection> read(String container, ExecResult result) {
        if (result.exitCode() != 0 && !(argv.contains(TCP6) && onlyTcp6IsMissing(result))) {
            throw new CommandFailedException(container, argv, result.exitCode(), result.stderrText());
        }
        return parser.parse(result.stdout());
    }

    /** cat fails when IPv6 is disabled and tcp6 does not exist, but it has printed tcp already. */
    private static boolean onlyTcp6IsMissing(ExecResult result) {
        String stderr = result.stderrText().strip();
        if (stderr.isEmpty() || !result.stdoutText().contains("local_address")) {
            return false;
        }
        for (String line : stderr.split("\n")) {
            if (!line.contains(TCP6)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
