package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.LinkReset;
import io.tcpscope.core.topology.DrawnLink;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which lane each of the kernel's events is marked on. An event goes on the lane of its own link
 * when the samples saw that link (the same two endpoints); else on a lane of the two nodes' links,
 * the dialer's first; else on a lane of their own, which has no link and only the kernel's marks.
 * A dial whose target is no node, or a reset from or to an address that is no node's, goes on the
 * first lane of the node it concerns, and when that node has no lane, in the table only.
 *
 * <p>Immutable once made; thread-safe.
 */
public final class KernelLanes {

    /**
     * A lane for a pair of nodes whose links the samples never saw, with the kernel's marks only.
     *
     * @param a a node, first by name
     * @param b the other node, or the same one for a node that dialed itself
     * @param events its events, oldest first
     */
    record PairLane(String a, String b, List<ConnectionEvent> events) {
    }

    private final Map<String, Edge> links;
    private final Map<String, List<ConnectionEvent>> onLinks = new LinkedHashMap<>();
    private final Map<String, PairLane> pairs = new LinkedHashMap<>();
    private final Set<ConnectionEvent> placed = Collections.newSetFromMap(new IdentityHashMap<>());

    private KernelLanes(Map<String, Edge> links) {
        this.links = links;
    }

    /**
     * Places events on the lanes that a timeline's events make.
     *
     * @param lanes the timeline's events, whose links make the lanes, in the order first seen
     * @param marked the failed dials and the resets, oldest first
     * @return where each goes
     */
    public static KernelLanes of(List<LinkEvent> lanes, List<ConnectionEvent> marked) {
        Map<String, Edge> links = new LinkedHashMap<>();
        lanes.forEach(e -> links.putIfAbsent(DrawnLink.key(e.link()), e.link()));
        KernelLanes out = new KernelLanes(links);
        // events between two nodes first, so that the pairs' own lanes exist when an event of one node looks for one
        for (ConnectionEvent e : marked) {
            String[] nodes = nodes(e);
            if (nodes[0] != null && nodes[1] != null) {
                out.placeBetween(e, nodes[0], nodes[1]);
            }
        }
        for (ConnectionEvent e : marked) {
            String[] nodes = nodes(e);
            if (nodes[0] == null || nodes[1] == null) {
                out.placeOnNode(e, Objects.requireNonNullElse(nodes[0], nodes[1]));
            }
        }
        Comparator<ConnectionEvent> byTime = Comparator.comparing(ConnectionEvent::at);
        out.onLinks.values().forEach(events -> events.sort(byTime));
        out.pairs.values().forEach(pair -> pair.events().sort(byTime));
        return out;
    }

    /** {@return whether no event is on a lane} */
    boolean isEmpty() {
        return placed.isEmpty();
    }

    /**
     * Whether an event has a mark on a lane.
     *
     * @param e one of the events placed
     * @return false when it is in the table only
     */
    public boolean isOnLane(ConnectionEvent e) {
        return placed.contains(e);
    }

    /**
     * The events on a link's lane.
     *
     * @param key the link's {@link DrawnLink#key}
     * @return its events, oldest first; empty for none
     */
    List<ConnectionEvent> onLink(String key) {
        return onLinks.getOrDefault(key, List.of());
    }

    /** {@return the lanes of pairs with no link, in the order of their first event} */
    List<PairLane> pairLanes() {
        return List.copyOf(pairs.values());
    }

    /**
     * Which end of a lane sent a reset: the link's end whose endpoint sent it, else the node that
     * sent it.
     *
     * @param r the reset
     * @param first the lane's first node: its link's {@code from}, or its pair's first by name
     * @param link the lane's link, or {@code null} for a pair's own lane
     * @return which
     */
    static KernelMarks.SentBy sentBy(LinkReset r, String first, Edge link) {
        if (link != null && link.fromEnd().equals(r.senderEnd())) {
            return KernelMarks.SentBy.FIRST;
        }
        if (link != null && link.toEnd().equals(r.senderEnd())) {
            return KernelMarks.SentBy.SECOND;
        }
        if (r.sender() == null) {
            return KernelMarks.SentBy.OUTSIDE;
        }
        return r.sender().equals(first) ? KernelMarks.SentBy.FIRST : KernelMarks.SentBy.SECOND;
    }

    private void placeBetween(ConnectionEvent e, String a, String b) {
        String lane = linkOf(ends(e));
        if (lane == null) {
            lane = firstLink(edge -> edge.joins(a, b) && edge.from().equals(a));
        }
        if (lane == null) {
            lane = firstLink(edge -> edge.joins(a, b));
        }
        if (lane != null) {
            onLink(lane, e);
            return;
        }
        String first = a.compareTo(b) <= 0 ? a : b;
        String second = first.equals(a) ? b : a;
        pairs.computeIfAbsent(first + '\u0000' + second, k -> new PairLane(first, second, new ArrayList<>())).events().add(e);
        placed.add(e);
    }

    /**
     * An event with one node only (a dial to an address that is no node's, a reset from one) goes on
     * the lane of its own link when the timeline saw that link; else in the table only, since another
     * lane of the node would say it happened on a link it did not touch.
     */
    private void placeOnNode(ConnectionEvent e, String node) {
        String lane = linkOf(ends(e));
        if (lane != null) {
            onLink(lane, e);
        }
    }

    /** The lane of the link between the two endpoints, in either direction, or null. */
    private String linkOf(Endpoint[] ends) {
        return firstLink(edge -> edge.fromEnd().equals(ends[0]) && edge.toEnd().equals(ends[1])
                || edge.fromEnd().equals(ends[1]) && edge.toEnd().equals(ends[0]));
    }

    private String firstLink(Predicate<Edge> test) {
        return links.entrySet().stream().filter(link -> test.test(link.getValue())).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    private void onLink(String lane, ConnectionEvent e) {
        onLinks.computeIfAbsent(lane, k -> new ArrayList<>()).add(e);
        placed.add(e);
    }

    /** The two nodes: the dialer and the node dialed, or the sender and the receiver; either may be null but one. */
    private static String[] nodes(ConnectionEvent e) {
        return e instanceof Dial d ? new String[] {d.from(), d.to()}
                : new String[] {((LinkReset) e).sender(), ((LinkReset) e).receiver()};
    }

    private static Endpoint[] ends(ConnectionEvent e) {
        return e instanceof Dial d ? new Endpoint[] {d.source(), d.target()}
                : new Endpoint[] {((LinkReset) e).senderEnd(), ((LinkReset) e).receiverEnd()};
    }
}
