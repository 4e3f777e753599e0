package io.tcpscope.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The process's {@code System.err} while the command runs: only the thread that runs the command
 * writes through it, unless {@code --debug} opened it to every thread. A library's background thread
 * (a read under way, a helper's cleanup, docker-java's streams, a shutdown hook) logs its warnings
 * through logback's console appender, which writes to {@code System.err} at each event, or prints a
 * trace there itself; the command already says what went wrong, in one line, on its own thread, so
 * what the others write is dropped. The command's own line goes to the stream this returns, the
 * process's real stderr.
 *
 * <pre>{@code
 * PrintStream stderr = StderrGate.install(Thread.currentThread(), debug);
 * PrintWriter err = new PrintWriter(stderr, true, StandardCharsets.UTF_8);
 * }</pre>
 *
 * <p>Thread-safe. Its state is the process's, as {@code System.err} is: one gate, with one owner and
 * one {@code --debug} flag at a time, for one command per JVM, as the launcher runs it ({@link Main#main}
 * runs one command and exits). A second {@link #install} takes the gate over from the first, so two
 * commands run at once in one JVM would drop each other's lines: a test that runs many at once calls
 * {@link Tcpscope#run} with streams of its own instead. It stays in place after the command returns:
 * what a thread prints between the command's end and the JVM's exit is dropped too.
 */
final class StderrGate extends OutputStream {

    private static StderrGate installed;
    private static PrintStream installedStream;

    private final PrintStream real;
    private volatile Thread owner;
    private volatile boolean open;

    private StderrGate(PrintStream real) {
        this.real = real;
    }

    /**
     * Puts the gate in front of {@code System.err}, or, if it is there already (a second command in
     * the same JVM), gives it to the new command.
     *
     * @param owner the thread that runs the command: the only one that writes through
     * @param debug whether every thread writes through, for {@code --debug}
     * @return the real stderr, for the command's own lines
     */
    static synchronized PrintStream install(Thread owner, boolean debug) {
        Objects.requireNonNull(owner, "owner must not be null");
        if (installed == null || System.err != installedStream) {
            installed = new StderrGate(System.err);
            installedStream = new PrintStream(installed, true, StandardCharsets.UTF_8);
            System.setErr(installedStream);
        }
        installed.owner = owner;
        installed.open = debug;
        return installed.real;
    }

    private boolean passes() {
        return open || Thread.currentThread() == owner;
    }

    @Override
    public void write(int b) {
        if (passes()) {
            real.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (passes()) {
            real.write(bytes, offset, length);
        }
    }

    @Override
    public void flush() {
        real.flush();
    }
}
