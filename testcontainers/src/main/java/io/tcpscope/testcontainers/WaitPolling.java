package io.tcpscope.testcontainers;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.testcontainers.TcpscopeWaitStrategy.Read;
import org.testcontainers.containers.ContainerLaunchException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * How the waits of this module read again and again: every 200 ms, the first time at once, through
 * the failures that time can mend (a container not running yet, an engine that does not answer, a
 * command that timed out), with Failsafe.
 *
 * <p>Thread-safe: stateless.
 */
final class WaitPolling {

    private static final Duration POLL = Duration.ofMillis(200);
    /** Failsafe needs a longest time over its pause; under this, a wait reads once. */
    private static final Duration SHORTEST = Duration.ofMillis(2);
    /** Failsafe counts in nanoseconds: longer than this, and the count would overflow. */
    private static final Duration LONGEST = Duration.ofDays(365L * 100);

    private WaitPolling() {
    }

    /** The time, if it is not negative; IllegalArgumentException if it is. */
    static Duration notNegative(Duration time) {
        Objects.requireNonNull(time, "the time must not be null");
        if (time.isNegative()) {
            throw new IllegalArgumentException("a time to wait is zero or more, not " + time);
        }
        return time;
    }

    /** A time in words: whole seconds as seconds, else milliseconds. */
    static String words(Duration time) {
        return time.toMillis() % 1000 == 0 ? time.toSeconds() + " s" : time.toMillis() + " ms";
    }

    /**
     * Reads until done, through the failures that time can mend, for at most {@code timeout}; a
     * timeout under 2 ms reads once. {@code last} holds what the latest read saw, or why it failed.
     *
     * @return the last read; not done if the time ran out
     * @throws ContainerLaunchException if the thread is interrupted, or a read throws it
     */
    static Read poll(Duration timeout, Supplier<Read> read, AtomicReference<String> last) {
        Duration time = notNegative(timeout).compareTo(LONGEST) > 0 ? LONGEST : timeout;
        if (time.compareTo(SHORTEST) < 0) {
            try {
                return read.get();
            } catch (ContainerUnavailableException | EngineUnavailableException | CommandTimeoutException e) {
                last.set(e.getMessage());
                return new Read(false, e.getMessage());
            }
        }
        Duration pause = POLL.compareTo(time.dividedBy(2)) < 0 ? POLL : time.dividedBy(2);
        RetryPolicy<Read> policy = RetryPolicy.<Read>builder()
                .handle(List.of(ContainerUnavailableException.class, EngineUnavailableException.class,
                        CommandTimeoutException.class))
                .handleResultIf(r -> !r.done())
                .withDelay(pause)
                .withMaxRetries(-1)
                .withMaxDuration(time)
                .build();
        try {
            return Failsafe.with(policy).get(() -> {
                try {
                    return read.get();
                } catch (ContainerUnavailableException | EngineUnavailableException | CommandTimeoutException e) {
                    last.set(e.getMessage());
                    throw e;
                }
            });
        } catch (ContainerUnavailableException | EngineUnavailableException | CommandTimeoutException e) {
            return new Read(false, e.getMessage());
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting; last seen: " + last.get(), e.getCause());
            }
            throw e;
        }
    }
}
