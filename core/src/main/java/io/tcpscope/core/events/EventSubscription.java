package io.tcpscope.core.events;

import java.time.Duration;

/**
 * One open subscription to a {@link TcpEventSource}. It delivers until closed, and counts what the
 * kernel could not keep for it.
 *
 * <pre>{@code
 * try (EventSubscription events = source.subscribe(ports, log::accept)) {
 *     dialer.run();
 *     events.sync(Duration.ofSeconds(5));
 *     assert events.overruns() == 0;
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.3.0
 */
public interface EventSubscription extends AutoCloseable {

    /**
     * Returns once every event that the kernel recorded before this call has been handed to the
     * subscription's callback, and the callback has returned: the point after which a test may count.
     *
     * @param timeout how long to wait at most
     * @throws io.tcpscope.core.InspectionFailedException if the events did not arrive in time, or the
     *     subscription is closed
     */
    void sync(Duration timeout);

    /** {@return how many events the kernel dropped for this subscription because its buffer was full} */
    long overruns();

    /** {@return whether it still delivers} */
    boolean isOpen();

    /** Stops delivery and releases what the kernel kept for it. Idempotent. */
    @Override
    void close();
}
