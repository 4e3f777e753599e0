package io.tcpscope.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reader helper's stdin, which docker-java copies to the engine on a thread of its own. A
 * request is queued in memory: the caller never blocks on I/O, so no caller's interrupt can close
 * the stream for the others (as an interruptible channel's write would), and only docker-java's
 * thread reads it. That thread is docker-java's alone, made for this one attach; whatever it ends
 * with once the stream is closed (the engine's connection closed under it, say) is logged at DEBUG
 * rather than printed on stderr, and closing waits a moment for it to end.
 *
 * <p>Thread-safe.
 */
final class ReaderStdin extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderStdin.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition more = lock.newCondition();
    private final Deque<byte[]> lines = new ArrayDeque<>();
    private int offset;
    private boolean ended;
    private volatile Thread copier;

    /**
     * Queues a line for the helper.
     *
     * @return {@code false} if the stream has ended, and the line goes nowhere
     */
    boolean write(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        lock.lock();
        try {
            if (ended) {
                return false;
            }
            lines.addLast(bytes);
            more.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream: the copier reads its end once it has what was queued, so the helper sees its stdin close. */
    void end() {
        lock.lock();
        try {
            ended = true;
            more.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        claim();
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (lines.isEmpty() && !ended) {
                more.await();
            }
            byte[] head = lines.peekFirst();
            if (head == null) {
                return -1;
            }
            int n = Math.min(len, head.length - offset);
            System.arraycopy(head, offset, b, off, n);
            offset += n;
            if (offset == head.length) {
                lines.removeFirst();
                offset = 0;
            }
            return n;
        } catch (InterruptedException e) {
            // docker-java's own thread, interrupted by docker-java: the stream is over for it
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            lock.unlock();
        }
    }

    /** Closing is {@link #end()}: there is nothing else to release. */
    @Override
    public void close() {
        end();
    }

    /**
     * Waits, at most {@code millis}, for docker-java's thread that copies this stream to end.
     *
     * @return whether it has ended, or never started
     */
    boolean awaitCopier(long millis) {
        Thread thread = copier;
        if (thread == null) {
            return true;
        }
        try {
            thread.join(TimeUnit.MILLISECONDS.toMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /**
     * Notes the thread that copies this stream, and makes its end quiet: docker-java's copy ends it
     * with a {@code RuntimeException} when the connection closes under it, which the default handler
     * would print on stderr, a line the user never asked for.
     */
    private void claim() {
        if (copier == null) {
            Thread thread = Thread.currentThread();
            copier = thread;
            thread.setUncaughtExceptionHandler((t, e) ->
                    LOG.debug("the copy of the reader helper's stdin ended: {}", e.toString()));
        }
    }
}
