package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.topology.DrawnLink;
import io.tcpscope.core.topology.LinkHealth;
import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologySvg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import static io.tcpscope.testkit.report.internal.Html.escape;

/**
 * The whole page: a header with the test, the time and the failure; the awaited condition and what
 * was missing; the topology's picture and legend; the timeline, with the kernel's failed dials and
 * resets marked on its lanes; the kernel's events, diagnosed and listed; each node's table; and a
 * script of a few lines that lights up a link in the picture and its lane together. The CSS and the
 * script are inlined from this package's resources, so the file fetches nothing.
 *
 * <p>The page's landmarks: {@code id="title"}, {@code id="time"}, {@code id="message"},
 * {@code id="condition"}, {@code id="missing"} (one {@code <li>} per line), {@code id="topology"},
 * {@code id="legend"}, {@code id="timeline"}, {@code id="kernel-events"}, {@code id="tables"}; once
 * the script has run, the body carries {@code data-ready}.
 *
 * <p>Thread-safe: stateless.
 */
public final class ReportPage {

    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");

    private ReportPage() {
    }

    /**
     * Draws a report.
     *
     * @param data what it shows
     * @return the HTML document
     */
    public static String render(ReportData data) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>tcpscope: ")
                .append(escape(data.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(out, data);
        failure(out, data);
        topology(out, data);
        KernelLanes lanes = KernelLanes.of(data.timeline() == null ? List.of() : data.timeline().events(),
                data.kernel() == null ? List.of() : data.kernel().marked());
        out.append("<section id=\"timeline\">\n<h2>Timeline</h2>\n")
                .append(TimelineHtml.section(data.timeline(), lanes, data.at())).append("</section>\n");
        out.append("<section id=\"kernel-events\">\n<h2>Kernel events</h2>\n")
                .append(KernelEventsHtml.section(data.kernel(), lanes)).append("</section>\n");
        out.append("<section id=\"tables\">\n<h2>Tables</h2>\n");
        if (data.topology() != null) {
            out.append("<p class=\"meta\">").append(escape(data.topologySource())).append(".</p>\n")
                    .append(TablesHtml.tables(data.topology()));
        }
        if (data.lastTable() != null) {
            out.append(TablesHtml.lastTable(data.lastTable()));
        }
        if (data.topology() == null && data.lastTable() == null) {
            out.append("<p class=\"none\">No table was read.</p>\n");
        }
        out.append("</section>\n<footer>Written by tcpscope. This file is self-contained: it fetches nothing.</footer>\n")
                .append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void header(StringBuilder out, ReportData data) {
        out.append("<header>\n<h1 id=\"title\">").append(escape(data.title())).append("</h1>\n<p class=\"meta\">Failed at ")
                .append("<time id=\"time\">").append(data.at().truncatedTo(ChronoUnit.MILLIS)).append("</time>");
        if (data.environment() != null) {
            out.append(" on <span id=\"environment\">").append(escape(data.environment())).append("</span>");
        }
        out.append("</p>\n</header>\n");
    }

    private static void failure(StringBuilder out, ReportData data) {
        out.append("<section id=\"failure\">\n<h2>Failure</h2>\n<dl class=\"awaited\">\n<dt>Awaited</dt>\n<dd id=\"condition\"")
                .append(data.condition() == null ? " class=\"none\">not known: the failure is not a wait's" : ">")
                .append(escape(data.condition())).append("</dd>\n<dt>Missing</dt>\n<dd>");
        if (data.missing().isEmpty()) {
            out.append("<ul id=\"missing\" class=\"none\"></ul><span class=\"none\">")
                    .append(data.condition() == null ? "not known" : "the wait did not say").append("</span>");
        } else {
            out.append("<ul id=\"missing\">\n");
            data.missing().forEach(m -> out.append("<li>").append(escape(m)).append("</li>\n"));
            out.append("</ul>");
        }
        out.append("</dd>\n</dl>\n");
        if (data.failure() != null) {
            out.append("<pre id=\"message\">").append(escape(data.failure())).append("</pre>\n");
        } else {
            out.append("<p class=\"none\" id=\"message\">No failure was given.</p>\n");
        }
        if (data.stackTrace() != null) {
            out.append("<details>\n<summary>Stack trace</summary>\n<pre id=\"stack\">").append(escape(data.stackTrace()))
                    .append("</pre>\n</details>\n");
        }
        out.append("</section>\n");
    }

    private static void topology(StringBuilder out, ReportData data) {
        out.append("<section id=\"topology\">\n<h2>Topology</h2>\n");
        Topology t = data.topology();
        if (t == null) {
            out.append("<p class=\"none\" id=\"no-topology\">No topology was read.</p>\n</section>\n");
            return;
        }
        List<DrawnLink> links = data.links();
        List<NodePair> missing = t.missingPairs();
        out.append("<p class=\"meta\">").append(escape(data.topologySource())).append(": ").append(t.nodes().size())
                .append(" nodes, ").append(t.edges().size()).append(t.edges().size() == 1 ? " ESTABLISHED connection"
                        : " ESTABLISHED connections").append(" on P2P ports ")
                .append(escape(t.p2pPorts().toString())).append(", ").append(links.size()).append(" links in all")
                .append(t.nodes().size() > 1 && missing.isEmpty() ? "; a full mesh" : "");
        if (!missing.isEmpty()) {
            out.append("; ").append(missing.size()).append(missing.size() == 1 ? " pair" : " pairs").append(" not connected");
        }
        out.append(".</p>\n<div class=\"scroll\">").append(TopologySvg.element(t, links)).append("</div>\n<ul id=\"legend\">\n");
        for (LinkHealth h : LinkHealth.values()) {
            out.append("<li><span class=\"swatch\" style=\"background:").append(h.colour()).append("\"></span>")
                    .append(escape(h.description())).append("</li>\n");
        }
        out.append("<li><span class=\"swatch missing\"></span>no ESTABLISHED connection between the two nodes</li>\n")
                .append("<li>arrow: dialer to listener, labelled with the listening port; two heads: both ends listen;")
                .append(" dashed: direction unknown; thick: stalled; grey dashed node: not read; red node: no active connection</li>\n</ul>\n");
        List<DrawnLink> stalled = links.stream().filter(l -> l.stall() != null).toList();
        if (!stalled.isEmpty()) {
            out.append("<h3>Stalled links</h3>\n<ul id=\"stalled\">\n");
            stalled.forEach(l -> out.append("<li>").append(escape(l.edge() + ": " + l.stall())).append("</li>\n"));
            out.append("</ul>\n");
        }
        out.append("</section>\n");
    }

    private static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(ReportPage.class.getResourceAsStream(name),
                () -> "the report's " + name + " is missing from the testkit's jar")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the report's " + name + " from the testkit's jar", e);
        }
    }
}
