package io.tcpscope.core.topology;

import io.tcpscope.core.topology.Edge.Direction;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link Topology}: a text matrix for logs and failure messages, Mermaid and DOT for
 * documents, and a self-contained SVG picture (no fonts, scripts or tools needed to view it).
 *
 * <pre>{@code
 * System.out.println(TopologyRenderer.text(topology));
 * Files.writeString(Path.of("target/mesh.svg"), TopologyRenderer.svg(topology));
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class TopologyRenderer {

    private static final int NODE_RADIUS = 34;

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

    /**
     * A picture: nodes on a circle with their active counts, an arrow from dialer to listener for
     * each connection (two heads when both ends listen, dashed when unknown), the listening port on
     * each arrow, and a legend. Parallel connections between two nodes curve apart.
     *
     * @param topology the topology
     * @return a standalone SVG document
     */
    public static String svg(Topology topology) {
        List<String> names = topology.nodes();
        int n = names.size();
        double ring = n <= 1 ? 0 : Math.max(120, n * 34);
        double size = 2 * ring + 2 * NODE_RADIUS + 120;
        double width = Math.max(size, 640);
        double cx = width / 2;
        double cy = size / 2 + 28;
        Map<String, double[]> at = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double angle = -Math.PI / 2 + 2 * Math.PI * i / Math.max(1, n);
            at.put(names.get(i), new double[] {cx + ring * Math.cos(angle), cy + ring * Math.sin(angle)});
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                + " viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">%n", width, size + 56, width, size + 56));
        out.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
                + " markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#2563eb\"/>"
                + "</marker></defs>\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        out.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\">"
                + "P2P connections on %s: %d between %d nodes%s</text>%n", topology.p2pPorts(),
                topology.edges().size(), n, topology.isFullMesh() && n > 1 ? " (full mesh)" : ""));
        List<NodePair> missing = topology.missingPairs();
        if (!missing.isEmpty()) {
            String shown = missing.stream().limit(6).map(p -> p.first() + " \u2013 " + p.second())
                    .collect(Collectors.joining(", "));
            out.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"46\" font-size=\"12\" fill=\"#b91c1c\">"
                    + "not connected: %s%s</text>%n", xml(shown), missing.size() > 6 ? " (+" + (missing.size() - 6) + " more)" : ""));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Edge e : topology.edges()) {
            String pair = e.from().compareTo(e.to()) < 0 ? e.from() + "\u0000" + e.to() : e.to() + "\u0000" + e.from();
            int index = seen.merge(pair, 1, Integer::sum) - 1;
            edge(out, e, at.get(e.from()), at.get(e.to()), index);
        }
        for (String name : names) {
            double[] p = at.get(name);
            int active = topology.activeConnections(name);
            out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" stroke=\"#1e3a8a\""
                    + " stroke-width=\"2\"/>%n", p[0], p[1], NODE_RADIUS, active > 0 ? "#dbeafe" : "#fee2e2"));
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"13\" text-anchor=\"middle\">%s</text>%n",
                    p[0], p[1] - 2, xml(name)));
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\""
                    + " fill=\"#374151\">%d active</text>%n", p[0], p[1] + 14, active));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.0f\" font-size=\"12\" fill=\"#374151\">"
                + "arrow: dialer to listener, labelled with the listening port</text>%n", size + 24));
        out.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.0f\" font-size=\"12\" fill=\"#374151\">"
                + "two heads: both ends listen; dashed: direction unknown; red node: no active connection</text>%n", size + 42));
        return out.append("</svg>\n").toString();
    }

    private static void edge(StringBuilder out, Edge e, double[] from, double[] to, int index) {
        double dx = to[0] - from[0];
        double dy = to[1] - from[1];
        double length = Math.max(1, Math.hypot(dx, dy));
        double ux = dx / length;
        double uy = dy / length;
        double x1 = from[0] + ux * NODE_RADIUS;
        double y1 = from[1] + uy * NODE_RADIUS;
        double x2 = to[0] - ux * NODE_RADIUS;
        double y2 = to[1] - uy * NODE_RADIUS;
        // Parallel connections bend to alternate sides: 0, +1, -1, +2, ...
        double bend = index == 0 ? 0 : ((index + 1) / 2) * 28.0 * (index % 2 == 1 ? 1 : -1);
        double mx = (x1 + x2) / 2 - uy * bend;
        double my = (y1 + y2) / 2 + ux * bend;
        String markers = switch (e.direction()) {
            case DIALED -> " marker-end=\"url(#head)\"";
            case BOTH_LISTEN -> " marker-start=\"url(#head)\" marker-end=\"url(#head)\"";
            default -> " stroke-dasharray=\"6 4\"";
        };
        out.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"#2563eb\""
                + " stroke-width=\"2\"%s><title>%s</title></path>%n", x1, y1, mx, my, x2, y2, markers, xml(e.toString())));
        double lx = (x1 + 2 * mx + x2) / 4;
        double ly = (y1 + 2 * my + y2) / 4;
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\""
                + " fill=\"#1e3a8a\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>%n",
                lx, ly - 3, xml(label(e))));
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

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
