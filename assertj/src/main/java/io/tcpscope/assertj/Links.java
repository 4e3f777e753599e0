package io.tcpscope.assertj;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a failure message shows of two nodes: the edges between them, and every socket either
 * table holds towards the other, in whatever state, so that a missing edge shows as the
 * {@code SYN_SENT} or {@code TIME_WAIT} it is, and not just as "expected true".
 */
final class Links {

    private Links() {
    }

    /** The sockets each node's table holds towards the other, with their states; "none" if there are none. */
    static String socketsBetween(Topology topology, String a, String b) {
        List<String> lines = new ArrayList<>();
        lines.addAll(towards(topology, a, b));
        lines.addAll(towards(topology, b, a));
        return lines.isEmpty() ? "no socket of either towards the other" : String.join("; ", lines);
    }

    private static List<String> towards(Topology topology, String from, String to) {
        NodeTable source = topology.table(from);
        NodeTable target = topology.table(to);
        List<String> out = new ArrayList<>();
        for (TcpConnection c : source.connections()) {
            if (target.addresses().contains(c.remote().address())) {
                out.add(from + " " + c.state() + " " + c.local() + " -> " + c.remote());
            }
        }
        return out;
    }

    /** Edges, one per line, or "none". */
    static String edges(Collection<Edge> edges) {
        return edges.isEmpty() ? "  none" : edges.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}
