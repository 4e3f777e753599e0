package io.tcpscope.testcontainers;

import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.testcontainers.TcpscopeWaitStrategy.Read;
import io.tcpscope.testkit.Polling;
import org.testcontainers.containers.ContainerLaunchException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * How the waits of this module read again and again: the testkit's {@link Polling}, every 200 ms,
 * the first time at once, through the failures that time can mend (a container not running yet,
 * an engine that does not answer, a command that timed out), with the answer a Testcontainers wait
 * wants: the last read, done or not.
 *
 * <p>Thread-safe: stateless.
 */
final class WaitPolling {

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
     * timeout under 2 ns reads once. {@code last} holds why the latest read failed, if it did.
     *
     * @return the last read; not done if the time ran out
     * @throws ContainerLaunchException if the thread is interrupted
     */
    static Read poll(Duration timeout, Supplier<Read> read, AtomicReference<String> last) {
        Supplier<Read> remembered = () -> {
            try {
                return read.get();
            } catch (ContainerUnavailableException | EngineUnavailableException | CommandTimeoutException e) {
                last.set(e.getMessage());
                throw e;
            }
        };
        try {
            return Polling.until(remembered, Read::done, notNegative(timeout), TimeUp::new);
        } catch (TimeUp up) {
            if (up.seen instanceof Read seen) {
                return seen;
            }
            String why = up.seen instanceof TcpscopeException e ? e.getMessage() : "nothing was read";
            return new Read(false, why);
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ContainerLaunchException("interrupted while waiting; last seen: " + last.get(), e);
            }
            throw e;
        }
    }

    /** The time is up: carries the last thing read, a value or the failure of its read. */
    private static final class TimeUp extends AssertionError {
        private static final long serialVersionUID = 1L;
        private final transient Object seen;

        TimeUp(Object seen) {
            super("time is up");
            this.seen = seen;
        }
    }
}
