package io.tcpscope.core.topology;

import io.tcpscope.core.topology.Edge.Direction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The picture of a {@link Topology}, in SVG: the nodes on a circle, each with its count of active
 * P2P connections; one arrow per link from dialer to listener, coloured by its {@link LinkHealth}
 * and labelled with the listening port (and its state, when it is not healthy); and a dotted red
 * line between two nodes that have no ESTABLISHED connection. Parallel links curve apart. Every
 * string in it is escaped, and it references nothing outside itself: no fonts, scripts or links.
 *
 * <p>The same picture comes in two forms:
 * <ul>
 *   <li>{@link #document}: a standalone {@code .svg} file, with a caption above (the counts, and
 *       every pair that is not connected, all of them) and a legend below;</li>
 *   <li>{@link #element}: an {@code <svg>} element for an HTML page that has its own caption and
 *       legend, such as a failure report: the picture alone, without a namespace declaration,
 *       which an HTML parser supplies.</li>
 * </ul>
 *
 * <pre>{@code
 * Files.writeString(Path.of("target/mesh.svg"), TopologySvg.document(topology));
 * String figure = TopologySvg.element(topology, DrawnLink.of(topology, timeline.stalledLinks()));
 * }</pre>
 *
 * <p>Its elements carry data for scripts and tests: each link is a {@code <g class="edge">} with
 * {@code data-from}, {@code data-to}, {@code data-state} (a {@code TcpState} name),
 * {@code data-ends}, {@code data-health} ({@link LinkHealth#id()}), {@code data-direction} and
 * {@code data-link} ({@link DrawnLink#key()}); each node a {@code <g class="node">} with
 * {@code data-node} and {@code data-read}; each pair with no ESTABLISHED connection a
 * {@code <line class="missing-pair">} with {@code data-a} and {@code data-b}.
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.2.0
 */
public final class TopologySvg {

    private static final int RADIUS = 36;
    private static final String MISSING_COLOUR = "#f87171";
    /** The width of a character of 12 px text, roughly, for wrapping the list of missing pairs. */
    private static final double CHAR_WIDTH = 6.6;
    /** The width of a character of the 15 px bold caption, roughly. */
    private static final double CAPTION_CHAR_WIDTH = 8.8;
    private static final String[] LEGEND_TEXT = {
        "arrow: dialer to listener, labelled with the listening port, and with the state when not healthy",
        "two heads: both ends listen; dashed: direction unknown; thick: stalled",
        "node: its active P2P connections; red: none; grey and dashed: not read",
    };

    private TopologySvg() {
    }

    /**
     * A standalone picture of every link of a snapshot ({@link DrawnLink#of} with no recorded
     * stalls), with its caption and legend.
     *
     * @param topology the snapshot
     * @return an SVG document
     */
    public static String document(Topology topology) {
        return document(topology, DrawnLink.of(topology, List.of()));
    }

    /**
     * A standalone picture of the given links, with its caption and legend.
     *
     * @param topology the snapshot, whose nodes and missing pairs are drawn
     * @param links the links to draw, as {@link DrawnLink#of} finds them
     * @return an SVG document
     * @throws IllegalArgumentException if a link joins a node that the topology does not have
     */
    public static String document(Topology topology, List<DrawnLink> links) {
        Ring ring = new Ring(topology.nodes(), 640);
        List<String> caption = wrap(List.of(summary(topology, links).split(" ")), ring.width - 32, CAPTION_CHAR_WIDTH);
        List<String> missing = wrap(missingPairs(topology), ring.width - 32, CHAR_WIDTH);
        double missingTop = 26 + caption.size() * 20;
        double top = missingTop + missing.size() * 16;
        double legendTop = top + ring.size + 8;
        double height = legendTop + (LinkHealth.values().length + 1 + LEGEND_TEXT.length) * 18 + 8;
        StringBuilder out = open(topology, links, true, ring.width, height);
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (int i = 0; i < caption.size(); i++) {
            out.append("<text class=\"caption\" x=\"16\" y=\"").append(num(26 + i * 20))
                    .append("\" font-size=\"15\" font-weight=\"bold\">").append(escape(caption.get(i))).append("</text>\n");
        }
        for (int i = 0; i < missing.size(); i++) {
            out.append("<text class=\"missing-pairs\" x=\"16\" y=\"").append(num(missingTop + i * 16))
                    .append("\" font-size=\"12\" fill=\"#b91c1c\">").append(escape(missing.get(i))).append("</text>\n");
        }
        picture(out, topology, links, ring, top);
        legend(out, legendTop);
        return out.append("</svg>\n").toString();
    }

    /**
     * The picture of the given links as an {@code <svg class="topology">} element for an HTML page,
     * which gives the caption and the legend itself.
     *
     * @param topology the snapshot, whose nodes and missing pairs are drawn
     * @param links the links to draw, as {@link DrawnLink#of} finds them
     * @return an {@code <svg>} element
     * @throws IllegalArgumentException if a link joins a node that the topology does not have
     */
    public static String element(Topology topology, List<DrawnLink> links) {
        Ring ring = new Ring(topology.nodes(), 560);
        StringBuilder out = open(topology, links, false, ring.width, ring.size);
        picture(out, topology, links, ring, 0);
        return out.append("</svg>\n").toString();
    }

    /**
     * The picture's caption, also its {@code <title>}.
     *
     * @return for example {@code 4 nodes, 2 ESTABLISHED connections on P2P ports 9000-9001, 4 links in all; 4 pairs not connected}
     */
    private static String summary(Topology topology, List<DrawnLink> links) {
        int nodes = topology.nodes().size();
        int edges = topology.edges().size();
        int missing = topology.missingPairs().size();
        return nodes + (nodes == 1 ? " node, " : " nodes, ") + edges
                + (edges == 1 ? " ESTABLISHED connection" : " ESTABLISHED connections") + " on P2P ports "
                + topology.p2pPorts() + ", " + links.size() + (links.size() == 1 ? " link" : " links") + " in all"
                + (nodes > 1 && missing == 0 ? "; a full mesh" : "")
                + (missing == 0 ? "" : "; " + missing + (missing == 1 ? " pair" : " pairs") + " not connected");
    }

    private static StringBuilder open(Topology topology, List<DrawnLink> links, boolean standalone, double width,
                                      double height) {
        Objects.requireNonNull(topology, "topology must not be null");
        Objects.requireNonNull(links, "links must not be null");
        StringBuilder out = new StringBuilder(4096);
        out.append("<svg").append(standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "")
                .append(" class=\"topology\" role=\"img\" width=\"").append(num(width)).append("\" height=\"")
                .append(num(height)).append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
                .append("\" font-family=\"sans-serif\">\n<title>").append(escape(summary(topology, links)))
                .append("</title>\n<defs>");
        for (LinkHealth h : LinkHealth.values()) {
            out.append("<marker id=\"head-").append(h.id()).append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
                    .append(" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\"")
                    .append(" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(h.colour())
                    .append("\"/></marker>");
        }
        return out.append("</defs>\n");
    }

    /** The missing pairs, the links and the nodes, in that order so that nodes cover line ends. */
    private static void picture(StringBuilder out, Topology topology, List<DrawnLink> links, Ring ring, double top) {
        Map<String, double[]> at = ring.places(top);
        for (NodePair pair : topology.missingPairs()) {
            missing(out, pair, at.get(pair.first()), at.get(pair.second()));
        }
        Map<NodePair, Integer> seen = new HashMap<>();
        for (DrawnLink link : links) {
            Edge e = link.edge();
            double[] from = at.get(e.from());
            double[] to = at.get(e.to());
            if (from == null || to == null) {
                throw new IllegalArgumentException("the link " + e + " joins a node that the topology does not have;"
                        + " it has " + topology.nodes());
            }
            edge(out, link, from, to, seen.merge(NodePair.of(e.from(), e.to()), 1, Integer::sum) - 1);
        }
        for (NodeTable table : topology.tables()) {
            node(out, topology, table, at.get(table.name()));
        }
    }

    private static void missing(StringBuilder out, NodePair pair, double[] a, double[] b) {
        out.append("<line class=\"missing-pair\" data-a=\"").append(escape(pair.first())).append("\" data-b=\"")
                .append(escape(pair.second())).append("\" x1=\"").append(num(a[0])).append("\" y1=\"").append(num(a[1]))
                .append("\" x2=\"").append(num(b[0])).append("\" y2=\"").append(num(b[1])).append("\" stroke=\"")
                .append(MISSING_COLOUR).append("\" stroke-width=\"2\" stroke-dasharray=\"2 6\" stroke-linecap=\"round\"><title>")
                .append(escape(pair.first() + " and " + pair.second() + " have no ESTABLISHED connection"))
                .append("</title></line>\n");
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
        LinkHealth h = link.health();
        String marker = "url(#head-" + h.id() + ")";
        String markers = switch (e.direction()) {
            case DIALED -> " marker-end=\"" + marker + "\"";
            case BOTH_LISTEN -> " marker-start=\"" + marker + "\" marker-end=\"" + marker + "\"";
            case UNKNOWN -> " stroke-dasharray=\"6 4\"";
        };
        out.append("<g class=\"edge\" data-from=\"").append(escape(e.from())).append("\" data-to=\"").append(escape(e.to()))
                .append("\" data-state=\"").append(link.state().name()).append("\" data-ends=\"").append(escape(link.ends().toString()))
                .append("\" data-health=\"").append(h.id()).append("\" data-direction=\"").append(e.direction().name())
                .append("\" data-link=\"").append(escape(link.key())).append("\">\n<title>")
                .append(escape(e + " " + link.ends() + (link.stall() == null ? "" : "\nstalled: " + link.stall())))
                .append("</title>\n<path d=\"M").append(num(x1)).append(',').append(num(y1)).append(" Q").append(num(mx))
                .append(',').append(num(my)).append(' ').append(num(x2)).append(',').append(num(y2))
                .append("\" fill=\"none\" stroke=\"").append(h.colour()).append("\" stroke-width=\"")
                .append(h == LinkHealth.STALLED ? "4" : "2.2").append('"').append(markers).append("/>\n");
        String label = e.direction() == Direction.DIALED ? Integer.toString(e.toEnd().port())
                : e.fromEnd().port() + "/" + e.toEnd().port();
        if (h == LinkHealth.STALLED) {
            label += " stalled";
        } else if (h != LinkHealth.HEALTHY) {
            label += " " + link.state().ssName();
        }
        out.append("<text class=\"edge-label\" x=\"").append(num((x1 + 2 * mx + x2) / 4)).append("\" y=\"")
                .append(num((y1 + 2 * my + y2) / 4 - 3)).append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"")
                .append(h.colour()).append("\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">")
                .append(escape(label)).append("</text>\n</g>\n");
    }

    private static void node(StringBuilder out, Topology topology, NodeTable table, double[] p) {
        boolean read = table.isRead();
        int active = read ? topology.activeConnections(table.name()) : 0;
        String fill = !read ? "#e5e7eb" : active > 0 ? "#dbeafe" : "#fee2e2";
        out.append("<g class=\"node\" data-node=\"").append(escape(table.name())).append("\" data-read=\"").append(read)
                .append("\">\n<title>").append(escape(read ? table.name() + ": " + active + " active P2P connections"
                        : table.name() + " was not read: " + table.unread()))
                .append("</title>\n<circle cx=\"").append(num(p[0])).append("\" cy=\"").append(num(p[1])).append("\" r=\"")
                .append(RADIUS).append("\" fill=\"").append(fill).append("\" stroke=\"").append(read ? "#1e3a8a" : "#6b7280")
                .append('"').append(read ? "" : " stroke-dasharray=\"5 4\"").append(" stroke-width=\"2\"/>\n")
                .append("<text class=\"node-name\" x=\"").append(num(p[0])).append("\" y=\"").append(num(p[1] - 2))
                .append("\" font-size=\"13\" font-weight=\"600\" text-anchor=\"middle\">").append(escape(table.name()))
                .append("</text>\n<text class=\"node-count\" x=\"").append(num(p[0])).append("\" y=\"").append(num(p[1] + 14))
                .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#374151\">")
                .append(read ? active + " active" : "not read").append("</text>\n</g>\n");
    }

    private static void legend(StringBuilder out, double top) {
        double y = top;
        for (LinkHealth h : LinkHealth.values()) {
            legendLine(out, y, h.colour(), h == LinkHealth.STALLED ? "4" : "3", "", h.description());
            y += 18;
        }
        legendLine(out, y, MISSING_COLOUR, "2", " stroke-dasharray=\"2 6\" stroke-linecap=\"round\"",
                "no ESTABLISHED connection between the two nodes");
        for (String text : LEGEND_TEXT) {
            y += 18;
            out.append("<text class=\"legend\" x=\"16\" y=\"").append(num(y + 4)).append("\" font-size=\"12\" fill=\"#374151\">")
                    .append(escape(text)).append("</text>\n");
        }
    }

    private static void legendLine(StringBuilder out, double y, String colour, String width, String dashes, String text) {
        out.append("<line class=\"legend\" x1=\"16\" y1=\"").append(num(y)).append("\" x2=\"40\" y2=\"").append(num(y))
                .append("\" stroke=\"").append(colour).append("\" stroke-width=\"").append(width).append('"').append(dashes)
                .append("/>\n<text class=\"legend\" x=\"48\" y=\"").append(num(y + 4))
                .append("\" font-size=\"12\" fill=\"#374151\">").append(escape(text)).append("</text>\n");
    }

    /** Every pair that is not connected, as words to wrap, each pair in one: none when there are none. */
    private static List<String> missingPairs(Topology topology) {
        List<NodePair> pairs = topology.missingPairs();
        List<String> words = new ArrayList<>();
        if (!pairs.isEmpty()) {
            words.addAll(List.of("not", "connected", "(" + pairs.size() + "):"));
        }
        for (int i = 0; i < pairs.size(); i++) {
            words.add(pairs.get(i).first() + " \u2013 " + pairs.get(i).second() + (i < pairs.size() - 1 ? "," : ""));
        }
        return words;
    }

    /**
     * Words in lines of at most {@code width} pixels, for characters about {@code charWidth} wide:
     * nothing is cut, and a word longer than a line has a line of its own.
     */
    private static List<String> wrap(List<String> words, double width, double charWidth) {
        int room = Math.max(20, (int) (width / charWidth));
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * Escapes text for an element's content or a quoted attribute's value: {@code & < > " '}
     * become entities, and control characters that XML does not allow become U+FFFD.
     */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f ? '\ufffd' : c);
            }
        }
        return out.toString();
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Where the nodes go: on a circle as wide as they need, in a picture at least {@code minWidth} wide. */
    private static final class Ring {
        private final List<String> names;
        private final double radius;
        private final double size;
        private final double width;

        Ring(List<String> names, double minWidth) {
            this.names = names;
            this.radius = names.size() <= 1 ? 0 : Math.max(130, names.size() * 36);
            this.size = 2 * radius + 2 * RADIUS + 90;
            this.width = Math.max(size, minWidth);
        }

        /** Each node's centre, the first at the top and the others clockwise, the circle {@code top} from the top. */
        Map<String, double[]> places(double top) {
            Map<String, double[]> at = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                double angle = -Math.PI / 2 + 2 * Math.PI * i / names.size();
                at.put(names.get(i), new double[] {width / 2 + radius * Math.cos(angle), top + size / 2 + radius * Math.sin(angle)});
            }
            return at;
        }
    }
}
