package io.tcpscope.core.topology;

import io.tcpscope.core.topology.Edge.Direction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Topology} as text: a matrix for logs and failure messages, and Mermaid and DOT
 * for documents. {@link TopologySvg} draws it as a picture.
 *
 * <pre>{@code
 * System.out.println(TopologyRenderer.text(topology));
 * Files.writeString(Path.of("target/mesh.mmd"), TopologyRenderer.mermaid(topology));
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.1.0
 */
public final class TopologyRenderer {

    private TopologyRenderer() {
    }

    /**
     * A matrix of who dialed whom, each node's active count, and every edge.
     *
     * <pre>
     * P2P connections on 9000-9001: rows dialed columns (* both ends listen, ? direction unknown)
     *
     *         node-1  node-2  active
     * node-1  .       1       1
     * node-2  .       .       1
     *
     * node-1 172.18.0.2:40001 -> node-2 172.18.0.3:9000
     * </pre>
     *
     * @param topology the topology
     * @return the text, ending in a newline
     */
    public static String text(Topology topology) {
        List<String> names = topology.nodes();
        int width = Math.max(6, names.stream().mapToInt(String::length).max().orElse(0)) + 2;
        StringBuilder out = new StringBuilder("P2P connections on ").append(topology.p2pPorts())
                .append(": rows dialed columns (* both ends listen, ? direction unknown)\n\n");
        out.append(pad("", width));
        names.forEach(n -> out.append(pad(n, width)));
        out.append("active\n");
        for (String row : names) {
            out.append(pad(row, width));
            for (String column : names) {
                out.append(pad(cell(topology, row, column), width));
            }
            out.append(topology.activeConnections(row)).append('\n');
        }
        if (!topology.edges().isEmpty()) {
            out.append('\n');
            topology.edges().forEach(e -> out.append(e).append('\n'));
        }
        return out.toString();
    }

    private static String cell(Topology topology, String row, String column) {
        int dialed = 0;
        int both = 0;
        int unknown = 0;
        for (Edge e : topology.edges()) {
            if (e.from().equals(row) && e.to().equals(column)) {
                switch (e.direction()) {
                    case DIALED -> dialed++;
                    case BOTH_LISTEN -> both++;
                    default -> unknown++;
                }
            }
        }
        StringBuilder cell = new StringBuilder();
        if (dialed > 0) {
            cell.append(dialed);
        }
        if (both > 0) {
            cell.append(cell.length() > 0 ? "+" : "").append(both).append('*');
        }
        if (unknown > 0) {
            cell.append(cell.length() > 0 ? "+" : "").append(unknown).append('?');
        }
        return cell.length() == 0 ? "." : cell.toString();
    }

    /**
     * A Mermaid flowchart: {@code a -->|9000| b} for a dial, {@code <-->} when both ends listen,
     * {@code ---} when the direction is unknown.
     *
     * @param topology the topology
     * @return the Mermaid source
     */
    public static String mermaid(Topology topology) {
        StringBuilder out = new StringBuilder("graph LR\n");
        Map<String, String> ids = ids(topology);
        topology.nodes().forEach(n -> out.append("  ").append(ids.get(n)).append("[\"")
                .append(n.replace("\"", "#quot;")).append("\"]\n"));
        for (Edge e : topology.edges()) {
            String arrow = switch (e.direction()) {
                case DIALED -> "-->";
                case BOTH_LISTEN -> "<-->";
                default -> "---";
            };
            out.append("  ").append(ids.get(e.from())).append(' ').append(arrow).append('|').append(label(e))
                    .append("| ").append(ids.get(e.to())).append('\n');
        }
        return out.toString();
    }

    /**
     * A Graphviz digraph: solid arrows for dials, two-headed arrows when both ends listen,
     * dashed lines when the direction is unknown.
     *
     * @param topology the topology
     * @return the DOT source
     */
    public static String dot(Topology topology) {
        StringBuilder out = new StringBuilder("digraph tcpscope {\n  rankdir=LR;\n  node [shape=circle];\n");
        topology.nodes().forEach(n -> out.append("  ").append(quote(n)).append(";\n"));
        for (Edge e : topology.edges()) {
            out.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()))
                    .append(" [label=").append(quote(label(e)));
            if (e.direction() == Direction.BOTH_LISTEN) {
                out.append(", dir=both");
            } else if (e.direction() == Direction.UNKNOWN) {
                out.append(", dir=none, style=dashed");
            }
            out.append("];\n");
        }
        return out.append("}\n").toString();
    }

    private static String label(Edge e) {
        return e.direction() == Direction.DIALED ? Integer.toString(e.toEnd().port())
                : e.fromEnd().port() + "/" + e.toEnd().port();
    }

    private static Map<String, String> ids(Topology topology) {
        Map<String, String> ids = new HashMap<>();
        List<String> names = topology.nodes();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), "n" + i);
        }
        return ids;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
