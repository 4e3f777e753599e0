package io.tcpscope.testkit.internal;

import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Takes a snapshot on a thread of its own, then again an interval after each one ends, and hands
 * each to a consumer with the time it began. A snapshot that fails, with an exception or an
 * {@link AssertionError}, is counted and skipped, and a consumer that fails is logged: neither ends
 * sampling. What ends it is {@link #close()}, or what it samples being closed (a cluster or a scope).
 *
 * <pre>{@code
 * Sampler s = new Sampler("recorder", cluster::topology, Duration.ofMillis(100), (at, t) -> timeline.add(at, t),
 *         () -> false);
 * s.start();
 * ...
 * s.close();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Sampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

    private final String name;
    private final Supplier<Topology> snapshots;
    private final Duration interval;
    private final BiConsumer<Instant, Topology> consumer;
    /** Times from one reading of the wall clock and the monotonic clock after it: a clock stepped back never reorders samples. */
    private final Instant base = Clock.systemUTC().instant();
    private final long baseNanos = System.nanoTime();
    private final ScheduledExecutorService thread;
    private volatile ScheduledFuture<?> task;
    private volatile boolean running;
    private final BooleanSupplier closed;
    private volatile Throwable lastFailure;
    private long failures;
    private long untypedFailures;

    /**
     * A sampler, not started.
     *
     * @param name the thread's name
     * @param snapshots what to read; {@code null} from it is a tick with nothing to read, handed on as is
     * @param interval the pause after each snapshot
     * @param consumer takes each snapshot and its time, on the sampler's thread
     * @param closed whether what it samples is closed, which ends sampling
     */
    public Sampler(String name, Supplier<Topology> snapshots, Duration interval, BiConsumer<Instant, Topology> consumer,
                   BooleanSupplier closed) {
        this.name = name;
        this.closed = closed;
        this.snapshots = snapshots;
        this.interval = interval;
        this.consumer = consumer;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes the first snapshot at once, on the sampler's thread. */
    public void start() {
        running = true;
        task = thread.scheduleWithFixedDelay(this::sample, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void sample() {
        if (!running) {
            return;
        }
        if (closed.getAsBoolean()) {
            LOG.debug("{} stops: what it samples is closed", name);
            stop();
            return;
        }
        Instant at = base.plusNanos(System.nanoTime() - baseNanos);
        Topology snapshot;
        try {
            snapshot = snapshots.get();
        } catch (TcpscopeException e) {
            failed(e, false);
            return;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            if (closed.getAsBoolean()) {
                stop(); // closed while this snapshot read
            } else {
                failed(e, true);
            }
            return;
        }
        try {
            consumer.accept(at, snapshot); // null: a tick with no snapshot due
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // an assertion in a listener is the natural thing to write: it must not end sampling
            LOG.warn("{}: a listener failed on the snapshot of {}", name, at, e);
        }
    }

    private synchronized void failed(Throwable e, boolean untyped) {
        failures++;
        if (untyped) {
            untypedFailures++;
            LOG.warn("{}: a snapshot failed unexpectedly", name, e);
        } else {
            LOG.debug("{}: a snapshot failed: {}", name, e.getMessage());
        }
        lastFailure = e;
    }

    /** {@return how many snapshots failed} */
    public synchronized long failures() {
        return failures;
    }

    /** {@return how many snapshots failed with an exception that is not a TcpscopeException} */
    public synchronized long untypedFailures() {
        return untypedFailures;
    }

    /** {@return the last failure, or {@code null}} */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /** {@return whether it samples} */
    public boolean isRunning() {
        ScheduledFuture<?> now = task;
        return running && !thread.isShutdown() && now != null && !now.isDone();
    }

    private void stop() {
        running = false;
        thread.shutdown();
    }

    /** Stops, and waits up to 30 s for the snapshot under way. Idempotent. */
    @Override
    public void close() {
        stop();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("{}: the snapshot under way did not end within 30 s; it is left to finish", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
