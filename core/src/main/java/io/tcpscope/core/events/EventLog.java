package io.tcpscope.core.events;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the kernel's TCP events say happened to a cluster's connections: every dial and how it
 * ended, every reset of a live link and who sent it, and the segments each node sent again to each
 * other. It reads the events a {@link TcpEventSource} delivers, in order, naming each end by the
 * node whose address it is; events between addresses that are no node's are left out, so two logs
 * on one machine never count each other's nodes.
 *
 * <pre>{@code
 * EventLog log = new EventLog(EventLog.DEFAULT_CAPACITY);
 * try (EventSubscription s = source.subscribe(ports, batch -> log.accept(batch, nodesByAddress::get))) {
 *     ...
 * }
 * log.failedDials();                                      // [12:00:01.43 DIAL_FAILED node-2 -> node-3:9000 refused, ...]
 * log.diagnose(Instant.now(), Duration.ofSeconds(30));    // [node-2 dialed node-3:9000 14 times in the last 30 s: 14 refused (nothing listens on node-3:9000)]
 * }</pre>
 *
 * <p>Its cost is bounded: the last {@code capacity} dials and resets are kept, and
 * {@link #droppedEvents()} counts the others.
 *
 * <p>Not thread-safe: one thread accepts, or callers synchronise; {@link #snapshot()} is immutable
 * and thread-safe.
 *
 * @since 0.3.0
 */
public final class EventLog {

    /** How many dials and resets are kept unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final DialTracker tracker;
    private final Deque<ConnectionEvent> events;
    private final Map<String, Long> retransmits;
    private long dropped;
    private final boolean readOnly;
    private final String unread;

    /**
     * A log.
     *
     * @param capacity how many dials and resets to keep, at least 1
     * @throws IllegalArgumentException if the capacity is below 1
     */
    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.tracker = new DialTracker();
        this.events = new ArrayDeque<>();
        this.retransmits = tracker.retransmits();
        this.readOnly = false;
        this.unread = null;
    }

    private EventLog(EventLog original) {
        this.capacity = original.capacity;
        this.tracker = null;
        this.events = new ArrayDeque<>(original.events);
        this.retransmits = Map.copyOf(original.retransmits);
        this.dropped = original.dropped;
        this.readOnly = true;
        this.unread = original.unread;
    }

    private EventLog(String unread) {
        this.capacity = 1;
        this.tracker = null;
        this.events = new ArrayDeque<>();
        this.retransmits = Map.of();
        this.readOnly = true;
        this.unread = unread;
    }

    /**
     * The log of a recorder or wait that could not read the kernel's events: empty, read-only, and
     * saying why, so that an assertion that nothing failed does not pass on what was never seen.
     *
     * @param why why the kernel's events were not read, such as {@code not root}
     * @return the log
     */
    public static EventLog unread(String why) {
        return new EventLog(Objects.requireNonNull(why, "why must not be null"));
    }

    /** {@return why the kernel's events were not read, or empty when they were: an empty log then means nothing happened} */
    public Optional<String> unread() {
        return Optional.ofNullable(unread);
    }

    /**
     * Reads a batch of the kernel's events, in the kernel's order.
     *
     * @param batch the events
     * @param nodeOf the node an address belongs to, or {@code null} when it is no node's
     * @return the dials and resets the batch ended, in order; unmodifiable
     * @throws IllegalStateException if this log is a {@link #snapshot()}
     */
    public List<ConnectionEvent> accept(List<TcpTraceEvent> batch, Function<InetAddress, String> nodeOf) {
        writable();
        Objects.requireNonNull(nodeOf, "nodeOf must not be null");
        List<ConnectionEvent> out = new ArrayList<>();
        for (TcpTraceEvent e : batch) {
            tracker.accept(e, nodeOf, out);
        }
        return keep(out);
    }

    /**
     * Ends the dials that closed without a cause more than a second before {@code now}: their dialer
     * gave up on SYNs that went unanswered. A source calls it when it has delivered all it has.
     *
     * @param now the kernel's time of the latest event, or later
     * @param nodeOf the node an address belongs to
     * @return the dials it ended; unmodifiable
     */
    public List<ConnectionEvent> flush(Instant now, Function<InetAddress, String> nodeOf) {
        writable();
        List<ConnectionEvent> out = new ArrayList<>();
        tracker.flush(now, nodeOf, out);
        return keep(out);
    }

    /** {@return every dial and reset kept, oldest first; unmodifiable} */
    public List<ConnectionEvent> events() {
        return Collections.unmodifiableList(new ArrayList<>(events));
    }

    /** {@return every dial kept, oldest first} */
    public List<Dial> dials() {
        return events.stream().filter(Dial.class::isInstance).map(Dial.class::cast).toList();
    }

    /** {@return every dial kept that failed, oldest first} */
    public List<Dial> failedDials() {
        return dials().stream().filter(d -> d.outcome().isFailure()).toList();
    }

    /** {@return every reset of a live link kept, oldest first} */
    public List<LinkReset> resets() {
        return events.stream().filter(LinkReset.class::isInstance).map(LinkReset.class::cast).toList();
    }

    /**
     * How many segments one node's sockets sent again to another's, SYNs left out.
     *
     * @param from the sending node
     * @param to the node it sent to
     * @return the count since the log began; never dropped
     */
    public long retransmits(String from, String to) {
        return retransmits.getOrDefault(from + '\u0000' + to, 0L);
    }

    /** {@return how many dials and resets were dropped to keep the log within its capacity} */
    public long droppedEvents() {
        return dropped;
    }

    /**
     * What went wrong lately, a sentence per dialer and target whose dials failed, and per pair of
     * nodes whose links were reset.
     *
     * @param now the end of the window
     * @param window how far back to look
     * @return for example {@code node-2 dialed node-3:9000 14 times in the last 30 s: 14 refused
     *     (nothing listens on node-3:9000)}; empty when nothing failed
     */
    public List<String> diagnose(Instant now, Duration window) {
        return DialDiagnostics.of(events, now, window);
    }

    /**
     * A read-only copy of this log as it is now, for a reader on another thread.
     *
     * @return the copy, immutable and thread-safe; this log itself if it is a snapshot
     */
    public EventLog snapshot() {
        return readOnly ? this : new EventLog(this);
    }

    /** {@return the tracker, for this package's tests} */
    DialTracker tracker() {
        return tracker;
    }

    private List<ConnectionEvent> keep(List<ConnectionEvent> out) {
        for (ConnectionEvent e : out) {
            if (events.size() == capacity) {
                events.removeFirst();
                dropped++;
            }
            events.addLast(e);
        }
        return Collections.unmodifiableList(out);
    }

    private void writable() {
        if (readOnly) {
            throw new IllegalStateException("this event log is a snapshot; accept events on the log it was taken from");
        }
    }

    @Override
    public String toString() {
        Map<String, Long> kinds = new HashMap<>();
        events.forEach(e -> kinds.merge(e.kind(), 1L, Long::sum));
        return "EventLog" + kinds;
    }
}
