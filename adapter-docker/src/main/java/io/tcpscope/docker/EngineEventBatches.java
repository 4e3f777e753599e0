package io.tcpscope.docker;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.parse.TraceEventParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The kernel-events helper's event lines, read and handed to the subscription's callback in batches:
 * the events on the ports (the kernel's filter may have let a covering range through), up to
 * {@link #MAX_BATCH} at once. Lines that come before the clock is anchored are held, up to
 * {@link #MAX_HELD}, and read once it is; more are dropped and counted. A callback that throws is
 * counted, and delivery goes on.
 *
 * <p>Not thread-safe but for its counters and {@link #stop()}: only the stream's thread reads lines.
 */
final class EngineEventBatches {

    /** The most events handed over at once. */
    static final int MAX_BATCH = 1024;
    /** The most lines held before the clock is anchored. */
    static final int MAX_HELD = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(EngineEventBatches.class);

    private final PortSet ports;
    private final Consumer<List<TcpTraceEvent>> callback;
    private final EngineEventClock clock;
    private final TraceEventParser parser;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong callbackFailures = new AtomicLong();
    private List<TcpTraceEvent> batch = new ArrayList<>();
    private List<String> held = new ArrayList<>();
    private volatile boolean delivering = true;

    EngineEventBatches(PortSet ports, Consumer<List<TcpTraceEvent>> callback, EngineEventClock clock) {
        this.ports = ports;
        this.callback = callback;
        this.clock = clock;
        this.parser = new TraceEventParser(clock);
    }

    /** Reads a line of the pipe that is no marker: held before the anchor, else read. */
    void line(String text) {
        if (!clock.anchored()) {
            if (held.size() < MAX_HELD) {
                held.add(text);
            } else {
                dropped.incrementAndGet();
            }
            return;
        }
        TcpTraceEvent event = parser.parse(text);
        if (event != null && (ports.contains(event.local().port()) || ports.contains(event.remote().port()))) {
            batch.add(event);
            if (batch.size() >= MAX_BATCH) {
                deliver();
            }
        }
    }

    /** The clock is anchored now: the lines held are read, in order. */
    void anchored() {
        List<String> before = held;
        held = new ArrayList<>();
        before.forEach(this::line);
    }

    /** Hands what was read so far to the callback, unless stopped. */
    void deliver() {
        if (batch.isEmpty()) {
            return;
        }
        List<TcpTraceEvent> out = List.copyOf(batch);
        batch = new ArrayList<>();
        if (!delivering) {
            return;
        }
        try {
            callback.accept(out);
        } catch (Throwable e) {
            callbackFailures.incrementAndGet();
            LOG.debug("a kernel-events callback threw: {}", e.toString());
        }
    }

    /** Stops handing batches to the callback; what comes after is read and dropped. */
    void stop() {
        delivering = false;
    }

    /** {@return how many lines were dropped because the clock was not anchored yet} */
    long dropped() {
        return dropped.get();
    }

    /** {@return how many times the callback threw} */
    long callbackFailures() {
        return callbackFailures.get();
    }
}
