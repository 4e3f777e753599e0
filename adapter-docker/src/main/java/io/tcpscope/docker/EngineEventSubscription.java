package io.tcpscope.docker;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.events.EventSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscription of an {@link EngineEventSource}: a kernel-events helper on the engine, with a
 * tracing instance of its own, and the stream that reads it ({@link EngineEventStream}).
 *
 * <p>{@link #sync} sends a token and waits for its marker. {@link #overruns()} does the same, within
 * the engine's response timeout, since every answer carries the kernel's count; when no answer
 * comes (closed, ended, slow) it returns the count of the last answer. {@link #close()} asks for a
 * last count, tells the helper to remove its instance and exit, waits for it (the response timeout
 * at most), lets go of the stream and removes the container; it says so when the instance may be
 * left. From the subscription's own callback, close does that on a thread of its own, since the
 * callback's thread is the one that reads the helper's answers.
 *
 * <p>Thread-safe.
 */
final class EngineEventSubscription implements EventSubscription {

    static final String WHAT = "tcpscope's kernel-events helper";
    private static final Logger LOG = LoggerFactory.getLogger(EngineEventSubscription.class);
    private static final AtomicInteger CLOSERS = new AtomicInteger();
    /** How often close asks whether the engine's own removal of the helper has ended. */
    private static final long GONE_POLL_MILLIS = 50;

    private final DockerEngine engine;
    private final String container;
    private final String instance;
    private final EngineEventStream stream;
    private final AtomicBoolean closed = new AtomicBoolean();

    EngineEventSubscription(DockerEngine engine, String container, String instance, EngineEventStream stream) {
        this.engine = engine;
        this.container = container;
        this.instance = instance;
        this.stream = stream;
    }

    @Override
    public void sync(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (closed.get()) {
            throw failed("the subscription is closed; subscribe again to read events");
        }
        if (stream.onDeliveryThread()) {
            throw failed("sync was called from the subscription's own callback, which would wait for itself;"
                    + " sync from another thread");
        }
        EngineEventStream.Outcome outcome;
        try {
            outcome = stream.await(stream.request(), timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("the wait for its events was interrupted; sync again");
        }
        if (outcome == EngineEventStream.Outcome.TIMED_OUT) {
            throw failed("its events did not come through within " + timeout.toMillis() + " ms; sync with a longer"
                    + " timeout, or make the callback return sooner");
        }
        if (outcome == EngineEventStream.Outcome.ENDED) {
            throw failed(closed.get() ? "the subscription is closed; subscribe again to read events"
                    : "its helper stopped (" + stream.endedBecause() + "); subscribe again");
        }
    }

    @Override
    public long overruns() {
        if (!closed.get() && !stream.onDeliveryThread() && stream.endedBecause() == null) {
            ask();
        }
        return stream.overruns();
    }

    /** Asks the helper for its count, within the response timeout; no answer keeps the last count. */
    private void ask() {
        try {
            stream.await(stream.request(), engine.responseTimeout().toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && stream.endedBecause() == null;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stream.stopDelivering();
        if (stream.onDeliveryThread()) {
            stream.requestClose();
            Thread closer = new Thread(QuietStreamThreads.GROUP, () -> {
                try {
                    finish();
                } catch (RuntimeException e) {
                    LOG.debug("closing kernel-events helper {}: {}", container, e.getMessage());
                }
            }, "tcpscope-engine-events-close-" + CLOSERS.incrementAndGet());
            closer.setDaemon(true);
            closer.start();
            return;
        }
        if (stream.endedBecause() == null) {
            ask(); // the last count, which overruns() gives from now on
        }
        stream.requestClose();
        finish();
    }

    /** Waits for the helper to remove its instance and exit, lets go of its stream, and removes it. */
    private void finish() {
        boolean ended;
        try {
            ended = stream.awaitEnd(engine.responseTimeout().toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        stream.release();
        RuntimeException failure = engine.parts().removal().remove(container, WHAT);
        if (failure != null && !DockerEngine.isNoSuchContainer(failure) && !gone()) {
            // the engine is gone, and its containers with it, or will remove it when it answers again
            LOG.debug("removing kernel-events helper {}: {}", container, failure.getMessage());
        }
        EngineEventStream.Said said = stream.said();
        if (said.removed()) {
            return;
        }
        String why = said.left() != null ? "its helper could not remove it (" + said.left() + ")"
                : ended ? "its helper ended without removing it (" + stream.endedBecause() + ")"
                : "its helper did not end within " + engine.responseTimeout().toMillis() + " ms, and was removed by force";
        throw failed(why + "; the next subscription on that engine's kernel removes it once it is a minute old");
    }

    /**
     * Whether the helper is gone, once the engine's own removal of it (AutoRemove), which refuses
     * a second removal meanwhile, has ended: within the response timeout.
     */
    private boolean gone() {
        long deadline = System.nanoTime() + engine.responseTimeout().toNanos();
        boolean interrupted = Thread.interrupted();
        try {
            while (System.nanoTime() - deadline < 0) {
                try {
                    engine.call("inspect " + WHAT + " " + container, c -> c.inspectContainerCmd(container).exec());
                } catch (RuntimeException e) {
                    return DockerEngine.isNoSuchContainer(e);
                }
                Thread.sleep(GONE_POLL_MILLIS);
            }
            return false;
        } catch (InterruptedException e) {
            interrupted = true;
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private InspectionFailedException failed(String advice) {
        return InspectionFailedException.of("the kernel's TCP events (tracing instance " + instance + " on "
                + engine.endpoint() + ")", advice);
    }

    /** {@return the helper container's id} */
    String container() {
        return container;
    }

    /** {@return the name of the helper's tracing instance} */
    String instance() {
        return instance;
    }

    /** {@return the stream, for its counts} */
    EngineEventStream stream() {
        return stream;
    }

    @Override
    public String toString() {
        return "EngineEventSubscription[" + instance + " on " + engine.endpoint() + (isOpen() ? ", open" : ", closed") + "]";
    }
}
