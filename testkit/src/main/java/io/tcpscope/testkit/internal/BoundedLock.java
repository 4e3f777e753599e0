package io.tcpscope.testkit.internal;

import io.tcpscope.core.EngineUnavailableException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A read-write lock whose every acquisition gives up after a bound: reads share it, changes (a
 * pause, a removal, a start, a close) hold it alone, and both make engine calls while they hold
 * it. A caller that cannot have it within the bound is told that the calls under way did not end,
 * in a typed {@link EngineUnavailableException} that a wait treats as passing, instead of waiting
 * for an engine that may never answer.
 *
 * <pre>{@code
 * BoundedLock lock = new BoundedLock("cluster tcpscope-3f2a1b2c", Duration.ofSeconds(30), runtime::endpoint);
 * Topology t = lock.read("a snapshot", this::snapshot);
 * }</pre>
 *
 * <p>Thread-safe; reentrant, and a change may read.
 */
final class BoundedLock {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String owner;
    private final Duration bound;
    private final Supplier<String> endpoint;

    /**
     * A lock.
     *
     * @param owner how messages name what it guards, such as {@code cluster tcpscope-3f2a1b2c}
     * @param bound how long an acquisition waits
     * @param endpoint the engine's address, for the message
     */
    BoundedLock(String owner, Duration bound, Supplier<String> endpoint) {
        this.owner = Objects.requireNonNull(owner, "owner must not be null");
        this.bound = Objects.requireNonNull(bound, "bound must not be null");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
    }

    /** {@return how long an acquisition waits} */
    Duration bound() {
        return bound;
    }

    /**
     * Runs a read, shared with other reads.
     *
     * @param what the read, for the message, such as {@code a read}
     * @param read the read
     * @param <T> its result
     * @return its result
     * @throws EngineUnavailableException if a change held the lock for longer than the bound
     */
    <T> T read(String what, Supplier<T> read) {
        Lock held = acquire(lock.readLock(), what, "the change under way");
        try {
            return read.get();
        } finally {
            held.unlock();
        }
    }

    /**
     * Runs a change once no read or other change is under way.
     *
     * @param what the change, for the message, such as {@code pause}
     * @param change the change
     * @throws EngineUnavailableException if the reads or changes under way held the lock for longer than the bound
     */
    void change(String what, Runnable change) {
        Lock held = acquire(lock.writeLock(), what, "the reads and changes under way");
        try {
            change.run();
        } finally {
            held.unlock();
        }
    }

    /**
     * Runs a change if no read or other change is under way within the bound.
     *
     * @param change the change
     * @return whether it ran; {@code false} if the lock could not be had within the bound, or the
     *     thread was interrupted while it waited (its flag stays set)
     */
    boolean tryChange(Runnable change) {
        boolean locked;
        try {
            locked = lock.writeLock().tryLock(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!locked) {
            return false;
        }
        try {
            change.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Lock acquire(Lock wanted, String what, String holders) {
        try {
            if (wanted.tryLock(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                return wanted;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what + " of " + owner + " waited for " + holders, e);
        }
        throw EngineUnavailableException.stalled(endpoint.get(), holders + " of " + owner + ", which " + what
                + " waited for", bound, null);
    }
}
