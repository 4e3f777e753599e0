package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
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
 * <p>An engine object has at most {@value #MAX_THREADS} calls under way at once, so that an engine
 * that takes calls and never answers them (on TCP, behind a caller's client with no timeout of its
 * own) cannot make it start a thread for every call. Once each of them is held by a call that its
 * caller gave up on and that never returned, the next call is not sent: it fails at once with
 * {@link EngineUnavailableException#outstanding}. While some are calls still within their bound, a
 * caller waits for one to end, for at most half its own bound, so that a call sent has at least the
 * other half: one sent with next to none of it left would be given up at once, its request still
 * made of the engine.
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

    /** How many calls of one engine object may be under way at once, each on a thread of its own. */
    static final int MAX_THREADS = 64;

    private final String endpoint;
    private final Duration bound;
    private final int max;
    /** One per call under way, the caller's or one given up: released when its thread is done with it. */
    private final Semaphore slots;
    /** How many calls were given up by their callers (past their bound, or interrupted) and have not returned. */
    private final AtomicInteger abandoned = new AtomicInteger();
    private final ThreadPoolExecutor threads;

    EngineCalls(String endpoint, Duration bound) {
        this(endpoint, bound, MAX_THREADS);
    }

    /** Calls with at most {@code max} threads, for tests of a full engine. */
    EngineCalls(String endpoint, Duration bound, int max) {
        this.endpoint = endpoint;
        this.bound = bound;
        this.max = max;
        this.slots = new Semaphore(max);
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // the slots bound the calls; the threads are handed them directly, and an idle one is reused. A
        // thread that released its slot may not yet be back to take the next call, so there is room for
        // as many again: a call is refused only by a closed engine object
        this.threads = new ThreadPoolExecutor(0, 2 * max, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
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
     * @throws EngineUnavailableException if it did not return within the bound, or was not sent because
     *     {@value #MAX_THREADS} calls are outstanding, or the caller was interrupted while waiting
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
        long deadline = System.nanoTime() + given.toNanos();
        take(call, given);
        FutureTask<T> answer = new FutureTask<>(body);
        Slot slot = new Slot();
        try {
            threads.execute(() -> {
                try {
                    answer.run(); // returns at once if the caller cancelled it before it started
                } finally {
                    release(slot);
                }
            });
        } catch (RejectedExecutionException refused) {
            slots.release();
            if (!threads.isShutdown()) {
                throw outstanding(call);
            }
            throw EngineUnavailableException.closed(endpoint, call);
        }
        try {
            return answer.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stalled) {
            giveUp(answer, slot);
            throw EngineUnavailableException.stalled(endpoint, call, given, null);
        } catch (InterruptedException interrupted) {
            giveUp(answer, slot);
            Thread.currentThread().interrupt();
            throw EngineUnavailableException.interrupted(endpoint, call, interrupted);
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
     * Takes a slot for a call: at once when every slot is held by a call that was given up and never
     * returned, the engine is said to be stalled rather than the call queued behind them; else the
     * caller waits for one, as other callers' calls end, for at most half its bound.
     */
    private void take(String call, Duration given) {
        if (slots.tryAcquire()) {
            return;
        }
        int stuck = abandoned.get();
        if (stuck >= max) {
            throw EngineUnavailableException.outstanding(endpoint, call, stuck);
        }
        try {
            if (!slots.tryAcquire(given.toNanos() / 2, TimeUnit.NANOSECONDS)) {
                throw outstanding(call);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw EngineUnavailableException.interrupted(endpoint, call, interrupted);
        }
    }

    /** The call is not sent for want of a slot: how many calls hold one, and how many of those were given up. */
    private EngineUnavailableException outstanding(String call) {
        return EngineUnavailableException.outstanding(endpoint, call, max - slots.availablePermits(), abandoned.get());
    }

    /** How many callers are waiting for a slot now, for tests. */
    int waitingForSlot() {
        return slots.getQueueLength();
    }

    /** The caller gives up on a call: its thread is interrupted, and counted as stuck until it returns. */
    private void giveUp(Future<?> answer, Slot slot) {
        if (slot.state.compareAndSet(Slot.RUNNING, Slot.ABANDONED)) {
            abandoned.incrementAndGet();
        }
        answer.cancel(true);
    }

    private void release(Slot slot) {
        if (!slot.state.compareAndSet(Slot.RUNNING, Slot.DONE)) {
            abandoned.decrementAndGet(); // given up earlier, returned only now
        }
        slots.release();
    }

    /** Whether one call's thread returned before its caller gave up on it. */
    private static final class Slot {
        static final int RUNNING = 0;
        static final int DONE = 1;
        static final int ABANDONED = 2;
        final AtomicInteger state = new AtomicInteger(RUNNING);
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
