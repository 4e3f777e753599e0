package io.tcpscope.procfs;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.events.EventSubscription;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscription: a tracing instance of its own, and the thread that reads its pipe. Closing it
 * ends the reader by a mark, since nothing else wakes a read of {@code trace_pipe}, and removes
 * the instance once the reader has let go of the pipe.
 */
final class TracefsSubscription implements EventSubscription {

    /** How long close waits for the reader to leave, each of two times. */
    static final long JOIN_MILLIS = 2_000;
    private static final int REMOVE_ATTEMPTS = 100;

    private final TracingInstance instance;
    private final TracePipeReader reader;
    private final Thread thread;
    private final TraceClock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong syncs = new AtomicLong();
    private volatile long lastOverruns;

    TracefsSubscription(TracingInstance instance, TracePipeReader reader, TraceClock clock) {
        this.instance = instance;
        this.reader = reader;
        this.clock = clock;
        this.thread = new Thread(reader, "tcpscope-tracefs-" + instance.name());
        thread.setDaemon(true);
        // nothing of the reader's may reach stderr; it catches what it can, and this the rest
        thread.setUncaughtExceptionHandler((t, e) -> { });
    }

    /** Starts the reader. */
    TracefsSubscription start() {
        thread.start();
        return this;
    }

    @Override
    public void sync(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (closed.get()) {
            throw closedNow();
        }
        if (Thread.currentThread() == thread) {
            throw TracingInstance.failed(instance.name(), "sync was called from the subscription's own callback,"
                    + " which would wait for itself; sync from another thread");
        }
        long token = syncs.incrementAndGet();
        instance.mark(TracePipeReader.SYNC + token);
        TracePipeReader.Outcome outcome;
        try {
            outcome = reader.await(token, timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TracingInstance.failed(instance.name(), "the wait for its events was interrupted; sync again");
        }
        if (outcome == TracePipeReader.Outcome.TIMED_OUT) {
            throw TracingInstance.failed(instance.name(), "its events did not come through within " + timeout.toMillis()
                    + " ms; sync with a longer timeout, or make the callback return sooner");
        }
        if (outcome == TracePipeReader.Outcome.ENDED) {
            throw closed.get() ? closedNow() : TracingInstance.failed(instance.name(), "its reader stopped: "
                    + reader.endedBecause() + "; subscribe again");
        }
    }

    @Override
    public long overruns() {
        if (!closed.get()) {
            try {
                lastOverruns = instance.overruns();
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    throw e;
                }
                // closed while it was read: close kept the last count
            }
        }
        return lastOverruns;
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && reader.isReading();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() == thread) {
            reader.stopAfterCallback(this::release);
            return;
        }
        for (int i = 0; i < 2 && thread.isAlive(); i++) {
            try {
                instance.mark(TracePipeReader.CLOSE);
            } catch (RuntimeException e) {
                // the reader may be gone already; the join tells
            }
            join();
        }
        if (thread.isAlive()) {
            throw TracingInstance.failed(instance.name(), "its reader did not stop within " + 2 * JOIN_MILLIS
                    + " ms, so the instance is left; remove it with: rmdir " + instance.dir());
        }
        if (!release()) {
            throw TracingInstance.failed(instance.name(), "the kernel would not remove it; remove it with: rmdir "
                    + instance.dir());
        }
    }

    /** Disables the instance and removes it; once the reader has closed the pipe. */
    private boolean release() {
        try {
            lastOverruns = instance.overruns();
        } catch (RuntimeException e) {
            // keep the last count read
        }
        instance.disable();
        return instance.remove(REMOVE_ATTEMPTS);
    }

    private void join() {
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private InspectionFailedException closedNow() {
        return TracingInstance.failed(instance.name(), "the subscription is closed; subscribe again to read events");
    }

    /** {@return the instant a reading of {@link System#nanoTime()} stands for, by this subscription's clock} */
    Instant at(long nanoTime) {
        return clock.apply(nanoTime);
    }

    /** {@return the instance's directory} */
    java.nio.file.Path instanceDir() {
        return instance.dir();
    }

    /** {@return the reader, for its counts} */
    TracePipeReader reader() {
        return reader;
    }

    @Override
    public String toString() {
        return "TracefsSubscription[" + instance.name() + (isOpen() ? ", open" : ", closed") + "]";
    }
}
