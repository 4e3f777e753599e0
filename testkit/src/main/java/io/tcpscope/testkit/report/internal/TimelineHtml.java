package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.topology.DrawnLink;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Outage;
import io.tcpscope.core.topology.StalledLink;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.tcpscope.testkit.report.internal.Html.attr;
import static io.tcpscope.testkit.report.internal.Html.escape;

/**
 * The timeline's section: what was sampled, the lanes ({@link LanesSvg}) with the kernel's marks
 * and their legend, each pair's flaps and outages, and every event kept as text. Events the
 * timeline dropped to keep its capacity are counted in {@code id="dropped"}, never left out silently.
 *
 * <p>Thread-safe: stateless.
 */
public final class TimelineHtml {

    private TimelineHtml() {
    }

    /**
     * The section's content.
     *
     * @param view the timeline, or {@code null} when none was recorded
     * @param kernel the kernel's failed dials and resets, placed on the lanes of {@code view}'s events
     * @param at when the failure happened, for the outages under way
     * @return HTML
     */
    public static String section(TimelineView view, KernelLanes kernel, Instant at) {
        if (view == null) {
            return "<p class=\"none\" id=\"no-timeline\">No timeline was recorded for this failure.</p>\n"
                    + lanes(List.of(), kernel, null, null, Set.of(), false);
        }
        Instant now = view.lastSample() != null && view.lastSample().isAfter(at) ? view.lastSample() : at;
        StringBuilder out = new StringBuilder("<p class=\"meta\" id=\"sampling\">").append(view.samples())
                .append(view.samples() == 1 ? " sample" : " samples");
        if (view.firstSample() != null) {
            out.append(" from ").append(view.firstSample().truncatedTo(ChronoUnit.MILLIS)).append(" to ")
                    .append(view.lastSample().truncatedTo(ChronoUnit.MILLIS));
        }
        if (view.interval() != null) {
            out.append(", every ").append(view.interval().toMillis()).append(" ms");
        }
        if (view.failedSamples() >= 0) {
            out.append("; ").append(view.failedSamples()).append(" failed");
            if (view.lastFailure() != null) {
                out.append(" (the last: ").append(escape(view.lastFailure())).append(')');
            }
        }
        out.append("; ").append(view.events().size()).append(view.events().size() == 1 ? " event" : " events")
                .append(" kept.</p>\n");
        if (view.droppedEvents() > 0) {
            out.append("<p class=\"warning\" id=\"dropped\">").append(view.droppedEvents())
                    .append(" older events were dropped to keep the timeline's capacity: the lanes and the list below")
                    .append(" start after them.</p>\n");
        }
        if (view.events().isEmpty()) {
            out.append("<p class=\"none\" id=\"no-events\">No link opened, changed or closed while recording.</p>\n");
        }
        Set<String> stalled = view.stalled().stream().map(s -> DrawnLink.key(s.link())).collect(Collectors.toSet());
        out.append(lanes(view.events(), kernel, view.firstSample(), view.lastSample(), stalled, !view.events().isEmpty()));
        if (!view.stalled().isEmpty()) {
            out.append("<h3>Links that stayed stalled</h3>\n<ul id=\"recorded-stalls\">\n");
            for (StalledLink s : view.stalled()) {
                out.append("<li").append(attr("data-link", DrawnLink.key(s.link()))).append('>').append(escape(s.toString()))
                        .append(" since ").append(s.since().truncatedTo(ChronoUnit.MILLIS)).append(", ")
                        .append(s.samples()).append(" samples</li>\n");
            }
            out.append("</ul>\n");
        }
        if (!view.pairs().isEmpty()) {
            out.append("<h3>Pairs</h3>\n<table class=\"pairs\">\n<thead><tr><th>Pair</th><th>Went down</th><th>Outages</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (TimelineView.PairSummary p : view.pairs()) {
                out.append("<tr class=\"pair\"").append(attr("data-a", p.a())).append(attr("data-b", p.b())).append("><td>")
                        .append(escape(p.a() + " \u2013 " + p.b())).append("</td><td class=\"flaps\">").append(p.flaps())
                        .append("</td><td class=\"outages\">").append(outages(p, now)).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }
        if (!view.events().isEmpty()) {
            out.append("<h3>Events</h3>\n<pre id=\"events\">");
            for (LinkEvent e : view.events()) {
                out.append(escape(e.toString())).append('\n');
            }
            out.append("</pre>\n");
        }
        return out.toString();
    }

    /** The lanes and their legends; nothing when there is nothing to draw. */
    private static String lanes(List<LinkEvent> events, KernelLanes kernel, Instant from, Instant to, Set<String> stalled,
                                boolean linkLegend) {
        String svg = LanesSvg.svg(events, kernel, from, to, stalled);
        if (svg.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<div class=\"scroll\">").append(svg).append("</div>\n");
        if (linkLegend) {
            out.append("<p class=\"legend-line\"><span class=\"dot opened\"></span>opened <span class=\"dot changed\">")
                    .append("</span>changed <span class=\"dot drop\"></span>went down <span class=\"dot closed\"></span>closed;")
                    .append(" bars are coloured as the picture's links</p>\n");
        }
        if (!kernel.isEmpty()) {
            out.append(KernelMarks.legend());
        }
        return out.toString();
    }

    private static String outages(TimelineView.PairSummary p, Instant at) {
        if (p.outages().isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        for (Outage o : p.outages()) {
            out.append(out.length() == 0 ? "" : "<br>").append(o.from().truncatedTo(ChronoUnit.MILLIS))
                    .append(o.isHealed() ? " to " + o.to().truncatedTo(ChronoUnit.MILLIS) : ", under way")
                    .append(" (").append(LanesSvg.seconds(o.length(at).toMillis())).append(" s)");
        }
        return out.toString();
    }
}
