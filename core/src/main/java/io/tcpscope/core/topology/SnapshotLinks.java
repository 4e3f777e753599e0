package io.tcpscope.core.topology;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.TimelineState.Key;
import io.tcpscope.core.topology.TimelineState.Link;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the links one snapshot shows, for a {@link Timeline} to compare with what it knew: each
 * link's two sockets, an end on a node the snapshot could not read kept as it was.
 *
 * <p>Not thread-safe: its timeline guards the state it reads.
 */
final class SnapshotLinks {

    private SnapshotLinks() {
    }

    /**
     * The links a snapshot shows, and the ends of nodes it could not read as they were.
     *
     * @param state what the timeline knows, its nodes' addresses included
     * @param tables the snapshot's tables by node
     * @param snapshot the snapshot
     * @return the links seen, by key, in the order first seen
     */
    static Map<Key, SeenLink> read(TimelineState state, Map<String, NodeTable> tables, Topology snapshot) {
        Map<Key, SeenLink> seen = new LinkedHashMap<>();
        for (NodeTable node : tables.values()) {
            for (TcpConnection c : node.connections()) {
                if (c.state() == TcpState.LISTEN || !c.touchesAny(snapshot.p2pPorts())) {
                    continue;
                }
                String peer = state.addresses.get(c.remote().address());
                if (peer == null || peer.equals(node.name())) {
                    continue;
                }
                Key key = Key.of(node.name(), c.local(), peer, c.remote());
                SeenLink s = seen.get(key);
                if (s == null) {
                    Link known = state.links.get(key);
                    NodeTable other = tables.getOrDefault(peer, new NodeTable(peer, Set.of(), List.of()));
                    s = new SeenLink(known != null ? known.edge : Topology.edge(node, c.local(), other, c.remote()));
                    seen.put(key, s);
                }
                s.put(node.name(), c);
            }
        }
        keepUnread(state, tables, seen);
        return seen;
    }

    /** An end on a node that could not be read keeps the state it had. */
    private static void keepUnread(TimelineState state, Map<String, NodeTable> tables, Map<Key, SeenLink> seen) {
        state.links.forEach((key, link) -> {
            boolean fromUnread = isUnread(tables.get(link.edge.from()));
            boolean toUnread = isUnread(tables.get(link.edge.to()));
            if (!fromUnread && !toUnread) {
                return;
            }
            SeenLink s = seen.computeIfAbsent(key, k -> new SeenLink(link.edge));
            if (fromUnread) {
                s.from = link.ends.from();
                s.fromSocket = link.fromStall.last();
                s.fromKept = true;
            }
            if (toUnread) {
                s.to = link.ends.to();
                s.toSocket = link.toStall.last();
                s.toKept = true;
            }
            if (s.from == null && s.to == null) {
                seen.remove(key);
            }
        });
    }

    private static boolean isUnread(NodeTable table) {
        return table != null && !table.isRead();
    }
}
