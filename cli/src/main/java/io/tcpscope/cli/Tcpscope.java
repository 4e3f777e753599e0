package io.tcpscope.cli;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterAdoption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code tcpscope} command and the options every subcommand shares. */
@Command(name = "tcpscope",
        mixinStandardHelpOptions = true,
        versionProvider = Tcpscope.Version.class,
        description = {"Shows which TCP connections exist inside Docker containers, between the containers of a"
                + " cluster, and in socket listings captured elsewhere (/proc/net/tcp, ss, netstat, busybox netstat)."},
        subcommands = {ConnectionsCommand.class, CountCommand.class, MeshCommand.class, ParseCommand.class,
                WatchCommand.class, DemoCommand.class, ModesCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 on success, 1 when an inspection fails, 2 for a usage error.",
                "Start with:  tcpscope connections    (this machine's connections; no Docker needed)"})
final class Tcpscope implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On a failure, show its stack trace before its one line, and show debug logs (tcpscope's"
                    + " and the Docker client's) on stderr.")
    boolean debug;

    @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "The Docker engine (default: $DOCKER_HOST, else unix:///var/run/docker.sock).")
    String host;

    @Spec
    CommandSpec spec;

    final InputStream stdin;

    /** Whether stdout is a terminal: only then does {@code watch} draw a screen, or colour by default. */
    final boolean stdoutIsTerminal;

    Tcpscope(InputStream stdin, boolean stdoutIsTerminal) {
        this.stdin = stdin;
        this.stdoutIsTerminal = stdoutIsTerminal;
    }

    /**
     * Runs a command line.
     *
     * @param args the arguments
     * @param stdin what {@code parse -} reads
     * @param out where results go
     * @param err where progress and errors go
     * @return the exit status
     */
    static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err) {
        return run(args, stdin, out, err, false);
    }

    /**
     * Runs a command line, whose stdout may be a terminal.
     *
     * @param args the arguments
     * @param stdin what {@code parse -} reads
     * @param out where results go
     * @param err where progress and errors go
     * @param stdoutIsTerminal whether {@code out} is a terminal
     * @return the exit status
     */
    static int run(String[] args, InputStream stdin, PrintWriter out, PrintWriter err, boolean stdoutIsTerminal) {
        Tcpscope top = new Tcpscope(stdin, stdoutIsTerminal);
        CommandLine cli = new CommandLine(top);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(PortSet.class, Tcpscope::ports);
        cli.registerConverter(TcpState.class, Tcpscope::state);
        cli.registerConverter(Duration.class, Tcpscope::duration);
        cli.setExecutionExceptionHandler(new Failures(top));
        try {
            return cli.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli hands only a command's exceptions to the handler: an Error, or a failure in
            // picocli itself, would otherwise end the JVM with a trace
            return Failures.report(e, err, top.debug || java.util.Arrays.asList(args).contains("--debug"));
        }
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to look at: connections, count, mesh, watch, parse or demo (tcpscope --help explains each)");
    }

    /** The engine named by --host, or by the environment. */
    DockerEngine engine() {
        return host == null ? DockerEngine.fromEnvironment() : DockerEngine.at(host);
    }

    /**
     * The containers named on the command line, adopted as a running cluster on the engine (which
     * the caller closes), read in the mode the command line asked for; each node is named as given.
     * A container in a shared network namespace is refused at the start, unless the policy reads it.
     */
    static Cluster cluster(DockerEngine engine, ModeOption mode, PortSet ports, SharedNamespacePolicy shared,
                           Collection<String> containers) {
        ClusterAdoption adoption = adoption(engine, mode, ports, shared);
        new LinkedHashSet<>(containers).forEach(c -> adoption.node(bare(c), c));
        return adoption.build().start();
    }

    /** Every container on a network, as it is at each read, adopted as a running cluster. */
    static Cluster network(DockerEngine engine, ModeOption mode, PortSet ports, SharedNamespacePolicy shared,
                           String network) {
        return adoption(engine, mode, ports, shared).network(network).everyContainerOnNetwork().withContainerNames().build().start();
    }

    private static ClusterAdoption adoption(DockerEngine engine, ModeOption mode, PortSet ports,
                                            SharedNamespacePolicy shared) {
        return Cluster.adopt().withEngine(engine).withInspectorMode(mode.inspectorMode()).withP2pPorts(ports)
                .withSharedNamespaces(shared);
    }

    /** A container named as Docker writes names, without the leading slash. */
    static String bare(String container) {
        return container.startsWith("/") ? container.substring(1) : container;
    }

    private static PortSet ports(String text) {
        try {
            return PortSet.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, or ISO-8601 such as {@code PT0.5S}. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            return Duration.parse(text.trim());
        } catch (ArithmeticException | java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration; give a whole number and a"
                    + " unit, such as 500ms, 2s, 5m or 1h");
        }
    }

    private static TcpState state(String text) {
        TcpState state = TcpState.fromName(text.toUpperCase(java.util.Locale.ROOT));
        if (state == null) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a TCP state; use names such as"
                    + " ESTABLISHED, LISTEN, TIME_WAIT (ss names like ESTAB and TIME-WAIT work too)");
        }
        return state;
    }

    /** A file or input that cannot be read, or a wait that ended unmet: exit status 1, with a message that says which. */
    static final class InputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The version, from the jar's manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Tcpscope.class.getPackage().getImplementationVersion();
            return new String[] {"tcpscope " + (version == null ? "(development build)" : version)};
        }
    }
}
