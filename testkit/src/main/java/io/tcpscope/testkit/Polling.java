package io.tcpscope.testkit;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.TcpscopeException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The testkit's one way of waiting, which its own waits ({@code awaitFullMesh},
 * {@code awaitTopology}, a recorder's {@code awaitStable}) and the Testcontainers module's wait
 * strategies all use: it reads something every {@value #POLL_MILLIS} ms (half the timeout, for waits
 * shorter than twice that), the first time at once, until it meets a condition or the time is up.
 * A read that fails in a way time can mend is read again: a container that is missing, stopped,
 * paused or restarting, an engine that does not answer, a command that timed out. Any other
 * failure (a missing tool, a refused read, a bad argument) ends the wait at once, thrown as it is.
 * The retries are Failsafe's, which has no dependencies of its own.
 *
 * <pre>{@code
 * Topology mesh = Polling.until(this::topology, Topology::isFullMesh, timeout,
 *         last -> new AssertionError("the cluster did not become a full mesh ...; last seen:\n" + last));
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
    /** Longer than this, and a count of nanoseconds would overflow: a longer wait is taken as a century. */
    static final Duration LONGEST = Duration.ofDays(365L * 100);

    private Polling() {
    }

    /**
     * Reads until the condition holds.
     *
     * @param read what to read
     * @param condition what to wait for
     * @param timeout how long to wait; beyond a century, a century
     * @param failure the error when the time is up, given the last thing read: a value, or the
     *     exception its read threw, or {@code null} if nothing was read
     * @param <T> what is read
     * @return the first value that met the condition
     * @throws AssertionError that error, if the time is up
     * @throws TcpscopeException if a read fails in a way that waiting cannot mend
     */
    public static <T> T until(Supplier<T> read, Predicate<? super T> condition, Duration timeout,
                              Function<Object, AssertionError> failure) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, not " + timeout);
        }
        Duration time = timeout.compareTo(LONGEST) > 0 ? LONGEST : timeout;
        AtomicReference<Object> last = new AtomicReference<>();
        Supplier<T> remembered = () -> {
            try {
                T value = read.get();
                last.set(value);
                return value;
            } catch (TcpscopeException e) {
                last.set(e);
                throw e;
            }
        };
        if (time.toNanos() < 2) {
            // no time to wait: one read decides
            return check(readOnce(remembered, failure, last), condition, failure, last);
        }
        // Failsafe wants the whole wait to be longer than one pause: short waits pause for half their time.
        Duration pause = Duration.ofMillis(POLL_MILLIS).compareTo(time.dividedBy(2)) < 0
                ? Duration.ofMillis(POLL_MILLIS) : time.dividedBy(2);
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handle(TRANSIENT)
                .handleResultIf(value -> value == null || !condition.test(value))
                .withDelay(pause)
                .withMaxRetries(-1)
                .withMaxDuration(time)
                .build();
        T result;
        try {
            result = Failsafe.with(policy).get(remembered::get);
        } catch (TcpscopeException e) {
            throw transientOrItself(e, failure, last);
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", e.getCause());
            }
            throw e;
        }
        return check(result, condition, failure, last);
    }

    private static <T> T readOnce(Supplier<T> read, Function<Object, AssertionError> failure, AtomicReference<Object> last) {
        try {
            return read.get();
        } catch (TcpscopeException e) {
            throw transientOrItself(e, failure, last);
        }
    }

    /** A failure that time could have mended ends the wait as its time being up; any other is itself. */
    private static RuntimeException transientOrItself(TcpscopeException e, Function<Object, AssertionError> failure,
                                                      AtomicReference<Object> last) {
        if (TRANSIENT.stream().anyMatch(t -> t.isInstance(e))) {
            AssertionError timeUp = failure.apply(last.get());
            if (timeUp.getCause() == null) {
                timeUp.initCause(e);
            }
            throw timeUp;
        }
        return e;
    }

    private static <T> T check(T result, Predicate<? super T> condition, Function<Object, AssertionError> failure,
                               AtomicReference<Object> last) {
        if (!condition.test(result)) {
            throw failure.apply(last.get());
        }
        return result;
    }
}
