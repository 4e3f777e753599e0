package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge.Direction;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is connected to whom: the ESTABLISHED connections on P2P ports between the nodes of a
 * snapshot, matched to node names through their addresses.
 *
 * <p>A connection between two nodes shows in both their tables and counts once here. Its
 * direction comes from the nodes' LISTEN sockets: the end on a listening port was dialed. When
 * both ends are on listening ports, the edge says {@link Direction#BOTH_LISTEN} rather than
 * guess. Connections to addresses outside the snapshot, and within one node, are not edges.
 *
 * <pre>{@code
 * Topology t = Topology.of(List.of(new NodeTable("a", ipsOfA, tableOfA), ...), PortSet.P2P_DEFAULT);
 * t.isConnected("a", "b");
 * t.isFullMesh();
 * Files.writeString(Path.of("mesh.svg"), TopologySvg.document(t));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Topology {

    private final List<NodeTable> nodes;
    private final PortSet p2pPorts;
    private final List<Edge> edges;

    private Topology(List<NodeTable> nodes, PortSet p2pPorts, List<Edge> edges) {
        this.nodes = nodes;
        this.p2pPorts = p2pPorts;
        this.edges = edges;
    }

    /**
     * Builds the topology of a snapshot.
     *
     * @param nodes every node's table, in the order to show them
     * @param p2pPorts the ports whose connections are edges
     * @return the topology
     * @throws IllegalArgumentException if two nodes share a name or an address
     */
    public static Topology of(List<NodeTable> nodes, PortSet p2pPorts) {
        Objects.requireNonNull(p2pPorts, "p2pPorts must not be null");
        List<NodeTable> copy = List.copyOf(nodes);
        Map<InetAddress, NodeTable> byAddress = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (NodeTable node : copy) {
            if (!names.add(node.name())) {
                throw new IllegalArgumentException("two nodes are named '" + node.name() + "'");
            }
            for (InetAddress address : node.addresses()) {
                NodeTable other = byAddress.put(address, node);
                if (other != null) {
                    throw new IllegalArgumentException("nodes '" + other.name() + "' and '" + node.name()
                            + "' share the address " + address.getHostAddress());
                }
            }
        }
        Map<SocketPair, Edge> edges = new LinkedHashMap<>();
        for (NodeTable node : copy) {
            for (TcpConnection c : node.connections()) {
                if (c.state() != TcpState.ESTABLISHED || !c.touchesAny(p2pPorts)) {
                    continue;
                }
                NodeTable peer = byAddress.get(c.remote().address());
                if (peer == null || peer == node) {
                    continue;
                }
                SocketPair key = SocketPair.of(node.name(), c.local(), peer.name(), c.remote());
                edges.computeIfAbsent(key, k -> edge(node, c.local(), peer, c.remote()));
            }
        }
        return new Topology(copy, p2pPorts, List.copyOf(edges.values()));
    }

    /** The edge of one connection, its dialer first when the listeners tell. */
    static Edge edge(NodeTable a, Endpoint aEnd, NodeTable b, Endpoint bEnd) {
        boolean aListens = listensOn(a, aEnd);
        boolean bListens = listensOn(b, bEnd);
        if (aListens != bListens) {
            return aListens ? new Edge(b.name(), a.name(), bEnd, aEnd, Direction.DIALED)
                    : new Edge(a.name(), b.name(), aEnd, bEnd, Direction.DIALED);
        }
        Direction direction = aListens ? Direction.BOTH_LISTEN : Direction.UNKNOWN;
        return a.name().compareTo(b.name()) <= 0 ? new Edge(a.name(), b.name(), aEnd, bEnd, direction)
                : new Edge(b.name(), a.name(), bEnd, aEnd, direction);
    }

    private static boolean listensOn(NodeTable node, Endpoint end) {
        for (TcpConnection c : node.connections()) {
            if (c.state() == TcpState.LISTEN && c.local().port() == end.port()
                    && (c.local().isAnyAddress() || c.local().address().equals(end.address()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The nodes, in snapshot order.
     *
     * @return the node names; unmodifiable
     */
    public List<String> nodes() {
        return nodes.stream().map(NodeTable::name).toList();
    }

    /**
     * Each node's table, as captured.
     *
     * @return the tables; unmodifiable
     */
    public List<NodeTable> tables() {
        return nodes;
    }

    /**
     * The ports whose connections are edges.
     *
     * @return the P2P ports
     */
    public PortSet p2pPorts() {
        return p2pPorts;
    }

    /**
     * Every edge, once.
     *
     * @return the edges; unmodifiable
     */
    public List<Edge> edges() {
        return edges;
    }

    /**
     * The edges between two nodes.
     *
     * @param a a node
     * @param b another node
     * @return the edges, in either direction; unmodifiable
     */
    public List<Edge> edgesBetween(String a, String b) {
        return edges.stream().filter(e -> e.joins(a, b)).toList();
    }

    /**
     * Whether two nodes have at least one connection.
     *
     * @param a a node
     * @param b another node
     * @return whether an edge joins them
     */
    public boolean isConnected(String a, String b) {
        return edges.stream().anyMatch(e -> e.joins(a, b));
    }

    /**
     * Whether every pair of nodes has at least one connection.
     *
     * @return {@code true} for a full mesh, and for fewer than two nodes
     */
    public boolean isFullMesh() {
        return missingPairs().isEmpty();
    }

    /**
     * The pairs of nodes without a connection.
     *
     * @return each pair in node order, the pairs too; unmodifiable
     */
    public List<NodePair> missingPairs() {
        List<String> names = nodes();
        List<NodePair> missing = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                if (!isConnected(names.get(i), names.get(j))) {
                    missing.add(NodePair.of(names.get(i), names.get(j)));
                }
            }
        }
        return Collections.unmodifiableList(missing);
    }

    /**
     * The links whose data does not reach the peer, as this one snapshot shows them: an
     * ESTABLISHED connection between two nodes with bytes in its send queue while the kernel resends
     * them or probes the peer's closed window ({@link TcpConnection#isWaitingOnPeer()}). Only
     * {@code /proc/net/tcp} and {@code ss -o} give the fields this needs. A {@link Timeline} tells a
     * stall that lasts from a moment's congestion.
     *
     * @return one entry per waiting socket, in node order; unmodifiable
     */
    public List<StalledLink> stalledLinks() {
        Map<InetAddress, NodeTable> byAddress = new HashMap<>();
        for (NodeTable node : nodes) {
            node.addresses().forEach(a -> byAddress.put(a, node));
        }
        List<StalledLink> stalled = new ArrayList<>();
        for (NodeTable node : nodes) {
            for (TcpConnection c : node.connections()) {
                NodeTable peer = byAddress.get(c.remote().address());
                if (peer != null && peer != node && c.touchesAny(p2pPorts) && c.isWaitingOnPeer()) {
                    stalled.add(new StalledLink(edge(node, c.local(), peer, c.remote()), node.name(), c, null, 1));
                }
            }
        }
        return Collections.unmodifiableList(stalled);
    }

    /**
     * A node's active P2P connection count, as {@link PeerConnections#activeConnections} counts it on
     * its own table, peers outside the snapshot included.
     *
     * @param node a node
     * @return the count
     * @throws IllegalArgumentException if the node is not in the snapshot
     */
    public int activeConnections(String node) {
        return PeerConnections.activeConnections(table(node).connections(), p2pPorts);
    }

    /**
     * A node's table.
     *
     * @param node a node
     * @return its table
     * @throws IllegalArgumentException if the node is not in the snapshot
     */
    public NodeTable table(String node) {
        return nodes.stream().filter(n -> n.name().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node '" + node + "' in this topology; it has " + nodes()));
    }

    /**
     * The connection matrix as text; see {@link TopologyRenderer#text(Topology)}.
     *
     * @return the matrix and its edges
     */
    @Override
    public String toString() {
        return TopologyRenderer.text(this);
    }

    /** The two sockets of one connection, in an order that does not depend on which table showed it. */
    private record SocketPair(String firstNode, Endpoint first, String secondNode, Endpoint second) {
        static SocketPair of(String a, Endpoint aEnd, String b, Endpoint bEnd) {
            return a.compareTo(b) <= 0 ? new SocketPair(a, aEnd, b, bEnd) : new SocketPair(b, bEnd, a, aEnd);
        }
    }
}
