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
 * it. A caller that cannot have it within the bound is told, in a typed
 * {@link EngineUnavailableException#heldUp}, what it waited for and what did not end (the change, or
 * the reads and changes, under way), rather than wait for it without end: a wait reads again after
 * it, as after a stalled engine. A caller interrupted while it waits is told so
 * ({@link EngineUnavailableException#interrupted}), and its interrupt flag stays set. Neither says
 * the engine failed to answer: what held the lock may be a read stalled on the engine, but also a
 * command of a test's own in a node, or a start pulling an image.
 *
 * <pre>{@code
 * BoundedLock lock = new BoundedLock("cluster tcpscope-3f2a1b2c", Duration.ofSeconds(30), engine::endpoint);
 * Topology t = lock.read("a read", this::snapshot);
 * }</pre>
 *
 * <p>Thread-safe; reentrant, and a change may read.
 */
final class BoundedLock {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String owner;
    private final Duration bound;
    private final Supplier<String> endpoint;
    /** The change that holds the lock, for the message of a read that waits for it; {@code null} if none. */
    private volatile String changing;

    /**
     * A lock.
     *
     * @param owner how messages name what it guards, such as {@code cluster tcpscope-3f2a1b2c}
     * @param bound how long an acquisition waits
     * @param endpoint the engine's address, for the messages
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
     * @throws EngineUnavailableException if a change held the lock for longer than the bound, or the
     *     thread was interrupted while it waited (its flag stays set)
     */
    <T> T read(String what, Supplier<T> read) {
        Lock held = acquire(lock.readLock(), what, false);
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
     * @throws EngineUnavailableException if the reads or changes under way held the lock for longer
     *     than the bound, or the thread was interrupted while it waited (its flag stays set)
     */
    void change(String what, Runnable change) {
        Lock held = acquire(lock.writeLock(), what, true);
        String outer = changing;
        changing = what;
        try {
            change.run();
        } finally {
            changing = outer;
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

    private Lock acquire(Lock wanted, String what, boolean exclusive) {
        try {
            if (wanted.tryLock(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                return wanted;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineUnavailableException.interrupted(endpoint.get(), what + " of " + owner + ", behind "
                    + holders(exclusive), e);
        }
        throw EngineUnavailableException.heldUp(endpoint.get(), what + " of " + owner, holders(exclusive), bound);
    }

    /** What an acquisition waits for, in words. */
    private String holders(boolean exclusive) {
        if (exclusive) {
            return "the reads and changes under way";
        }
        String change = changing;
        return "the change under way" + (change == null ? "" : " (" + change + ")");
    }
}
