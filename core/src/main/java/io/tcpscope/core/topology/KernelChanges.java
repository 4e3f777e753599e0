package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.topology.LinkEvent.Ends;
import io.tcpscope.core.topology.TimelineState.Key;
import io.tcpscope.core.topology.TimelineState.Link;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the kernel's own TCP events to a timeline's links: each change of state of a socket on a
 * P2P port between two nodes, at the time the kernel recorded it.
 *
 * <p>The kernel tells no event when a socket enters its time-wait table: the socket's last event
 * is a change to CLOSE. Which close that was is read from the link's other end: an end that closed
 * from FIN-WAIT-2 or CLOSING while its peer had sent its own FIN (LAST-ACK, CLOSING) lingers in
 * TIME-WAIT; one that closed from FIN-WAIT-2 while its peer still held its end open (CLOSE-WAIT)
 * lingers in FIN-WAIT-2, as an orphan, and turns to TIME-WAIT when the peer sends its FIN; any other
 * close, a reset's included, ends the socket. A lingering end goes at most {@link #TIME_WAIT_LENGTH}
 * later, unless an event or a snapshot says otherwise first, or a new socket on the same ports
 * replaces it.
 *
 * <p>An event that a snapshot has overtaken is left out: one whose end is already in that state or
 * further on, which a snapshot taken after the change showed. An event whose end a snapshot showed
 * in another state earlier in a connection's life is applied: the events in between were lost.
 *
 * <p>Not thread-safe: its timeline guards it.
 */
final class KernelChanges {

    /**
     * How long Linux keeps a closed socket in its time-wait table, at most: TCP_TIMEWAIT_LEN (60 s, and
     * {@code tcp_fin_timeout}'s default for an orphan), plus the up to 2 s its timer wheel fires late.
     */
    static final Duration TIME_WAIT_LENGTH = Duration.ofSeconds(62);
    /** Sockets remembered as reset, until their close is read. */
    private static final int MAX_RESETS = 10_000;

    private final TimelineState state;
    private final int capacity;
    private final Set<List<Endpoint>> reset = new LinkedHashSet<>();
    private final PortlessDials dials = new PortlessDials();
    /** Links whose dial's time the listener's first event took, until the dialer's next event. */
    private final Set<Key> claimed = new HashSet<>();

    KernelChanges(TimelineState state, int capacity) {
        this.state = state;
        this.capacity = capacity;
    }

    /** Applies one event, after ending what lingered until before it. */
    List<LinkEvent> apply(TcpTraceEvent event) {
        List<LinkEvent> caused = new ArrayList<>(expire(event.at()));
        if (event.kind() == TcpTraceEvent.Kind.RESET_RECEIVED) {
            if (reset.size() == MAX_RESETS) {
                Iterator<List<Endpoint>> oldest = reset.iterator();
                oldest.next();
                oldest.remove();
            }
            reset.add(List.of(event.local(), event.remote()));
        } else if (event.kind() == TcpTraceEvent.Kind.STATE_CHANGE) {
            change(event, caused);
        }
        return caused;
    }

    /** Ends what lingered in the time-wait table until {@code now}, each at the time it went. */
    List<LinkEvent> expire(Instant now) {
        if (state.nextLinger == null || state.nextLinger.isAfter(now)) {
            return List.of();
        }
        List<LinkEvent> caused = new ArrayList<>();
        Instant next = null;
        for (Map.Entry<Key, Link> entry : List.copyOf(state.links.entrySet())) {
            Link link = entry.getValue();
            boolean fromGoes = link.fromLingers != null && !link.fromLingers.isAfter(now);
            boolean toGoes = link.toLingers != null && !link.toLingers.isAfter(now);
            if (fromGoes || toGoes) {
                Instant at = fromGoes && toGoes ? later(link.fromLingers, link.toLingers)
                        : fromGoes ? link.fromLingers : link.toLingers;
                Ends after = new Ends(fromGoes ? null : link.ends.from(), toGoes ? null : link.ends.to());
                link.fromLingers = fromGoes ? null : link.fromLingers;
                link.toLingers = toGoes ? null : link.toLingers;
                caused.add(record(at, entry.getKey(), link, link.edge, after));
            }
            next = earlier(next, earlier(link.fromLingers, link.toLingers));
        }
        state.nextLinger = next;
        return caused;
    }

    private void change(TcpTraceEvent e, List<LinkEvent> caused) {
        Endpoint local = e.local();
        Endpoint remote = e.remote();
        boolean portless = local.isWildcardPort() && (e.oldState() == TcpState.CLOSE && e.newState() == TcpState.SYN_SENT
                || e.oldState() == TcpState.SYN_SENT && e.newState() == TcpState.CLOSE);
        if (local.isAnyAddress() || !portless && local.isWildcardPort() || remote.isAnyAddress() || remote.isWildcardPort()
                || e.newState() == TcpState.LISTEN) {
            return; // a listener: no link
        }
        String node = state.addresses.get(local.address());
        String peer = state.addresses.get(remote.address());
        if (node == null || peer == null || node.equals(peer)
                || state.latest != null && !state.latest.p2pPorts().contains(local.port())
                && !state.latest.p2pPorts().contains(remote.port())) {
            return;
        }
        if (portless && e.newState() == TcpState.SYN_SENT) {
            dials.dialing(local, remote, e.at()); // its port is chosen after this event: its next event tells it
            return;
        }
        if (portless) {
            dials.dialed(local, remote, null); // a dial that failed before a port was chosen: no link, no time left behind
            return;
        }
        Key key = Key.of(node, local, peer, remote);
        Link link = state.links.get(key);
        TcpState old = e.oldState() == TcpState.CLOSE || e.oldState() == TcpState.LISTEN ? null : e.oldState();
        boolean fresh = old == null || old == TcpState.SYN_SENT; // a new socket, or a dial's first event with its port
        if (link != null && fresh && (link.fromLingers != null || link.toLingers != null) && endIsFree(link, node, local)) {
            caused.add(retire(key, link, e.at())); // the kernel let go of the old connection's lingering sockets for a new one
            link = state.links.get(key);
        }
        // the dialer's first event with its port takes its dial's time, unless the listener's first took it already
        Instant dialed = e.oldState() == TcpState.SYN_SENT && !claimed.remove(key) ? dials.dialed(local, remote, null) : null;
        if (link == null && (e.oldState() == TcpState.SYN_SENT || e.newState() == TcpState.SYN_RECV)) {
            link = opened(key, e, node, local, peer, remote, dialed, caused);
        }
        Edge edge = link != null ? link.edge : edge(node, local, peer, remote, e);
        boolean fromEnd = edge.from().equals(node) && edge.fromEnd().equals(local);
        Ends before = link == null ? Ends.NONE : link.ends;
        TcpState current = fromEnd ? before.from() : before.to();
        if (current == null && old != null && state.last != null && e.at().isBefore(state.last)) {
            return; // an end a snapshot taken after this event no longer showed
        }
        boolean lingering = link != null && (fromEnd ? link.fromLingers : link.toLingers) != null;
        if (e.newState() == TcpState.CLOSE && (old == TcpState.FIN_WAIT2 || old == TcpState.CLOSING)
                && (current == TcpState.TIME_WAIT || current == TcpState.FIN_WAIT2 && lingering)) {
            if (!lingering) {
                linger(link, fromEnd, e.at()); // a snapshot showed this end in the time-wait table already
            }
            return;
        }
        TcpState target = e.newState() == TcpState.CLOSE ? afterClose(e, fromEnd ? before.to() : before.from()) : e.newState();
        boolean lingers = e.newState() == TcpState.CLOSE && target != null;
        if (target == current || current != null && current != old && rank(target) <= rank(current)) {
            if (lingers && target == current) {
                linger(link, fromEnd, e.at()); // an orphan in FIN-WAIT-2 moved to the time-wait table: no change to see
            }
            return; // told already, or overtaken by a snapshot
        }
        Ends after = fromEnd ? new Ends(target, before.to()) : new Ends(before.from(), target);
        LinkEvent event = record(e.at(), key, link, edge, after);
        state.fromEvents++;
        caused.add(event);
        Link now = state.links.get(key);
        if (now != null) {
            if (lingers) {
                linger(now, fromEnd, event.at());
            } else if (fromEnd) {
                now.fromLingers = null;
            } else {
                now.toLingers = null;
            }
            if (target == TcpState.LAST_ACK) {
                finished(key, now, !fromEnd, event.at(), caused);
            }
        }
    }

    /** Whether a node's end of a link is gone or lingers in the kernel's time-wait table: free for a new socket. */
    private static boolean endIsFree(Link link, String node, Endpoint local) {
        boolean fromEnd = link.edge.from().equals(node) && link.edge.fromEnd().equals(local);
        return fromEnd ? link.ends.from() == null || link.fromLingers != null : link.ends.to() == null || link.toLingers != null;
    }

    /** Ends a link's lingering ends, which a new socket on the same ports replaces, at the new one's first event. */
    private LinkEvent retire(Key key, Link link, Instant at) {
        Ends after = new Ends(link.fromLingers != null ? null : link.ends.from(), link.toLingers != null ? null : link.ends.to());
        link.fromLingers = null;
        link.toLingers = null;
        state.fromEvents++;
        return record(at, key, link, link.edge, after);
    }

    /**
     * The peer of an orphan in FIN-WAIT-2 sent its own FIN: the kernel's time-wait table turns the
     * orphan into TIME-WAIT, for a time-wait of its own from now.
     */
    private void finished(Key key, Link link, boolean fromEnd, Instant at, List<LinkEvent> caused) {
        TcpState orphan = fromEnd ? link.ends.from() : link.ends.to();
        if (orphan == TcpState.FIN_WAIT2 && (fromEnd ? link.fromLingers : link.toLingers) != null) {
            Ends after = fromEnd ? new Ends(TcpState.TIME_WAIT, link.ends.to()) : new Ends(link.ends.from(), TcpState.TIME_WAIT);
            caused.add(record(at, key, link, link.edge, after));
            state.fromEvents++;
            linger(link, fromEnd, at);
        }
    }

    private void linger(Link link, boolean fromEnd, Instant closed) {
        Instant goes = closed.plus(TIME_WAIT_LENGTH);
        if (fromEnd) {
            link.fromLingers = goes;
        } else {
            link.toLingers = goes;
        }
        state.nextLinger = earlier(state.nextLinger, goes);
    }

    /**
     * Opens a link at its dial's first event, which the kernel told before it chose the dial's port:
     * on the dialer's next event, or on the listener's first, whichever comes first.
     */
    private Link opened(Key key, TcpTraceEvent e, String node, Endpoint local, String peer, Endpoint remote,
            Instant dialed, List<LinkEvent> caused) {
        boolean dialer = e.oldState() == TcpState.SYN_SENT;
        Edge edge = dialer ? new Edge(node, peer, local, remote, Edge.Direction.DIALED)
                : new Edge(peer, node, remote, local, Edge.Direction.DIALED);
        Instant at = dialer ? (dialed != null ? dialed : e.at()) : dials.dialed(edge.fromEnd(), edge.toEnd(), null);
        if (!dialer && at != null) {
            if (claimed.size() >= MAX_RESETS) {
                claimed.clear();
            }
            claimed.add(key); // the dialer's own next event must not take another dial's time
        }
        if (at == null) {
            return null; // the listener's event, of a dial whose first event was not told: it opens the link itself
        }
        caused.add(record(at, key, null, edge, new Ends(TcpState.SYN_SENT, null)));
        state.fromEvents++;
        return state.links.get(key);
    }

    /** What a socket that the kernel closed is now, from the state of its peer's end. */
    private TcpState afterClose(TcpTraceEvent e, TcpState peerEnd) {
        if (reset.remove(List.of(e.local(), e.remote()))) {
            return null;
        }
        TcpState was = e.oldState();
        boolean closing = was == TcpState.FIN_WAIT2 || was == TcpState.CLOSING; // FIN-WAIT-1 to CLOSE is an abort
        if (closing && (peerEnd == TcpState.LAST_ACK || peerEnd == TcpState.CLOSING || peerEnd == TcpState.TIME_WAIT)) {
            return TcpState.TIME_WAIT;
        }
        return was == TcpState.FIN_WAIT2 && peerEnd == TcpState.CLOSE_WAIT ? TcpState.FIN_WAIT2 : null;
    }

    /** A new link's edge: its dialer first when the event tells, else as the last snapshot's listeners tell. */
    private Edge edge(String node, Endpoint local, String peer, Endpoint remote, TcpTraceEvent e) {
        if (e.oldState() == TcpState.SYN_SENT || e.newState() == TcpState.SYN_SENT) {
            return new Edge(node, peer, local, remote, Edge.Direction.DIALED);
        }
        if (e.oldState() == TcpState.SYN_RECV || e.newState() == TcpState.SYN_RECV) {
            return new Edge(peer, node, remote, local, Edge.Direction.DIALED);
        }
        return Topology.edge(table(node), local, table(peer), remote);
    }

    private NodeTable table(String node) {
        if (state.latest != null) {
            for (NodeTable table : state.latest.tables()) {
                if (table.name().equals(node)) {
                    return table;
                }
            }
        }
        return new NodeTable(node, Set.of(), List.of());
    }

    private LinkEvent record(Instant kernelTime, Key key, Link link, Edge edge, Ends after) {
        Instant at = state.tick(kernelTime);
        Ends before = link == null ? Ends.NONE : link.ends;
        LinkEvent.Kind kind = before.isNone() ? LinkEvent.Kind.OPENED
                : after.isNone() ? LinkEvent.Kind.CLOSED : LinkEvent.Kind.CHANGED;
        LinkEvent event = new LinkEvent(at, kind, edge, before, after);
        state.record(event, capacity);
        state.pairChanged(at, NodePair.inNameOrder(edge.from(), edge.to()), event.isRise() ? 1 : 0, event.isDrop() ? 1 : 0);
        if (after.isNone()) {
            state.links.remove(key);
        } else if (link == null) {
            Link opened = new Link(edge);
            opened.ends = after;
            state.links.put(key, opened);
        } else {
            link.ends = after;
        }
        state.told(link, edge, before, after, at);
        return event;
    }

    /** How far along a connection's life a socket in this state is; a closed one, {@code null}, furthest. */
    private static int rank(TcpState s) {
        if (s == null) {
            return 6;
        }
        return switch (s) {
            case SYN_SENT, SYN_RECV -> 1;
            case ESTABLISHED -> 2;
            case FIN_WAIT1, CLOSE_WAIT -> 3;
            case FIN_WAIT2, CLOSING, LAST_ACK -> 4;
            case TIME_WAIT -> 5;
            default -> 0;
        };
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
