package io.tcpscope.cli;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.TcpState;
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

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces and debug logs on stderr.")
    boolean debug;

    @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "URI",
            description = "The Docker engine (default: $DOCKER_HOST, else unix:///var/run/docker.sock).")
    String host;

    @Spec
    CommandSpec spec;

    final InputStream stdin;

    Tcpscope(InputStream stdin) {
        this.stdin = stdin;
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
        Tcpscope top = new Tcpscope(stdin);
        CommandLine cli = new CommandLine(top);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(PortSet.class, Tcpscope::ports);
        cli.registerConverter(TcpState.class, Tcpscope::state);
        cli.registerConverter(Duration.class, Tcpscope::duration);
        cli.setExecutionExceptionHandler(new Failures(top));
        return cli.execute(args);
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
     */
    static Cluster cluster(DockerEngine engine, ModeOption mode, PortSet ports, Collection<String> containers) {
        ClusterAdoption adoption = adoption(engine, mode, ports);
        new LinkedHashSet<>(containers).forEach(c -> adoption.node(bare(c), c));
        return adoption.build().start();
    }

    /** Every container on a network, as it is at each read, adopted as a running cluster. */
    static Cluster network(DockerEngine engine, ModeOption mode, PortSet ports, String network) {
        return adoption(engine, mode, ports).network(network).everyContainerOnNetwork().withContainerNames().build().start();
    }

    private static ClusterAdoption adoption(DockerEngine engine, ModeOption mode, PortSet ports) {
        return Cluster.adopt().withEngine(engine).withInspectorMode(mode.inspectorMode()).withP2pPorts(ports);
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

    /** Turns failures into one line on stderr and an exit status. */
    static final class Failures implements CommandLine.IExecutionExceptionHandler {
        private final Tcpscope top;

        Failures(Tcpscope top) {
            this.top = top;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
            PrintWriter err = cli.getErr();
            if (top.debug) {
                e.printStackTrace(err);
            }
            String message;
            int status;
            if (e instanceof TcpscopeException || e instanceof InputException) {
                message = e.getMessage();
                status = 1;
            } else if (e instanceof IllegalArgumentException) {
                message = e.getMessage();
                status = 2;
            } else {
                message = "unexpected failure: " + e;
                status = 1;
            }
            int newline = message.indexOf('\n');
            if (newline >= 0) {
                message = message.substring(0, newline) + (top.debug ? "" : " (--debug shows every attempt)");
            }
            err.println("tcpscope: " + message);
            if (status == 1 && !top.debug && !(e instanceof TcpscopeException) && !(e instanceof InputException)) {
                err.println("tcpscope: run again with --debug to see where it happened");
            }
            err.flush();
            return status;
        }
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
