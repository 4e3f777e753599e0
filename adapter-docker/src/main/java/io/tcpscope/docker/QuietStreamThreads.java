package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Starts a docker-java stream so that the threads docker-java makes for it can never print on
 * stderr. docker-java runs each stream on a thread of its own, and an attach with stdin on one more
 * that copies the stdin; each is made by the thread that starts the stream, in that thread's
 * {@link ThreadGroup}, and one that ends with an exception (the engine's connection closed under
 * it, before or after it started copying) goes to its group's handler, which by default prints the
 * trace. Started from a thread of this class's group, those threads are in it too, and what they
 * end with is logged at DEBUG instead: tcpscope reports the stream's failure itself, in one line.
 *
 * <pre>{@code
 * QuietStreamThreads.start(endpoint, "attach to the engine-procfs reader", bound,
 *         () -> client.attachContainerCmd(id).withStdIn(stdin).exec(stream));
 * }</pre>
 *
 * <p>Thread-safe: stateless but for its group.
 */
final class QuietStreamThreads {

    private static final Logger LOG = LoggerFactory.getLogger(QuietStreamThreads.class);

    /** The group of every thread a stream started here makes, and of the starter itself. */
    static final ThreadGroup GROUP = new ThreadGroup("tcpscope-streams") {
        @Override
        public void uncaughtException(Thread thread, Throwable failure) {
            LOG.debug("{} ended: {}", thread.getName(), failure.toString());
        }
    };

    private QuietStreamThreads() {
    }

    /**
     * Starts a stream from a thread of {@link #GROUP}, and waits at most the bound for the start
     * call to return (docker-java's {@code exec(callback)} returns once its stream thread runs).
     *
     * @param endpoint the engine, for the message
     * @param call the stream, in words, for the message
     * @param bound how long the start call may take
     * @param start the docker-java call that starts the stream
     * @throws EngineUnavailableException if the start call did not return within the bound, or the
     *     caller was interrupted while waiting (its flag stays set)
     * @throws RuntimeException what the start call threw
     */
    static void start(String endpoint, String call, Duration bound, Runnable start) {
        RuntimeException[] thrown = new RuntimeException[1];
        Thread starter = new Thread(GROUP, () -> {
            try {
                start.run();
            } catch (RuntimeException e) {
                thrown[0] = e;
            }
        }, "tcpscope-stream-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join(TimeUnit.NANOSECONDS.toMillis(bound.toNanos()) + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineUnavailableException.interrupted(endpoint, call, e);
        }
        if (starter.isAlive()) {
            starter.interrupt();
            throw EngineUnavailableException.stalled(endpoint, call, bound, null);
        }
        if (thrown[0] != null) {
            throw thrown[0];
        }
    }
}
