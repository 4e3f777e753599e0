package io.tcpscope.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.parse.TraceEventParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * This side of the conversation with the kernel-events helper ({@link EngineEventScript}), over its
 * attached stdin and stdout: tokens go out, one line each; the helper's {@code trace_pipe} comes back,
 * events and the markers that answer the tokens in order with them.
 *
 * <p>The first {@link EngineEventClock#TRIPS} tokens anchor the trace clock to this JVM's
 * ({@link EngineEventClock}); events that arrive before the anchor is known are held, then read in
 * order.
 *
 * <p>Events on the ports are handed to the callback ({@link EngineEventBatches}) after each frame and
 * before each answer, on docker-java's thread for this attach, the subscription's own thread, which
 * this stream's stdout is read on.
 *
 * <p>Thread-safe. Also the attach call's callback, which docker-java feeds from its own thread.
 */
final class EngineEventStream extends ResultCallback.Adapter<Frame> {

    /** No line of the pipe is near this long; a longer one is dropped. */
    private static final int MAX_LINE = 64 * 1024;
    /** How long letting go of the stream waits for docker-java's copy of stdin to end. */
    private static final long STDIN_END_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(EngineEventStream.class);
    private static final String READY = "tcpscope-ready";
    private static final String SYNC = "tcpscope-sync ";
    private static final String ERROR = "tcpscope-error ";
    private static final String CLOSED = "tcpscope-closed";
    private static final String LEFT = "tcpscope-left ";

    /** How a wait for an answer ended. */
    enum Outcome { ANSWERED, TIMED_OUT, ENDED }

    private final ReaderStdin stdin = new ReaderStdin();
    private final EngineEventClock clock = new EngineEventClock();
    private final EngineEventBatches batches;
    private final CountDownLatch attached = new CountDownLatch(1);

    // Read and written on docker-java's thread only.
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean overlong;

    private volatile Thread deliverer;
    private volatile RuntimeException attachFailure;

    /** Guards the fields below. */
    private final Object lock = new Object();
    private long nextToken = 1;
    private long answered;
    private long overruns;
    private boolean ready;
    private String error;
    private String ended;
    private boolean removed;
    private String left;
    private String lastWords;

    EngineEventStream(PortSet ports, Consumer<List<TcpTraceEvent>> batches) {
        this.batches = new EngineEventBatches(ports, batches, clock);
    }

    /** What docker-java copies to the helper's stdin, on a thread of its own. */
    InputStream stdin() {
        return stdin;
    }

    /**
     * Sends a token; never blocks on I/O.
     *
     * @return the token, whose answer {@link #await} waits for
     */
    long request() {
        synchronized (lock) {
            long token = nextToken++;
            clock.sent(token);
            if (!stdin.write(token + "\n")) {
                end("its stdin was closed");
            }
            return token;
        }
    }

    /** Tells the helper to remove its instance and exit, and ends its stdin. */
    void requestClose() {
        stdin.write("close\n");
        stdin.end();
    }

    /**
     * Waits until the token is answered: every event the kernel recorded before it was sent has been
     * handed to the callback.
     */
    Outcome await(long token, long timeoutNanos) throws InterruptedException {
        synchronized (lock) {
            if (!waitUntil(() -> answered >= token || ended != null, timeoutNanos)) {
                return Outcome.TIMED_OUT;
            }
            return answered >= token ? Outcome.ANSWERED : Outcome.ENDED;
        }
    }

    /** Waits until the helper reads its pipe, said why it cannot, or ended; {@code false} if none of that came in time. */
    boolean awaitReady(long timeoutNanos) throws InterruptedException {
        synchronized (lock) {
            return waitUntil(() -> ready || error != null || ended != null, timeoutNanos);
        }
    }

    /** Waits until the stream has ended; {@code false} if it has not in time. */
    boolean awaitEnd(long timeoutNanos) throws InterruptedException {
        synchronized (lock) {
            return waitUntil(() -> ended != null, timeoutNanos);
        }
    }

    /** Waits on the lock, which the caller holds, until {@code done}; {@code false} if it was not in time. */
    private boolean waitUntil(BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
        return true;
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null) {
            return;
        }
        deliverer = Thread.currentThread();
        if (frame.getStreamType() == StreamType.STDERR) {
            String words = new String(payload, StandardCharsets.UTF_8).strip();
            LOG.debug("kernel-events helper: {}", words);
            synchronized (lock) {
                lastWords = words.replace('\n', ' ');
            }
            return;
        }
        for (byte b : payload) {
            if (b != '\n') {
                if (line.size() < MAX_LINE) {
                    line.write(b);
                } else {
                    overlong = true;
                }
                continue;
            }
            if (!overlong) {
                take(line.toString(StandardCharsets.ISO_8859_1));
            }
            overlong = false;
            line.reset();
        }
        batches.deliver();
    }

    private void take(String text) {
        String mark = TraceEventParser.marker(text);
        if (mark != null) {
            marker(mark, text);
        } else if (text.startsWith("tcpscope-") && !EngineEventClock.TRACE_LINE.matcher(text).find()) {
            plain(text);
        } else {
            batches.line(text);
        }
    }

    private void marker(String mark, String text) {
        if (mark.equals(READY)) {
            synchronized (lock) {
                ready = true;
                lock.notifyAll();
            }
            return;
        }
        if (!mark.startsWith(SYNC)) {
            return;
        }
        String[] words = mark.substring(SYNC.length()).split(" ");
        long token;
        long lost;
        try {
            token = Long.parseLong(words[0]);
            lost = words.length > 1 ? Long.parseLong(words[1]) : -1;
        } catch (NumberFormatException e) {
            return;
        }
        if (clock.answered(token, text)) {
            LOG.debug("kernel-events clock anchored within {} µs", clock.uncertaintyNanos() / 1_000);
            batches.anchored();
        }
        batches.deliver();
        synchronized (lock) {
            answered = Math.max(answered, token);
            if (lost >= 0) {
                overruns = lost;
            }
            lock.notifyAll();
        }
    }

    private void plain(String text) {
        synchronized (lock) {
            if (text.startsWith(ERROR)) {
                error = text.substring(ERROR.length()).strip();
            } else if (text.equals(CLOSED)) {
                removed = true;
            } else if (text.startsWith(LEFT)) {
                left = text.substring(LEFT.length()).strip();
            } else {
                lastWords = text;
            }
            lock.notifyAll();
        }
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        attached.countDown();
    }

    /** Waits until the engine has attached, or the attach failed; {@code false} if neither happened in time. */
    boolean awaitAttached(long timeout, TimeUnit unit) throws InterruptedException {
        return attached.await(timeout, unit);
    }

    /** How the attach failed before it started, or {@code null}: the engine's answer, which docker-java threw. */
    RuntimeException attachFailure() {
        return attachFailure;
    }

    /** The attach broke: every wait ends, and the stream is let go of; nothing is logged above DEBUG. */
    @Override
    public void onError(Throwable throwable) {
        LOG.debug("the kernel-events helper's stream broke: {}", throwable.toString());
        if (attached.getCount() > 0) {
            attachFailure = throwable instanceof RuntimeException runtime ? runtime : new IllegalStateException(throwable);
            attached.countDown();
        }
        end(throwable.toString());
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the kernel-events stream: {}", e.toString());
        }
    }

    @Override
    public void onComplete() {
        batches.deliver();
        end("the helper exited");
        super.onComplete();
    }

    /** Ends the stream: every wait ends, and the helper's stdin ends. */
    void end(String why) {
        synchronized (lock) {
            if (ended == null) {
                ended = why;
            }
            lock.notifyAll();
        }
        stdin.end();
    }

    /** Stops handing batches to the callback; what comes after is read and dropped. */
    void stopDelivering() {
        batches.stop();
    }

    /** Lets go of the attach, once docker-java's copy of stdin has ended (at most a second). */
    void release() {
        end("the subscription was closed");
        if (!stdin.awaitCopier(STDIN_END_MILLIS)) {
            LOG.debug("the copy of the kernel-events helper's stdin has not ended yet");
        }
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the kernel-events stream: {}", e.toString());
        }
    }

    /** {@return whether the clock is anchored, which the last anchoring trip's answer does} */
    boolean anchored() {
        return clock.anchored();
    }

    /** {@return how far off an event's instant may be, in nanoseconds; -1 before the anchor} */
    long clockUncertaintyNanos() {
        return clock.uncertaintyNanos();
    }

    /** {@return whether the caller is the thread that calls the callback} */
    boolean onDeliveryThread() {
        return Thread.currentThread() == deliverer;
    }

    /** {@return why the stream ended, or {@code null} while it is open} */
    String endedBecause() {
        synchronized (lock) {
            return ended;
        }
    }

    /**
     * What the helper said besides its pipe.
     *
     * @param error what it could not do before reading its pipe, or {@code null}
     * @param removed whether it removed its instance
     * @param left why it could not remove its instance, or {@code null}
     * @param lastWords its last other words (stderr, or a line it was not expected to print), or {@code null}
     */
    record Said(String error, boolean removed, String left, String lastWords) {
    }

    /** {@return what the helper has said so far} */
    Said said() {
        synchronized (lock) {
            return new Said(error, removed, left, lastWords);
        }
    }

    /** {@return the events lost: the kernel's count at the last answer, and lines this side dropped} */
    long overruns() {
        synchronized (lock) {
            return overruns + batches.dropped();
        }
    }

    /** {@return how many times the callback threw} */
    long callbackFailures() {
        return batches.callbackFailures();
    }
}
