package io.tcpscope.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The entry point of the runnable jar. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command and exits with its status: 0 on success, 1 when an inspection fails, 2 for
     * a usage error.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Everything {@link #main} does but exit: the command on this process's stdin, stdout and
     * stderr, with no other thread allowed to write to stderr unless {@code --debug}. A test runs it
     * many times in one JVM, as a user's shell would run the jar.
     *
     * @param args the command line
     * @return the exit status
     */
    static int run(String[] args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        if (debug) {
            // Read by logback.xml, before the first logger exists.
            System.setProperty("tcpscope.log.level", "DEBUG");
            System.setProperty("tcpscope.client.log.level", "DEBUG");
            System.setProperty("tcpscope.root.log.level", "WARN");
        }
        // No thread of a library may print a warning or a trace the user did not ask for: only this
        // thread writes to stderr, and its failures are reported by the command itself, in one line.
        PrintStream stderr = StderrGate.install(Thread.currentThread(), debug);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(stderr, true, StandardCharsets.UTF_8);
        Thread.setDefaultUncaughtExceptionHandler(new QuietThreads(err, debug));
        return Tcpscope.run(args, System.in, out, err, Terminal.stdoutIsTerminal());
    }
}
