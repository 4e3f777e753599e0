package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.Edge.Direction;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tcpscope.testkit.report.internal.Html.attr;
import static io.tcpscope.testkit.report.internal.Html.escape;
import static io.tcpscope.testkit.report.internal.Html.num;

/**
 * The topology as an inline SVG picture: nodes on a circle, one arrow per link from dialer to
 * listener coloured by its {@link Health}, and a dotted line between two nodes that have no
 * ESTABLISHED link. Every string in it is escaped; it references nothing outside itself.
 *
 * <p>Each link is a {@code <g class="edge">} with {@code data-from}, {@code data-to},
 * {@code data-state} (a {@code TcpState} name), {@code data-ends}, {@code data-health} and
 * {@code data-link}; each node a {@code <g class="node">} with {@code data-node}; each pair with no
 * link a {@code <line class="missing-pair">} with {@code data-a} and {@code data-b}.
 *
 * <p>Thread-safe: stateless.
 */
public final class TopologySvg {

    private static final int RADIUS = 36;

    private TopologySvg() {
    }

    /**
     * Draws a topology.
     *
     * @param topology the snapshot
     * @param links its links, as {@link DrawnLink#of} finds them
     * @return an {@code <svg>} element for an HTML page
     */
    public static String svg(Topology topology, List<DrawnLink> links) {
        List<String> names = topology.nodes();
        int n = names.size();
        double ring = n <= 1 ? 0 : Math.max(130, n * 36);
        double size = 2 * ring + 2 * RADIUS + 90;
        double width = Math.max(size, 560);
        double cx = width / 2;
        double cy = size / 2;
        Map<String, double[]> at = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double angle = -Math.PI / 2 + 2 * Math.PI * i / Math.max(1, n);
            at.put(names.get(i), new double[] {cx + ring * Math.cos(angle), cy + ring * Math.sin(angle)});
        }
        StringBuilder out = new StringBuilder();
        out.append("<svg class=\"topology\" role=\"img\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(size))
                .append("\" width=\"").append(num(width)).append("\" height=\"").append(num(size)).append("\">\n");
        out.append("<title>").append(escape(links.size() + " links between " + n + " nodes")).append("</title>\n<defs>");
        for (Health h : Health.values()) {
            out.append("<marker id=\"head-").append(h.id()).append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
                    .append(" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\" orient=\"auto-start-reverse\">")
                    .append("<path d=\"M0,0 L10,5 L0,10 z\"")
                    .append(" fill=\"").append(h.colour()).append("\"/></marker>");
        }
        out.append("</defs>\n");
        for (NodePair pair : topology.missingPairs()) {
            missing(out, pair.first(), pair.second(), at.get(pair.first()), at.get(pair.second()));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (DrawnLink link : links) {
            Edge e = link.edge();
            double[] from = at.get(e.from());
            double[] to = at.get(e.to());
            if (from == null || to == null) {
                continue;
            }
            String pair = e.from().compareTo(e.to()) < 0 ? e.from() + "\u0000" + e.to() : e.to() + "\u0000" + e.from();
            edge(out, link, from, to, seen.merge(pair, 1, Integer::sum) - 1);
        }
        for (NodeTable table : topology.tables()) {
            node(out, topology, table, at.get(table.name()));
        }
        return out.append("</svg>\n").toString();
    }

    private static void missing(StringBuilder out, String a, String b, double[] pa, double[] pb) {
        out.append("<line class=\"missing-pair\"").append(attr("data-a", a)).append(attr("data-b", b))
                .append(" x1=\"").append(num(pa[0])).append("\" y1=\"").append(num(pa[1]))
                .append("\" x2=\"").append(num(pb[0])).append("\" y2=\"").append(num(pb[1]))
                .append("\" stroke=\"#f87171\" stroke-width=\"2\" stroke-dasharray=\"2 6\" stroke-linecap=\"round\"><title>")
                .append(escape(a + " and " + b + " have no ESTABLISHED connection")).append("</title></line>\n");
    }

    private static void edge(StringBuilder out, DrawnLink link, double[] from, double[] to, int index) {
        Edge e = link.edge();
        double dx = to[0] - from[0];
        double dy = to[1] - from[1];
        double length = Math.max(1, Math.hypot(dx, dy));
        double ux = dx / length;
        double uy = dy / length;
        double x1 = from[0] + ux * RADIUS;
        double y1 = from[1] + uy * RADIUS;
        double x2 = to[0] - ux * RADIUS;
        double y2 = to[1] - uy * RADIUS;
        // Parallel links bend to alternate sides: 0, +1, -1, +2, ...
        double bend = index == 0 ? 0 : ((index + 1) / 2) * 34.0 * (index % 2 == 1 ? 1 : -1);
        double mx = (x1 + x2) / 2 - uy * bend;
        double my = (y1 + y2) / 2 + ux * bend;
        Health h = link.health();
        String marker = "url(#head-" + h.id() + ")";
        String markers = switch (e.direction()) {
            case DIALED -> " marker-end=\"" + marker + "\"";
            case BOTH_LISTEN -> " marker-start=\"" + marker + "\" marker-end=\"" + marker + "\"";
            case UNKNOWN -> " stroke-dasharray=\"6 4\"";
        };
        out.append("<g class=\"edge\"").append(attr("data-from", e.from())).append(attr("data-to", e.to()))
                .append(attr("data-state", link.state().name())).append(attr("data-ends", link.ends().toString()))
                .append(attr("data-health", h.id())).append(attr("data-direction", e.direction().name()))
                .append(attr("data-link", link.key())).append(">\n<title>")
                .append(escape(e + " " + link.ends() + (link.stall() == null ? "" : "\nstalled: " + link.stall())))
                .append("</title>\n<path d=\"M").append(num(x1)).append(',').append(num(y1)).append(" Q").append(num(mx))
                .append(',').append(num(my)).append(' ').append(num(x2)).append(',').append(num(y2))
                .append("\" fill=\"none\" stroke=\"").append(h.colour()).append("\" stroke-width=\"")
                .append(h == Health.STALLED ? "4" : "2.2").append('"').append(markers).append("/>\n");
        double lx = (x1 + 2 * mx + x2) / 4;
        double ly = (y1 + 2 * my + y2) / 4;
        String label = e.direction() == Direction.DIALED ? Integer.toString(e.toEnd().port())
                : e.fromEnd().port() + "/" + e.toEnd().port();
        if (h == Health.STALLED) {
            label += " stalled";
        } else if (h != Health.HEALTHY) {
            label += " " + link.state().ssName();
        }
        out.append("<text class=\"edge-label\" x=\"").append(num(lx)).append("\" y=\"").append(num(ly - 3))
                .append("\" fill=\"").append(h.colour()).append("\">").append(escape(label)).append("</text>\n</g>\n");
    }

    private static void node(StringBuilder out, Topology topology, NodeTable table, double[] p) {
        boolean read = table.isRead();
        int active = topology.activeConnections(table.name());
        String fill = !read ? "#e5e7eb" : active > 0 ? "#dbeafe" : "#fee2e2";
        out.append("<g class=\"node\"").append(attr("data-node", table.name()))
                .append(attr("data-read", Boolean.toString(read))).append(">\n<title>")
                .append(escape(read ? table.name() + ": " + active + " active P2P connections"
                        : table.name() + " was not read: " + table.unread()))
                .append("</title>\n<circle cx=\"").append(num(p[0])).append("\" cy=\"").append(num(p[1])).append("\" r=\"")
                .append(RADIUS).append("\" fill=\"").append(fill).append("\" stroke=\"").append(read ? "#1e3a8a" : "#6b7280")
                .append('"').append(read ? "" : " stroke-dasharray=\"5 4\"").append(" stroke-width=\"2\"/>\n")
                .append("<text class=\"node-name\" x=\"").append(num(p[0])).append("\" y=\"").append(num(p[1] - 2)).append("\">")
                .append(escape(table.name())).append("</text>\n<text class=\"node-count\" x=\"").append(num(p[0]))
                .append("\" y=\"").append(num(p[1] + 14)).append("\">").append(read ? active + " active" : "not read")
                .append("</text>\n</g>\n");
    }
}
