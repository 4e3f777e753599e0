package io.tcpscope.cli;

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
     * stderr, with no library thread allowed to print a trace. A test runs it many times in one JVM,
     * as a user's shell would run the jar.
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
        }
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        // No thread of a library may print a trace the user did not ask for; the main thread's
        // failures are reported by the command itself, in one line.
        Thread.setDefaultUncaughtExceptionHandler(new QuietThreads(err, debug));
        return Tcpscope.run(args, System.in, out, err, Terminal.stdoutIsTerminal());
    }
}
