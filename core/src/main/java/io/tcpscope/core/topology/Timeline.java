package io.tcpscope.core.topology;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.topology.LinkEvent.Ends;
import io.tcpscope.core.topology.TimelineState.Key;
import io.tcpscope.core.topology.TimelineState.Link;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The history of a cluster's links, made from successive snapshots: each {@link #add} compares a
 * snapshot with the one before and records what changed as {@link LinkEvent}s, and follows each
 * link's health across samples. Where the kernel's own TCP events are read, {@link #apply} records
 * each change they tell at the kernel's time, what happened between snapshots included; a snapshot
 * then reconciles what the events missed ({@link #reconciledChanges()}).
 *
 * <p>A link is one connection between two nodes on a P2P port, in any state but LISTEN (see
 * {@link LinkEvent}). A node that a snapshot could not read ({@link NodeTable#unread()}) keeps its
 * ends as they were, and they count as they were (a link it kept ESTABLISHED stays up) until it is
 * read again; they are not samples of its health. A node that is stopped has none. A node's addresses are remembered, so that
 * a peer's socket to a node that stopped is still known as a link to that node.
 *
 * <p>The cost is bounded, whatever the length of the test: the most recent {@code capacity} events
 * are kept and {@link #droppedEvents()} counts the others; besides that it keeps the links that are
 * open now, every node and address it has seen and, per pair of nodes, the last
 * {@value PairHistory#KEPT} drops and outages. So it grows with the number of nodes it has seen, not
 * with time.
 *
 * <pre>{@code
 * Timeline timeline = new Timeline();
 * timeline.add(Instant.now(), cluster.topology());
 * timeline.apply(kernelEvents);       // the kernel's own events since, in the order it told them
 * timeline.add(Instant.now(), cluster.topology());
 * timeline.edgeHistory("node-1", "node-2").forEach(System.out::println);
 * timeline.flaps("node-1", "node-2");
 * }</pre>
 *
 * <p>{@link #snapshot()} copies a timeline as it is, for a reader on another thread, or to keep
 * what it said at one moment: a snapshot answers every query as the timeline did then, whatever is
 * added to the timeline later, and refuses {@link #add}.
 *
 * <p>Not thread-safe: one thread adds, or callers synchronise. A snapshot is immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class Timeline {

    /** How many events are kept unless the constructor says otherwise. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** How long a link must stay stalled, unless the constructor says otherwise, to count as stalled. */
    public static final Duration DEFAULT_STALL_TIME = Duration.ofSeconds(1);

    private final int capacity;
    private final Duration stallTime;
    private final TimelineState state;
    private final KernelChanges kernel;
    private final boolean readOnly;

    /** A timeline that keeps {@value #DEFAULT_CAPACITY} events and calls a link stalled after 1 s. */
    public Timeline() {
        this(DEFAULT_CAPACITY, DEFAULT_STALL_TIME);
    }

    /**
     * A timeline.
     *
     * @param capacity how many events to keep, at least 1
     * @param stallTime how long a link must stay stalled to be reported, across at least two samples
     * @throws IllegalArgumentException if the capacity is below 1 or the stall time negative
     */
    public Timeline(int capacity, Duration stallTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        if (Objects.requireNonNull(stallTime, "stallTime must not be null").isNegative()) {
            throw new IllegalArgumentException("stallTime must not be negative, not " + stallTime);
        }
        this.capacity = capacity;
        this.stallTime = stallTime;
        this.state = new TimelineState();
        this.kernel = new KernelChanges(state, capacity);
        this.readOnly = false;
    }

    private Timeline(Timeline original) {
        this.capacity = original.capacity;
        this.stallTime = original.stallTime;
        this.state = original.state.copy();
        this.kernel = null;
        this.readOnly = true;
    }

    /**
     * A read-only copy of this timeline as it is now. It answers every query exactly as this one
     * does now, whatever is added to this one later, and its {@link #add} throws. Take it under
     * whatever lock guards the adds, as a recorder's {@code timeline()} does.
     *
     * @return the copy, immutable and thread-safe; this timeline itself if it is a snapshot
     */
    public Timeline snapshot() {
        return readOnly ? this : new Timeline(this);
    }

    /**
     * Adds a snapshot, taken after every snapshot added before. Its changes are recorded at its time,
     * or at the last applied event's when that is later.
     *
     * @param at when the snapshot began
     * @param snapshot the topology it read, every node's table included
     * @return the events it caused, in link order; unmodifiable
     * @throws IllegalArgumentException if {@code at} is before the last snapshot's time
     * @throws IllegalStateException if this timeline is a {@link #snapshot()}
     */
    public List<LinkEvent> add(Instant at, Topology snapshot) {
        writable();
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(snapshot, "snapshot must not be null");
        if (state.last != null && at.isBefore(state.last)) {
            throw new IllegalArgumentException("snapshot at " + at + " is older than the last one, at " + state.last);
        }
        Map<String, NodeTable> tables = new LinkedHashMap<>();
        for (NodeTable node : snapshot.tables()) {
            tables.put(node.name(), node);
            state.nodes.add(node.name());
            node.addresses().forEach(a -> state.addresses.put(a, node.name()));
        }
        Map<Key, SeenLink> seen = SnapshotLinks.read(state, tables, snapshot);
        boolean fed = state.fromEvents > 0;
        Instant when = state.tick(at); // never before an event the kernel told
        List<LinkEvent> caused = new ArrayList<>();
        Map<NodePair, int[]> pairChanges = new HashMap<>();
        Set<Key> all = new LinkedHashSet<>(state.links.keySet());
        all.addAll(seen.keySet());
        for (Key key : all) {
            Link link = state.links.get(key);
            SeenLink now = seen.get(key);
            Ends before = link == null ? Ends.NONE : link.ends;
            Edge edge = link != null ? link.edge : now.edge;
            Ends after = state.keepTold(link, edge, now == null ? Ends.NONE : new Ends(now.from, now.to), at);
            if (!before.equals(after)) {
                LinkEvent.Kind kind = before.isNone() ? LinkEvent.Kind.OPENED
                        : after.isNone() ? LinkEvent.Kind.CLOSED : LinkEvent.Kind.CHANGED;
                LinkEvent event = new LinkEvent(when, kind, edge, before, after);
                caused.add(event);
                state.record(event, capacity);
                int[] change = pairChanges.computeIfAbsent(pair(edge.from(), edge.to()), p -> new int[2]);
                change[0] += event.isRise() ? 1 : 0;
                change[1] += event.isDrop() ? 1 : 0;
            }
            if (after.isNone()) {
                state.links.remove(key);
            } else {
                if (link == null) {
                    link = new Link(edge);
                    state.links.put(key, link);
                }
                link.ends = after;
                state.lingerAsShown(link, at, now);
                // an end kept from a node not read this time is not a sample of it: its stall watch waits
                if (now != null && !now.fromKept) {
                    link.fromStall.sample(at, now.fromSocket);
                }
                if (now != null && !now.toKept) {
                    link.toStall.sample(at, now.toSocket);
                }
            }
        }
        pairChanges.forEach((p, change) -> state.pairChanged(when, p, change[0], change[1]));
        if (state.first == null) {
            state.first = at;
            state.lastChange = at;
        }
        if (fed) {
            state.reconciled += caused.size();
            state.closedEnds.values().removeIf(closed -> closed.isBefore(at));
        }
        state.last = at;
        state.latest = snapshot;
        state.samples++;
        return Collections.unmodifiableList(caused);
    }

    /**
     * Applies the kernel's own events: each change of state of a socket between two nodes on a P2P
     * port becomes a {@link LinkEvent} at the time the kernel recorded it, so that a link that opened
     * and closed between two snapshots is on the timeline too. Left out: events of addresses no
     * snapshot named, of listeners, on other ports, and those a snapshot showed already (an end in
     * that state or further on) or no longer (an end gone, timed before the snapshot). A later
     * snapshot keeps what events told at or after its start, which its read may have missed. A
     * socket closed into the kernel's time-wait table lingers, as its peer's end tells, until the
     * kernel lets go of it (62 s at most) or a new socket on the same ports replaces it.
     *
     * @param events the events, oldest first
     * @return the link events they caused; unmodifiable
     * @throws IllegalStateException if this timeline is a {@link #snapshot()}
     */
    public List<LinkEvent> apply(List<TcpTraceEvent> events) {
        writable();
        List<LinkEvent> caused = new ArrayList<>();
        for (TcpTraceEvent event : events) {
            caused.addAll(kernel.apply(Objects.requireNonNull(event, "an event must not be null")));
        }
        return Collections.unmodifiableList(caused);
    }

    /**
     * Says that every event until {@code now} has been applied, and that the next snapshot will begin
     * after it: ends that lingered in the kernel's time-wait table until then close, and the timeline
     * is known until then ({@link #asOf()}).
     *
     * @param now the time every event before has been read to
     * @return the link events it caused; unmodifiable
     * @throws IllegalStateException if this timeline is a {@link #snapshot()}
     */
    public List<LinkEvent> advance(Instant now) {
        writable();
        List<LinkEvent> caused = kernel.expire(Objects.requireNonNull(now, "now must not be null"));
        if (state.asOf == null || now.isAfter(state.asOf)) {
            state.asOf = now;
        }
        state.closedEnds.values().removeIf(closed -> closed.isBefore(now)); // the next snapshot begins after now
        return Collections.unmodifiableList(caused);
    }

    /** {@return until when it is known: the last snapshot's time, or the time its events were read to ({@link #advance})} */
    public Instant asOf() {
        return state.asOf;
    }

    /** {@return how many of its changes the kernel's events told} */
    public long changesFromEvents() {
        return state.fromEvents;
    }

    /** {@return how many changes a snapshot found that the kernel's events had not told: after an overrun, say} */
    public long reconciledChanges() {
        return state.reconciled;
    }

    /** {@return the events kept, oldest first; a copy} */
    public List<LinkEvent> events() {
        return List.copyOf(state.events);
    }

    /** {@return how many events were dropped, oldest first, to keep the capacity} */
    public long droppedEvents() {
        return state.dropped;
    }

    /** {@return how many snapshots were added} */
    public long samples() {
        return state.samples;
    }

    /** {@return the nodes seen, in the order first seen; a copy} */
    public List<String> nodes() {
        return List.copyOf(state.nodes);
    }

    /** {@return the last snapshot added, or {@code null} before the first} */
    public Topology latest() {
        return state.latest;
    }

    /** {@return when the first snapshot began, or {@code null} before it} */
    public Instant firstSample() {
        return state.first;
    }

    /** {@return when the last snapshot began, or {@code null} before the first} */
    public Instant lastSample() {
        return state.last;
    }

    /**
     * {@return when the last event happened, or the first snapshot's time if none has; {@code null}
     * before it. A dial that never got past its handshake (refused, unanswered) is on the timeline, but
     * is no change here: see {@link LinkEvent#isHandshake()}}
     */
    public Instant lastChange() {
        return state.lastChange;
    }

    /** {@return the links open now and their ends' states, in the order first seen; a copy} */
    public Map<Edge, Ends> links() {
        Map<Edge, Ends> now = new LinkedHashMap<>();
        state.links.values().forEach(l -> now.put(l.edge, l.ends));
        return Collections.unmodifiableMap(now);
    }

    /**
     * The events kept of the links between two nodes.
     *
     * @param a a node
     * @param b another node
     * @return the events, oldest first; unmodifiable
     */
    public List<LinkEvent> edgeHistory(String a, String b) {
        return state.events.stream().filter(e -> e.joins(a, b)).toList();
    }

    /**
     * How many times a link between two nodes went down since the first snapshot.
     *
     * @param a a node
     * @param b another node
     * @return the count
     */
    public long flaps(String a, String b) {
        PairHistory history = state.pairs.get(pair(a, b));
        return history == null ? 0 : history.dropCount();
    }

    /**
     * How many times a link between two nodes went down in a window, among the last
     * {@value PairHistory#KEPT} times.
     *
     * @param a a node
     * @param b another node
     * @param from the window's start, included
     * @param to the window's end, included
     * @return the count
     */
    public long flaps(String a, String b, Instant from, Instant to) {
        PairHistory history = state.pairs.get(pair(a, b));
        return history == null ? 0 : history.dropsBetween(from, to);
    }

    /**
     * The most times a link between two nodes went down inside any window of a given length.
     *
     * @param a a node
     * @param b another node
     * @param window the window's length
     * @return the count
     */
    public long mostFlaps(String a, String b, Duration window) {
        PairHistory history = state.pairs.get(pair(a, b));
        return history == null ? 0 : history.mostDropsWithin(window);
    }

    /** {@return every pair of nodes that ever had a link, each in name order, the pairs sorted by name} */
    public List<NodePair> pairs() {
        return state.pairs.keySet().stream().sorted(Comparator.comparing(NodePair::first).thenComparing(NodePair::second)).toList();
    }

    /**
     * The times two nodes had no link up, after they first had one.
     *
     * @param a a node
     * @param b another node
     * @return the outages, oldest first, the one under way last; unmodifiable
     */
    public List<Outage> outages(String a, String b) {
        PairHistory history = state.pairs.get(pair(a, b));
        return history == null ? List.of() : Collections.unmodifiableList(history.outages());
    }

    /**
     * The links that stayed stalled, as of the last snapshot: one end had bytes waiting while the
     * kernel resent them or probed a closed window ({@link TcpConnection#isWaitingOnPeer()}), in
     * every snapshot that read its node for at least the stall time and in two at least, with a
     * send queue that never shrank.
     *
     * @return the stalled ends, in link order; unmodifiable
     */
    public List<StalledLink> stalledLinks() {
        List<StalledLink> stalled = new ArrayList<>();
        for (Link link : state.links.values()) {
            link.fromStall.report(link.edge, link.edge.from(), stallTime).ifPresent(stalled::add);
            link.toStall.report(link.edge, link.edge.to(), stallTime).ifPresent(stalled::add);
        }
        return Collections.unmodifiableList(stalled);
    }

    private void writable() {
        if (readOnly) {
            throw new IllegalStateException("a snapshot of a timeline is read-only; add to the recorder's timeline");
        }
    }

    private static NodePair pair(String a, String b) {
        return NodePair.inNameOrder(a, b);
    }
}
