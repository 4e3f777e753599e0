package io.tcpscope.testkit.internal;

import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.TcpscopeException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one poller of tcpscope, under every wait: a cluster's ({@code cluster.await()}), a recorder's,
 * and the Testcontainers module's wait strategies. It reads every {@value #POLL_MILLIS} ms (half the
 * timeout, for waits shorter than twice that), the first time at once, until the condition holds or
 * the time is up. Each read runs on a reader thread ({@link BoundedReads}) that the wait waits for
 * only until its time is up, and a read under way then for a short grace more: a read that stalls
 * (an engine that does not answer) does not stretch the wait further, which then ends saying that
 * its last read did not return. A read that fails in a way time can mend is read
 * again: a container that is missing, stopped, paused or restarting, an engine that does not
 * answer, a command that timed out. Any other failure (a missing tool, a refused read, a bad
 * argument) ends the wait at once, thrown as it is. The polling is Awaitility's, told every setting
 * so that no global default of a user's changes it.
 *
 * <pre>{@code
 * Topology mesh = Polling.until(this::topology, Topology::isFullMesh, timeout, List.of(),
 *         last -> new AssertionError("not a full mesh; last seen: " + last));
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class Polling {

    /** The failures that waiting can mend. */
    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(ContainerUnavailableException.class,
            EngineUnavailableException.class, CommandTimeoutException.class);

    /** How often a wait reads again. */
    public static final long POLL_MILLIS = 200;
    /** Longer than this, a wait is taken as a century: no clock counts further in nanoseconds. */
    static final Duration LONGEST = Duration.ofDays(365L * 100);

    private Polling() {
    }

    /**
     * A reason to end a wait before its time: checked before each read.
     *
     * @param reason what ended it, in words, asked when it does
     * @param happened whether it happened
     */
    public record FailFast(Supplier<String> reason, BooleanSupplier happened) {

        /**
         * Validates.
         *
         * @param reason what ended it
         * @param happened whether it happened
         */
        public FailFast {
            Objects.requireNonNull(reason, "reason must not be null");
            Objects.requireNonNull(happened, "happened must not be null");
        }
    }

    /**
     * Whether a failure is one that time can mend, so that a wait reads again.
     *
     * @param failure a read's failure
     * @return whether it is transient
     */
    public static boolean isTransient(Throwable failure) {
        return TRANSIENT.stream().anyMatch(t -> t.isInstance(failure));
    }

    /**
     * Reads until the condition holds.
     *
     * @param read what to read
     * @param condition what to wait for
     * @param timeout how long to wait; beyond a century, a century; zero reads once
     * @param failFast what ends the wait early, as if its time were up
     * @param failure the error when the time is up or a fail-fast happened, given the last thing
     *     read (a value, the exception its read threw, or {@code null} if nothing was read) and,
     *     for a fail-fast, its reason, or for a read that had not returned when the time was up, that
     *     (else {@code null})
     * @param <T> what is read
     * @return the first value that met the condition
     * @throws AssertionError that error, if the time is up
     * @throws TcpscopeException if a read fails in a way that waiting cannot mend
     * @throws IllegalStateException if the thread is interrupted; its interrupt flag stays set
     */
    public static <T> T until(Supplier<T> read, Predicate<? super T> condition, Duration timeout, List<FailFast> failFast,
                              TimeUp failure) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a time to wait is zero or more, not " + timeout);
        }
        Duration time = timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout;
        long deadline = System.nanoTime() + time.toNanos();
        AtomicReference<Object> last = new AtomicReference<>();
        AtomicReference<String> endedBy = new AtomicReference<>();
        Supplier<T> checked = () -> {
            if (Thread.currentThread().isInterrupted()) {
                // Awaitility clears the flag in its own waiting and polls on: the read is where it is seen
                throw new Interrupted();
            }
            for (FailFast f : failFast) {
                if (f.happened().getAsBoolean()) {
                    endedBy.set(f.reason().get());
                    throw new EndedEarly();
                }
            }
            return null;
        };
        Supplier<T> remembered = () -> {
            checked.get();
            try {
                T value = read.get();
                last.set(value);
                return value;
            } catch (TcpscopeException e) {
                last.set(e);
                throw e;
            }
        };
        // Awaitility checks its time only between reads, and the read it waits for runs on its own
        // thread: a read that stalls is waited for here, on a reader thread, until the deadline only.
        Supplier<T> bounded = () -> {
            checked.get();
            if (deadline - System.nanoTime() <= 0) {
                throw new ConditionTimeoutException("the time was up before this read");
            }
            try {
                return BoundedReads.get(read, deadline);
            } catch (BoundedReads.DidNotReturn e) {
                endedBy.set(e.getMessage() != null ? e.getMessage() : "its time (" + words(time) + ") was up while a read"
                        + " was under way, which had not returned " + words(Duration.ofMillis(BoundedReads.GRACE_MILLIS))
                        + " later (an engine that does not answer?); check that the engine responds ('docker info'),"
                        + " or give the wait longer");
                throw new EndedEarly();
            } catch (InterruptedException e) {
                throw new Interrupted();
            } catch (TcpscopeException e) {
                last.set(e);
                throw e;
            }
        };
        Supplier<T> polled = () -> {
            T value = bounded.get();
            last.set(value);
            return value;
        };
        try {
            if (time.toMillis() < 2) {
                // no time to poll: one read decides, however long it takes
                T value = remembered.get();
                if (!condition.test(value)) {
                    throw new ConditionTimeoutException("one read, not met");
                }
                return value;
            }
            Duration pause = Duration.ofMillis(Math.min(POLL_MILLIS, time.toMillis() / 2));
            return Awaitility.await()
                    .pollInSameThread()
                    .dontCatchUncaughtExceptions()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(pause)
                    .atMost(time)
                    .ignoreExceptionsMatching(Polling::isTransient)
                    .until(polled::get, value -> value != null && condition.test(value));
        } catch (Interrupted e) {
            throw interrupted(e);
        } catch (ConditionTimeoutException | EndedEarly e) {
            throw timeUp(failure, last.get(), endedBy.get());
        } catch (TcpscopeException e) {
            if (isTransient(e)) {
                throw timeUp(failure, last.get(), null);
            }
            throw e;
        } catch (TerminalFailureException e) {
            throw timeUp(failure, last.get(), endedBy.get());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof InterruptedException || e.getCause() instanceof Interrupted
                    || Thread.currentThread().isInterrupted()) {
                throw interrupted(e);
            }
            if (e.getCause() instanceof EndedEarly) {
                throw timeUp(failure, last.get(), endedBy.get());
            }
            throw e;
        }
    }

    /** A time in words, as the waits' messages give it: whole seconds as seconds, else milliseconds. */
    private static String words(Duration time) {
        return time.toMillis() % 1000 == 0 ? time.toSeconds() + " s" : time.toMillis() + " ms";
    }

    /** A wait ended by an interrupt: the flag set again, for the caller to see. */
    private static IllegalStateException interrupted(Throwable e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("interrupted while waiting", e);
    }

    /** The error of a wait that ended unmet; its cause is the last read's failure, if the last read failed. */
    private static AssertionError timeUp(TimeUp failure, Object last, String endedBy) {
        AssertionError error = failure.error(last, endedBy);
        if (error.getCause() == null && last instanceof Throwable cause) {
            error.initCause(cause);
        }
        return error;
    }

    /** Makes the error of a wait that ended unmet. */
    @FunctionalInterface
    public interface TimeUp {
        /**
         * The error.
         *
         * @param last the last value read, the exception its read threw, or {@code null}
         * @param endedBy why it ended before its time, or that its last read did not return before
         *     its time was up; {@code null} if its time was up between reads
         * @return the error to throw
         */
        AssertionError error(Object last, String endedBy);
    }

    /** The thread was interrupted: ends the polling, and is never seen outside. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /** A fail-fast happened: ends the polling, and is never seen outside. */
    private static final class EndedEarly extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EndedEarly() {
            super("ended early", null, false, false);
        }
    }

    /**
     * Reads until the condition holds, with no fail-fast.
     *
     * @param read what to read
     * @param condition what to wait for
     * @param timeout how long to wait
     * @param failure the error when the time is up, given the last thing read
     * @param <T> what is read
     * @return the first value that met the condition
     */
    public static <T> T until(Supplier<T> read, Predicate<? super T> condition, Duration timeout,
                              Function<Object, AssertionError> failure) {
        return until(read, condition, timeout, List.of(), (last, endedBy) -> failure.apply(last));
    }
}
