package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.topology.LinkEvent.Ends;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link Timeline} knows, apart from its settings: kept in one place so that
 * {@link Timeline#snapshot()} copies all of it, the mutable parts (each open link's stall watches,
 * each pair's history) included, and a field added here is one the copy cannot forget.
 *
 * <p>Not thread-safe: its timeline guards it.
 */
final class TimelineState {

    final ArrayDeque<LinkEvent> events = new ArrayDeque<>();
    final Map<InetAddress, String> addresses = new HashMap<>();
    final Map<Key, Link> links = new LinkedHashMap<>();
    final Map<NodePair, PairHistory> pairs = new HashMap<>();
    final Set<String> nodes = new LinkedHashSet<>();
    long dropped;
    long samples;
    Instant first;
    Instant last;
    Instant lastChange;
    Topology latest;
    /** The latest time anything was recorded at: a snapshot's, or a kernel event's. */
    Instant clock;
    /** Until when the timeline is known: the last snapshot's time, or the time its events were last read to. */
    Instant asOf;
    /** How many changes came from the kernel's events, and how many a snapshot found that they had not told. */
    long fromEvents;
    long reconciled;
    /** The earliest time an end lingering in the time-wait table goes, or {@code null}. */
    Instant nextLinger;
    /** The ends of links the kernel's events closed since the last snapshot began: (node, local, remote) to when. */
    final Map<List<Object>, Instant> closedEnds = new HashMap<>();

    /** A deep copy: nothing the copy holds changes when this one does. */
    TimelineState copy() {
        TimelineState copy = new TimelineState();
        copy.events.addAll(events);
        copy.addresses.putAll(addresses);
        links.forEach((key, link) -> copy.links.put(key, link.copy()));
        pairs.forEach((pair, history) -> copy.pairs.put(pair, history.copy()));
        copy.nodes.addAll(nodes);
        copy.dropped = dropped;
        copy.samples = samples;
        copy.first = first;
        copy.last = last;
        copy.lastChange = lastChange;
        copy.clock = clock;
        copy.asOf = asOf;
        copy.fromEvents = fromEvents;
        copy.reconciled = reconciled;
        copy.nextLinger = nextLinger;
        copy.closedEnds.putAll(closedEnds);
        // a Topology is immutable: the copy may share it
        copy.latest = latest;
        return copy;
    }

    /**
     * Records an event: kept, the oldest dropped and counted beyond the capacity, and told to its
     * pair's history.
     */
    void record(LinkEvent event, int capacity) {
        if (events.size() == capacity) {
            events.removeFirst();
            dropped++;
        }
        events.addLast(event);
        if (!event.isHandshake()) {
            lastChange = event.at(); // a dial that never connected does not end a quiet
        }
    }

    /** Tells a pair's history how many of its links came up and went down at one time. */
    void pairChanged(Instant at, NodePair pair, int rises, int drops) {
        pairs.computeIfAbsent(pair, k -> new PairHistory(pair.first(), pair.second())).sample(at, rises, drops);
    }

    /** Moves the clock on to a time, never back; returns the time to record at. */
    Instant tick(Instant at) {
        clock = clock != null && clock.isAfter(at) ? clock : at;
        asOf = asOf != null && asOf.isAfter(clock) ? asOf : clock;
        return clock;
    }

    /** Notes when the kernel's events changed each end of a link, so that a snapshot read meanwhile does not undo it. */
    void told(Link link, Edge edge, Ends before, Ends after, Instant at) {
        Link now = after.isNone() ? null : links.get(Key.of(edge.from(), edge.fromEnd(), edge.to(), edge.toEnd()));
        if (now != null) {
            now.fromTold = before.from() != after.from() ? at : now.fromTold;
            now.toTold = before.to() != after.to() ? at : now.toTold;
        } else if (link != null) {
            // each end's close: now, or when an event closed it before the other
            Instant fromClosed = before.from() != null ? at : link.fromTold;
            Instant toClosed = before.to() != null ? at : link.toTold;
            if (fromClosed != null) {
                closedEnds.put(List.of(edge.from(), edge.fromEnd(), edge.toEnd()), fromClosed);
            }
            if (toClosed != null) {
                closedEnds.put(List.of(edge.to(), edge.toEnd(), edge.fromEnd()), toClosed);
            }
        }
    }

    /**
     * What a snapshot begun at {@code at} shows of a link, less what the kernel's events told of its
     * ends at or after that time, which the snapshot's read may have missed.
     */
    Ends keepTold(Link link, Edge edge, Ends seen, Instant at) {
        if (fromEvents == 0) {
            return seen;
        }
        TcpState from = seen.from();
        TcpState to = seen.to();
        if (link != null && link.fromTold != null && !link.fromTold.isBefore(at)) {
            from = link.ends.from();
        } else if (link == null && !closedEnds.getOrDefault(List.of(edge.from(), edge.fromEnd(), edge.toEnd()), at.minusNanos(1))
                .isBefore(at)) {
            from = null;
        }
        if (link != null && link.toTold != null && !link.toTold.isBefore(at)) {
            to = link.ends.to();
        } else if (link == null && !closedEnds.getOrDefault(List.of(edge.to(), edge.toEnd(), edge.fromEnd()), at.minusNanos(1))
                .isBefore(at)) {
            to = null;
        }
        return new Ends(from, to);
    }

    /** Times the ends a snapshot shows lingering in the time-wait table; {@code seen}, what it showed, or {@code null}. */
    void lingerAsShown(Link link, Instant at, SeenLink seen) {
        link.lingerAsShown(at, KernelChanges.TIME_WAIT_LENGTH, seen);
        for (Instant t : new Instant[] {link.fromLingers, link.toLingers}) {
            nextLinger = t != null && (nextLinger == null || t.isBefore(nextLinger)) ? t : nextLinger;
        }
    }

    /** A link's two sockets, in an order that does not depend on which table showed it. */
    record Key(String firstNode, Endpoint first, String secondNode, Endpoint second) {
        static Key of(String a, Endpoint aEnd, String b, Endpoint bEnd) {
            int order = a.compareTo(b);
            return order < 0 || order == 0 && aEnd.toString().compareTo(bEnd.toString()) <= 0
                    ? new Key(a, aEnd, b, bEnd) : new Key(b, bEnd, a, aEnd);
        }
    }

    /** A link open now. */
    static final class Link {
        final Edge edge;
        final StallWatch fromStall;
        final StallWatch toStall;
        Ends ends = Ends.NONE;
        /** When an end the kernel keeps in its time-wait table goes, unless an event or a snapshot says first. */
        Instant fromLingers;
        Instant toLingers;
        /** When the kernel's events last changed each end, or {@code null}. */
        Instant fromTold;
        Instant toTold;

        Link(Edge edge) {
            this(edge, new StallWatch(), new StallWatch());
        }

        private Link(Edge edge, StallWatch fromStall, StallWatch toStall) {
            this.edge = edge;
            this.fromStall = fromStall;
            this.toStall = toStall;
        }

        /**
         * Times the ends a snapshot shows in the time-wait table (TIME_WAIT, or an orphan in FIN_WAIT2,
         * whose timer is the time-wait's), which no event will say have gone: at most {@code linger}
         * after {@code at}.
         */
        void lingerAsShown(Instant at, Duration linger, SeenLink seen) {
            fromLingers = lingers(ends.from(), fromLingers, seen == null ? null : seen.fromSocket)
                    ? (fromLingers != null ? fromLingers : at.plus(linger)) : null;
            toLingers = lingers(ends.to(), toLingers, seen == null ? null : seen.toSocket)
                    ? (toLingers != null ? toLingers : at.plus(linger)) : null;
        }

        private static boolean lingers(TcpState state, Instant lingering, TcpConnection socket) {
            return state == TcpState.TIME_WAIT || state == TcpState.FIN_WAIT2
                    && (lingering != null || socket != null && socket.timer() == TcpTimer.TIME_WAIT);
        }

        Link copy() {
            Link copy = new Link(edge, fromStall.copy(), toStall.copy());
            copy.ends = ends;
            copy.fromLingers = fromLingers;
            copy.toLingers = toLingers;
            copy.fromTold = fromTold;
            copy.toTold = toTold;
            return copy;
        }
    }
}
