package io.tcpscope.testkit.internal;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The reader threads of one inspection, which read its members' tables in parallel. Every read it
 * takes ends: when it closes, each read not yet ended, running or queued, is failed at once with
 * the error it is given, so that whoever joins them is never left waiting on a read the closed pool
 * dropped; a read asked for after it closed fails the same way.
 *
 * <pre>{@code
 * ParallelReads reads = new ParallelReads(8, () -> InspectionFailedException.of(owner, "it was closed"));
 * CompletableFuture<NodeTable> table = reads.submit(() -> read(member));
 * }</pre>
 *
 * <p>Thread-safe. The threads are daemons, and end 5 s after their last read.
 */
final class ParallelReads {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor threads;
    private final Supplier<RuntimeException> closedError;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Reader threads.
     *
     * @param size how many reads run at once
     * @param closedError the error of a read that did not end before {@link #close()}
     */
    ParallelReads(int size, Supplier<RuntimeException> closedError) {
        this.closedError = Objects.requireNonNull(closedError, "closedError must not be null");
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tcpscope-read-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Reads on a reader thread.
     *
     * @param read the read
     * @param <T> what it reads
     * @return its result, which ends with the read, or with the closed error once this closes
     */
    <T> CompletableFuture<T> submit(Supplier<T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        // listed before the closed flag is looked at, so that a close either sees it or is seen
        pending.add(result);
        result.whenComplete((value, failure) -> pending.remove(result));
        if (closed) {
            result.completeExceptionally(closedError.get());
            return result;
        }
        try {
            threads.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                try {
                    result.complete(read.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(closedError.get());
        }
        return result;
    }

    /** {@return whether {@link #close()} was called} */
    boolean isClosed() {
        return closed;
    }

    /** Interrupts the reads under way, drops those queued, and fails every one not yet ended. Idempotent. */
    void close() {
        closed = true;
        threads.shutdownNow();
        for (CompletableFuture<?> read : pending) {
            read.completeExceptionally(closedError.get());
        }
    }
}
