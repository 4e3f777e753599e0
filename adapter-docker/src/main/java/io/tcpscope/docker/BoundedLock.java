package io.tcpscope.docker;

import io.tcpscope.core.EngineUnavailableException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock held across engine calls, which a waiter takes within a bound or gives up with a typed
 * error: the holder's calls are bounded, so a holder that takes longer than all of them together
 * is held up by the engine, and the waiter says so rather than wait on it.
 *
 * <p>Thread-safe.
 */
final class BoundedLock {

    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Takes the lock.
     *
     * @param endpoint the engine, for the message
     * @param call what the holder does, for the message, such as {@code build image X}
     * @param bound how long to wait
     * @throws EngineUnavailableException if it was not had within the bound, or the wait was interrupted
     */
    void lock(String endpoint, String call, Duration bound) {
        try {
            if (!lock.tryLock(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                throw EngineUnavailableException.stalled(endpoint, call, bound, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineUnavailableException.interrupted(endpoint, call, e);
        }
    }

    void unlock() {
        lock.unlock();
    }
}
