package io.tcpscope.testkit.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A wait's reads, each run on a reader thread and waited for until the wait's deadline, and for a
 * read under way then, {@value #GRACE_MILLIS} ms more, so that a read that stalls cannot stretch a
 * wait past its time and that grace, while a read that is merely under way at the deadline still
 * gives the wait its last value. A read still running after the grace is interrupted and left to
 * end on its own thread (every engine call has a bound of its own); at
 * most {@value #MOST_READERS} such threads live at once, so reads that never return cannot take
 * threads without end: past that, a wait reads no more and says why.
 *
 * <pre>{@code
 * Topology t = BoundedReads.get(cluster::topology, System.nanoTime() + timeout.toNanos());
 * }</pre>
 *
 * <p>Thread-safe. The reader threads are daemons, and end {@value #IDLE_SECONDS} s after their last read.
 */
final class BoundedReads {

    static final int MOST_READERS = 64;
    /** How long a read under way at the deadline is waited for, after it. */
    static final long GRACE_MILLIS = 2_000;
    static final int IDLE_SECONDS = 10;
    /** The prefix of the reader threads' names. */
    static final String THREAD_NAME = "tcpscope-wait-read-";

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor READERS = new ThreadPoolExecutor(0, MOST_READERS, IDLE_SECONDS,
            TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, THREAD_NAME + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private BoundedReads() {
    }

    /**
     * Reads, waiting for the read until the deadline and, if it is under way then, the grace after it.
     *
     * @param read the read
     * @param deadline when the wait's time is up, in {@link System#nanoTime()}'s terms; later than now
     * @param <T> what is read
     * @return what it read
     * @throws DidNotReturn if the read had not returned at the end of the grace (it is interrupted;
     *     the exception has no message), or no reader thread is free (its message says so)
     * @throws InterruptedException if the calling thread is interrupted (the read is interrupted too)
     */
    static <T> T get(Supplier<T> read, long deadline) throws DidNotReturn, InterruptedException {
        Future<T> reading;
        try {
            reading = READERS.submit(read::get);
        } catch (RejectedExecutionException busy) {
            throw new DidNotReturn(MOST_READERS + " reads of earlier waits have not returned yet (an engine that does"
                    + " not answer?), so this wait could not read; check that the engine responds ('docker info')");
        }
        try {
            try {
                return reading.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                return reading.get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException stalled) {
            reading.cancel(true);
            throw new DidNotReturn(null);
        } catch (InterruptedException e) {
            reading.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** A read that had not returned when the wait's time was up; its message says so, to end a wait's error. */
    static final class DidNotReturn extends Exception {
        private static final long serialVersionUID = 1L;

        DidNotReturn(String message) {
            super(message, null, false, false);
        }
    }
}
