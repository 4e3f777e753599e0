package io.tcpscope.testkit.internal;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.events.EventSubscription;
import io.tcpscope.core.events.TcpEventSource;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The kernel's TCP events for one recorder or one wait: a subscription to a {@link TcpEventSource}
 * on the cluster's ports, read into an {@link EventLog} that names each end by the node whose
 * address it is. Until the nodes' addresses are first known, the kernel's events are held, and read
 * once they are, so a dial made while the first snapshot was under way still counts. A feed with no
 * source ({@link #none}) says why, and holds nothing.
 *
 * <p>Thread-safe.
 */
public final class EventFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

    /** Events held at most while the nodes' addresses are not known yet. */
    private static final int MAX_HELD = 100_000;
    /** Events kept at most for a timeline between two of its ticks. */
    private static final int MAX_FOR_TIMELINE = 200_000;

    private final String source;
    private final EventLog log;
    private final Consumer<List<ConnectionEvent>> listener;
    private volatile Map<InetAddress, String> nodes = Map.of();
    private final List<TcpTraceEvent> held = new ArrayList<>();
    private long heldDropped;
    private boolean feedsTimeline;
    private List<TcpTraceEvent> forTimeline = new ArrayList<>();
    private long timelineDropped;
    private volatile EventSubscription subscription;
    private volatile boolean closed;
    private volatile boolean openAtClose;
    private final Object closing = new Object();
    private final Instant opened = Instant.now();
    private final Object telling = new Object();

    private EventFeed(String source, EventLog log, Consumer<List<ConnectionEvent>> listener) {
        this.source = source;
        this.log = log;
        this.listener = listener;
    }

    /**
     * Subscribes.
     *
     * @param source the kernel's events
     * @param ports the cluster's P2P ports
     * @param capacity how many dials and resets to keep
     * @param listener called with each batch of dials and resets, on the source's thread
     * @return the open feed
     * @throws TcpscopeException if the source cannot subscribe
     */
    public static EventFeed open(TcpEventSource source, PortSet ports, int capacity,
            Consumer<List<ConnectionEvent>> listener) {
        EventFeed feed = new EventFeed("kernel events (" + source.name() + ")", new EventLog(capacity), listener);
        feed.subscription = source.subscribe(ports, feed::accept);
        return feed;
    }

    /**
     * A feed with no events.
     *
     * @param why why there are none, for {@link #source()}
     * @return the feed
     */
    public static EventFeed none(String why) {
        return new EventFeed(Objects.requireNonNull(why, "why must not be null"), EventLog.unread(why), e -> { });
    }

    /**
     * Learns the nodes' addresses from a snapshot. Every address a node had is kept, so that an event
     * of a node that stopped is still its.
     *
     * @param snapshot the nodes' tables, with their addresses
     */
    public synchronized void learn(Topology snapshot) {
        Map<InetAddress, String> known = new HashMap<>(nodes);
        boolean changed = false;
        for (NodeTable table : snapshot.tables()) {
            for (InetAddress address : table.addresses()) {
                changed |= !table.name().equals(known.put(address, table.name()));
            }
        }
        if (changed) {
            nodes = Map.copyOf(known);
        }
    }

    /**
     * Learns the nodes' addresses from a read that may not return: the read waits at most
     * {@code bound}, and one that did not return leaves the feed as it was.
     *
     * @param read reads the nodes' tables
     * @param bound how long at most
     */
    public void learnWithin(Supplier<Topology> read, Duration bound) {
        try {
            learn(BoundedReads.get(read, System.nanoTime() + bound.toNanos()));
        } catch (BoundedReads.DidNotReturn e) {
            LOG.debug("no addresses for the kernel's events: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@return when it opened, the start of what it can tell} */
    public Instant opened() {
        return opened;
    }

    /** {@return whether it has learned the nodes' addresses, without which it names no event} */
    public boolean knowsNodes() {
        return !nodes.isEmpty();
    }

    /** {@return whether the kernel's events arrive, or did until this feed was closed} */
    public boolean isLive() {
        EventSubscription s = subscription;
        return s != null && (closed ? openAtClose : s.isOpen());
    }

    /** {@return where events come from, such as {@code kernel events (tracefs)}, or why none come} */
    public String source() {
        return source;
    }

    /**
     * Returns once every event the kernel recorded before the call is read; a feed with no events
     * returns at once.
     *
     * @param timeout how long at most
     * @throws TcpscopeException if the events did not arrive in time
     */
    public void sync(Duration timeout) {
        EventSubscription s = subscription;
        if (s != null) {
            s.sync(timeout);
        }
    }

    /** {@return the events the kernel dropped because the buffer was full, and those held too long} */
    public long overruns() {
        EventSubscription s = subscription;
        long lost = s == null ? 0 : s.overruns(); // a round trip for an engine's helper: never under the log's lock
        synchronized (log) {
            return lost + heldDropped;
        }
    }

    /** {@return the log as it is now; immutable} */
    public EventLog log() {
        synchronized (log) {
            return log.snapshot();
        }
    }

    /**
     * Ends the dials that closed without a cause long enough ago, and tells the listener.
     *
     * @param now the time now
     */
    public void flush(Instant now) {
        List<ConnectionEvent> ended;
        synchronized (log) {
            Map<InetAddress, String> known = nodes;
            if (known.isEmpty() || log.unread().isPresent()) {
                return;
            }
            ended = new ArrayList<>(replayHeld(known));
            ended.addAll(log.flush(now, known::get));
        }
        tell(ended);
    }

    /**
     * What went wrong in the window, a sentence each; nothing for a feed with no events.
     *
     * @param now the end of the window
     * @param window how far back
     * @return the sentences
     */
    public List<String> diagnose(Instant now, Duration window) {
        flush(now);
        synchronized (log) {
            return log.diagnose(now, window);
        }
    }

    /** Keeps every event from now on for {@link #drainForTimeline()}, until it is drained. */
    public void feedTimeline() {
        synchronized (log) {
            feedsTimeline = true;
        }
    }

    /**
     * The events read since the last call, oldest first, for a timeline to apply.
     *
     * @return the events, and how many were dropped since the last call because too many waited
     */
    public Drained drainForTimeline() {
        synchronized (log) {
            Drained drained = new Drained(forTimeline, timelineDropped);
            forTimeline = new ArrayList<>();
            timelineDropped = 0;
            return drained;
        }
    }

    /**
     * Events drained for a timeline.
     *
     * @param events the events, oldest first
     * @param dropped how many were dropped before them, which a snapshot must reconcile
     */
    public record Drained(List<TcpTraceEvent> events, long dropped) {
    }

    private void accept(List<TcpTraceEvent> batch) {
        List<ConnectionEvent> ended;
        synchronized (log) {
            if (feedsTimeline) {
                int room = Math.max(0, MAX_FOR_TIMELINE - forTimeline.size());
                forTimeline.addAll(batch.size() <= room ? batch : batch.subList(0, room));
                timelineDropped += Math.max(0, batch.size() - room);
            }
            Map<InetAddress, String> known = nodes;
            if (known.isEmpty()) {
                for (TcpTraceEvent e : batch) {
                    if (held.size() < MAX_HELD) {
                        held.add(e);
                    } else {
                        heldDropped++;
                    }
                }
                return;
            }
            ended = new ArrayList<>(replayHeld(known));
            ended.addAll(log.accept(batch, known::get));
        }
        tell(ended);
    }

    /** Reads the events held while the nodes were not known; called under the log's lock. */
    private List<ConnectionEvent> replayHeld(Map<InetAddress, String> known) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<ConnectionEvent> ended = log.accept(held, known::get);
        held.clear();
        return ended;
    }

    /** A listener that throws is left to its own failure: the events go on, and no caller of flush sees it. */
    private void tell(List<ConnectionEvent> ended) {
        if (!ended.isEmpty()) {
            try {
                synchronized (telling) { // one call at a time, from whichever thread ended the events
                    listener.accept(List.copyOf(ended));
                }
            } catch (RuntimeException | AssertionError ignored) {
                // the listener's own failure
            }
        }
    }

    /**
     * What the recorder asks before each sample: whether what it samples is closed. The events end
     * with it, as the samples do, so that a cluster's close releases the kernel's instance or helper.
     *
     * @param closed whether what is recorded is closed
     * @return the same question, which also closes this feed when the answer is yes
     */
    public BooleanSupplier endingWith(BooleanSupplier closed) {
        return () -> {
            boolean over = closed.getAsBoolean();
            if (over) {
                close();
            }
            return over;
        };
    }

    /**
     * Ends the subscription. Idempotent. A source that cannot release what it holds is logged, not
     * thrown: the recorder or wait that closes it has its own outcome to report, and the next
     * subscription sweeps what this one left.
     */
    @Override
    public void close() {
        EventSubscription s = subscription;
        synchronized (closing) {
            if (!closed) {
                openAtClose = s != null && s.isOpen();
                closed = true;
            }
        }
        if (s != null) {
            try {
                s.close();
            } catch (TcpscopeException e) {
                LOG.warn("{}", e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "EventFeed[" + source + "]";
    }
}
