package io.tcpscope.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A test-only driver: runs the command as {@link Main} does ({@link Main#run}, which installs
 * {@link QuietThreads} as {@code main} does), but many times in one JVM, so that a test can repeat a
 * race without paying for a JVM per run. After each run it waits for the threads the run started
 * (docker-java's, the engine-side reader's) to end, so that whatever they print lands in that run's
 * output, then writes a separator line with the run's status to stderr and to stdout.
 *
 * <pre>
 * java -cp tcpscope-cli-all.jar:driver io.tcpscope.cli.ManyRuns 20 connections db --then count db
 * </pre>
 *
 * <p>Arguments: how many runs, then one or more command lines separated by {@code --then}, used in
 * turn. Exits 0 once every run is done; the runs' statuses are on the separator lines.
 */
final class ManyRuns {

    /** What a separator line starts with; the run's status follows it, then a line end. */
    static final String SEPARATOR = "=== tcpscope run ended with status ";

    /** The token between command lines. */
    static final String THEN = "--then";

    /** How long the threads a run started may take to end before the next run. */
    private static final long THREADS_END_MS = 10_000;

    private ManyRuns() {
    }

    public static void main(String[] args) throws InterruptedException {
        int runs = Integer.parseInt(args[0]);
        List<String[]> commands = commands(Arrays.copyOfRange(args, 1, args.length));
        PrintStream out = System.out;
        PrintStream err = System.err;
        for (int run = 0; run < runs; run++) {
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            int status = Main.run(commands.get(run % commands.size()));
            List<String> alive = awaitNewThreads(before);
            String line = SEPARATOR + status + (alive.isEmpty() ? "" : " (still alive: " + String.join(", ", alive) + ")");
            out.flush();
            err.flush();
            out.println(line);
            err.println(line);
            out.flush();
            err.flush();
        }
        System.exit(0);
    }

    private static List<String[]> commands(String[] args) {
        List<String[]> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String arg : args) {
            if (THEN.equals(arg)) {
                commands.add(current.toArray(String[]::new));
                current = new ArrayList<>();
            } else {
                current.add(arg);
            }
        }
        commands.add(current.toArray(String[]::new));
        return commands;
    }

    /**
     * Waits, within a bound, for the threads not in {@code before} to end, those they start in turn
     * included; returns the names of those that did not.
     */
    private static List<String> awaitNewThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREADS_END_MS);
        while (true) {
            List<Thread> born = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t != Thread.currentThread() && t.isAlive()).toList();
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (born.isEmpty() || left <= 0) {
                return born.stream().map(Thread::getName).sorted().toList();
            }
            born.get(0).join(Math.max(1, left));
        }
    }
}
