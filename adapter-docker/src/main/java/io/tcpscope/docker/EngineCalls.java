package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The one place where an engine's request-and-answer calls are bounded in time: each runs on a
 * daemon thread of this engine's, and the caller waits at most the engine's response timeout for
 * it, then gets {@link EngineUnavailableException#stalled}, naming the engine and the call.
 *
 * <p>Why a thread of its own rather than the client's response timeout alone: a client the caller
 * gave (Testcontainers') has whatever timeout its owner set, and docker-java's unix-socket transport
 * reads through a blocking {@code SocketChannel}, which ignores the socket timeout the HTTP client
 * sets. A call given up is interrupted, which closes that channel (it is interruptible), so its
 * thread ends at once on a unix socket; on TCP, tcpscope's own client has the response timeout too.
 * Any thread still waiting ends when the engine answers or the connection is cut; an idle thread
 * ends after {@link #IDLE}.
 *
 * <p>Streams (attach, exec output, builds, pulls) are not made here: they are long-lived and
 * bounded by their readers.
 *
 * <p>Thread-safe.
 */
final class EngineCalls {

    /** The name every thread of this class starts with. */
    static final String THREAD_PREFIX = "tcpscope-engine-call-";

    private static final long IDLE_SECONDS = 2;
    /** How long an idle call thread is kept. */
    static final Duration IDLE = Duration.ofSeconds(IDLE_SECONDS);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String endpoint;
    private final Duration bound;
    private final ThreadPoolExecutor threads;

    EngineCalls(String endpoint, Duration bound) {
        this.endpoint = endpoint;
        this.bound = bound;
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), factory);
    }

    /** The system property that sets the response timeout of engines whose builder sets none. */
    static final String PROPERTY = "tcpscope.engine.response-timeout";
    /** The environment variable that does, where the property is not set. */
    static final String ENVIRONMENT = "TCPSCOPE_ENGINE_RESPONSE_TIMEOUT";

    /**
     * The response timeout {@value #PROPERTY}, else {@value #ENVIRONMENT}, else
     * {@link DockerEngine#DEFAULT_RESPONSE_TIMEOUT} gives: as the helper base is chosen, so that a
     * command, or a test of one against a stalled engine, can set it without code.
     *
     * @throws IllegalArgumentException if the one set is not a positive time
     */
    static Duration fromEnvironment() {
        return fromEnvironment(System::getProperty, System::getenv);
    }

    /** As {@link #fromEnvironment()}, reading the given properties and environment. */
    static Duration fromEnvironment(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String property = properties.apply(PROPERTY);
        if (property != null && !property.isBlank()) {
            return parse(property.strip(), "-D" + PROPERTY);
        }
        String variable = environment.apply(ENVIRONMENT);
        if (variable != null && !variable.isBlank()) {
            return parse(variable.strip(), ENVIRONMENT);
        }
        return DockerEngine.DEFAULT_RESPONSE_TIMEOUT;
    }

    private static Duration parse(String text, String origin) {
        try {
            Duration timeout = text.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(text))
                    : Duration.parse(text);
            return requirePositive(timeout);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(origin + " is '" + text + "', which is not a positive time;"
                    + " write seconds, such as 30, or an ISO-8601 duration, such as PT2S", e);
        }
    }

    /**
     * Checks a response timeout.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    static Duration requirePositive(Duration timeout) {
        if (java.util.Objects.requireNonNull(timeout, "timeout must not be null").isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        return timeout;
    }

    /** The time one call is given. */
    Duration bound() {
        return bound;
    }

    /**
     * Makes one call, within the bound.
     *
     * @param call what is asked, in words, for the message: {@code inspect container node-a}
     * @param body the docker-java call; its own failures are thrown as they are
     * @throws EngineUnavailableException if it did not return within the bound, or the caller was
     *     interrupted while waiting
     */
    <T> T call(String call, Callable<T> body) {
        return call(call, Duration.ZERO, body);
    }

    /**
     * Makes one call that may take {@code extra} on top of the bound, such as a stop's grace period.
     *
     * @see #call(String, Callable)
     */
    <T> T call(String call, Duration extra, Callable<T> body) {
        Duration given = bound.plus(extra);
        Future<T> answer;
        try {
            answer = threads.submit(body);
        } catch (RejectedExecutionException closed) {
            throw new EngineUnavailableException(endpoint, new IllegalStateException("the engine object was closed", closed));
        }
        try {
            return answer.get(given.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stalled) {
            answer.cancel(true);
            throw EngineUnavailableException.stalled(endpoint, call, given, null);
        } catch (InterruptedException interrupted) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException(endpoint,
                    new InterruptedException("interrupted while waiting for '" + call + "'"));
        } catch (CancellationException cancelled) {
            throw new EngineUnavailableException(endpoint, cancelled);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof RuntimeException e) {
                throw e;
            }
            if (cause instanceof Error e) {
                throw e;
            }
            throw new EngineUnavailableException(endpoint, cause);
        }
    }

    /**
     * Takes no more calls, and lets each idle thread end now rather than after its idle time: a
     * closed engine leaves no thread of its own behind. A call under way ends as its client is closed.
     */
    void close() {
        threads.shutdown();
    }

    /** Whether it was closed and every one of its threads has ended. */
    boolean isTerminated() {
        return threads.isTerminated();
    }

    @Override
    public String toString() {
        return "EngineCalls[" + endpoint + ", bound=" + bound + "]";
    }
}
