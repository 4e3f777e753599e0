package io.tcpscope.procfs;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.parse.TraceEventParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reads one instance's {@code trace_pipe} on its own thread, and hands the events on the ports to
 * the callback in batches: what one read gave, up to {@link #MAX_BATCH} events.
 *
 * <p>A read of {@code trace_pipe} blocks until the kernel has something, and nothing else wakes
 * it; so the subscription speaks to its reader through the instance's {@code trace_marker}, whose
 * lines come out of the pipe in order with the events: a {@link #SYNC} mark releases whoever waits
 * for it once the events before it are delivered, and the {@link #CLOSE} mark ends the reader.
 *
 * <p>A callback that throws is counted, and delivery goes on; the reader prints nothing.
 */
final class TracePipeReader implements Runnable {

    /** The most events handed over at once. */
    static final int MAX_BATCH = 1024;
    /** What a sync mark starts with; its number follows. */
    static final String SYNC = "tcpscope-sync-";
    /** The mark that ends the reader. */
    static final String CLOSE = "tcpscope-close";

    /** How a wait for a sync mark ended. */
    enum Outcome { SYNCED, TIMED_OUT, ENDED }

    private static final int MAX_CARRY = 1 << 20;

    private final InputStream pipe;
    private final TraceEventParser parser;
    private final PortSet ports;
    private final Consumer<List<TcpTraceEvent>> batches;
    private final Object lock = new Object();
    private final AtomicLong callbackFailures = new AtomicLong();
    private final AtomicLong eventsRead = new AtomicLong();
    private List<TcpTraceEvent> batch = new ArrayList<>();
    private StringBuilder carry = new StringBuilder();
    private long synced;
    private boolean ended;
    private String failure;
    private volatile Throwable lastCallbackFailure;
    private volatile boolean stopAfterCallback;
    private volatile Runnable onStop = () -> { };

    TracePipeReader(InputStream pipe, TraceEventParser parser, PortSet ports, Consumer<List<TcpTraceEvent>> batches) {
        this.pipe = pipe;
        this.parser = parser;
        this.ports = ports;
        this.batches = batches;
    }

    @Override
    public void run() {
        String why = "its trace_pipe ended";
        try (InputStream in = pipe) {
            byte[] buffer = new byte[64 * 1024];
            boolean going = true;
            while (going) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                going = chunk(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                deliver();
                going &= !stopAfterCallback;
            }
            why = going ? why : "it was closed";
        } catch (IOException | RuntimeException e) {
            why = "reading its trace_pipe failed (" + e.getMessage() + ")";
        } finally {
            synchronized (lock) {
                ended = true;
                failure = why;
                lock.notifyAll();
            }
            if (stopAfterCallback) {
                onStop.run();
            }
        }
    }

    /** Reads the lines of one chunk; false once the close mark came. */
    private boolean chunk(String text) {
        int from = 0;
        int newline;
        while ((newline = text.indexOf('\n', from)) >= 0) {
            String line;
            if (carry.length() > 0) {
                line = carry.append(text, from, newline).toString();
                carry = new StringBuilder();
            } else {
                line = text.substring(from, newline);
            }
            from = newline + 1;
            if (!line(line)) {
                return false;
            }
        }
        if (carry.length() + text.length() - from <= MAX_CARRY) {
            carry.append(text, from, text.length());
        } else {
            carry = new StringBuilder();
        }
        return true;
    }

    private boolean line(String line) {
        if (stopAfterCallback) {
            return false;
        }
        String mark = TraceEventParser.marker(line);
        if (mark != null) {
            if (mark.equals(CLOSE)) {
                deliver();
                return false;
            }
            if (mark.startsWith(SYNC)) {
                deliver();
                release(mark.substring(SYNC.length()));
            }
            return true;
        }
        TcpTraceEvent event = parser.parse(line);
        if (event != null) {
            eventsRead.incrementAndGet();
        }
        if (event != null && (ports.contains(event.local().port()) || ports.contains(event.remote().port()))) {
            batch.add(event);
            if (batch.size() >= MAX_BATCH) {
                deliver();
            }
        }
        return true;
    }

    private void deliver() {
        if (batch.isEmpty()) {
            return;
        }
        List<TcpTraceEvent> out = List.copyOf(batch);
        batch = new ArrayList<>();
        try {
            batches.accept(out);
        } catch (Throwable e) {
            callbackFailures.incrementAndGet();
            lastCallbackFailure = e;
        }
    }

    private void release(String number) {
        long token;
        try {
            token = Long.parseLong(number);
        } catch (NumberFormatException e) {
            return;
        }
        synchronized (lock) {
            synced = Math.max(synced, token);
            lock.notifyAll();
        }
    }

    /**
     * Waits until the sync mark {@code token} has come through, and the events before it are delivered.
     *
     * @param token the mark's number
     * @param timeoutNanos how long at most
     * @return how the wait ended
     * @throws InterruptedException if interrupted while waiting
     */
    Outcome await(long token, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            while (synced < token && !ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Outcome.TIMED_OUT;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return synced >= token ? Outcome.SYNCED : Outcome.ENDED;
        }
    }

    /** {@return whether the reader is still reading} */
    boolean isReading() {
        synchronized (lock) {
            return !ended;
        }
    }

    /** {@return why the reader ended, or null while it reads} */
    String endedBecause() {
        synchronized (lock) {
            return ended ? failure : null;
        }
    }

    /**
     * Asks the reader to end as soon as the callback it is in returns: for a subscription closed by
     * its own callback, which cannot wait for its reader to leave.
     *
     * @param then what to do once the pipe is closed
     */
    void stopAfterCallback(Runnable then) {
        onStop = then;
        stopAfterCallback = true;
    }

    /** {@return how many TCP events the pipe gave, on the ports or not: what the kernel's filter let through} */
    long eventsRead() {
        return eventsRead.get();
    }

    /** {@return how many times the callback threw} */
    long callbackFailures() {
        return callbackFailures.get();
    }

    /** {@return what the callback threw last, or null} */
    Throwable lastCallbackFailure() {
        return lastCallbackFailure;
    }

    /** {@return how many lines of a TCP tracepoint could not be read} */
    long unreadable() {
        return parser.unreadable();
    }
}
