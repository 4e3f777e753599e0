package io.tcpscope.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;

/**
 * The command's default handler of a thread that dies of an exception: a library's background
 * thread (docker-java's attach stream, say) must not print a stack trace that the user did not ask
 * for, which the JVM's own handler would. It is logged at debug; under {@code --debug} the trace is
 * shown, naming the thread.
 *
 * <pre>{@code
 * Thread.setDefaultUncaughtExceptionHandler(new QuietThreads(err, debug));
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class QuietThreads implements Thread.UncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QuietThreads.class);

    private final PrintWriter err;
    private final boolean debug;

    QuietThreads(PrintWriter err, boolean debug) {
        this.err = err;
        this.debug = debug;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        if (debug) {
            synchronized (err) {
                err.println("tcpscope: thread '" + Printable.line(thread.getName()) + "' ended with a failure:");
                failure.printStackTrace(err);
                err.flush();
            }
        } else {
            LOG.debug("thread '{}' ended with a failure", thread.getName(), failure);
        }
    }
}
