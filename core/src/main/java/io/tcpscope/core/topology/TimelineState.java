package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.topology.LinkEvent.Ends;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
        // a Topology is immutable: the copy may share it
        copy.latest = latest;
        return copy;
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

        Link(Edge edge) {
            this(edge, new StallWatch(), new StallWatch());
        }

        private Link(Edge edge, StallWatch fromStall, StallWatch toStall) {
            this.edge = edge;
            this.fromStall = fromStall;
            this.toStall = toStall;
        }

        Link copy() {
            Link copy = new Link(edge, fromStall.copy(), toStall.copy());
            copy.ends = ends;
            return copy;
        }
    }
}
