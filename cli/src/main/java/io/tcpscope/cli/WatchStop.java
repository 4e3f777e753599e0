package io.tcpscope.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When {@code tcpscope watch} ends: after {@code --count} samples, after {@code --duration}, on
 * Ctrl-C, or when sampling cannot go on; and, for Ctrl-C's shutdown hook, when the watch has closed
 * what it opened. Thread-safe.
 */
final class WatchStop {

    /** Why the watch ended. */
    enum Reason {
        /** {@code --count} samples were shown. */
        COUNT,
        /** {@code --duration} passed. */
        DURATION,
        /** Ctrl-C, or another signal that ends the JVM. */
        INTERRUPTED,
        /** Nobody reads the output any more, as when the reader of a pipe has gone. */
        OUTPUT_CLOSED,
        /** Sampling cannot go on. */
        FAILED
    }

    private final long count;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private long samples;
    private Reason reason;
    private RuntimeException failure;

    /** @param count how many samples to show, or 0 for no limit */
    WatchStop(long count) {
        this.count = count;
    }

    /**
     * Counts a sample, read or failed, unless the watch has ended: a sample that arrives after the
     * end is not shown, so that {@code --count N} shows exactly N.
     *
     * @return whether to show it
     */
    synchronized boolean take() {
        if (reason != null) {
            return false;
        }
        samples++;
        if (count > 0 && samples >= count) {
            end(Reason.COUNT, null);
        }
        return true;
    }

    /** {@return whether the watch has ended: what comes now is not shown} */
    synchronized boolean ended() {
        return reason != null;
    }

    /** Ends the watch on Ctrl-C. */
    synchronized void interrupt() {
        end(Reason.INTERRUPTED, null);
    }

    /** Ends the watch because nobody reads its output. */
    synchronized void outputClosed() {
        end(Reason.OUTPUT_CLOSED, null);
    }

    /** Ends the watch because sampling cannot go on. */
    synchronized void fail(RuntimeException e) {
        end(Reason.FAILED, e);
    }

    private void end(Reason why, RuntimeException e) {
        if (reason == null) {
            reason = why;
            failure = e;
            ended.countDown();
        }
    }

    /**
     * Waits for the end.
     *
     * @param duration how long to watch, or {@code null} for as long as it takes
     * @return why it ended
     * @throws InterruptedException if the waiting thread is interrupted
     */
    Reason await(Duration duration) throws InterruptedException {
        if (duration == null) {
            ended.await();
        } else if (!ended.await(duration.toMillis(), TimeUnit.MILLISECONDS)) { // milliseconds: --duration 100000000h fits
            synchronized (this) {
                end(Reason.DURATION, null);
            }
        }
        synchronized (this) {
            return reason;
        }
    }

    /** {@return what ended sampling, for {@link Reason#FAILED}} */
    synchronized RuntimeException failure() {
        return failure;
    }

    /** Says that the watch closed what it opened: the recorder, the engine, the terminal. */
    void closed() {
        closed.countDown();
    }

    /**
     * Waits until the watch closed what it opened.
     *
     * @param timeout how long to wait
     * @return whether it did in time
     */
    boolean awaitClosed(Duration timeout) {
        try {
            return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
