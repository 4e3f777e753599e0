package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.LinkReset;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static io.tcpscope.testkit.report.internal.Html.attr;
import static io.tcpscope.testkit.report.internal.Html.escape;

/**
 * The section of the kernel's connection events: what they diagnose, one sentence each, then every
 * failed dial and every reset of a live link in a table, oldest first. When the events come from
 * samples only, it says so, since a dial that failed leaves no socket for a sample to see.
 *
 * <p>Its landmarks: {@code id="diagnosis"} (one {@code <li>} per sentence), {@code id="event-source"},
 * {@code id="samples-only"}, {@code id="kernel-counts"}, {@code id="kernel-dropped"} and
 * {@code id="kernel-table"}, whose rows are {@code <tr class="kernel-row">} with {@code data-kind},
 * {@code data-mark} (as on the lanes) and {@code data-on-lane}, and cells of the classes {@code time},
 * {@code kind}, {@code from}, {@code to} and {@code reason}.
 *
 * <p>Thread-safe: stateless.
 */
public final class KernelEventsHtml {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private KernelEventsHtml() {
    }

    /**
     * The section's content.
     *
     * @param kernel the kernel's events, or {@code null} when none were given
     * @param lanes where the lanes marked them
     * @return HTML
     */
    public static String section(KernelEventsView kernel, KernelLanes lanes) {
        if (kernel == null) {
            return "<p class=\"none\" id=\"no-kernel-events\">No kernel events were given for this failure:"
                    + " a recorder or an event log gives them.</p>\n";
        }
        StringBuilder out = new StringBuilder();
        boolean none = kernel.marked().isEmpty() && kernel.connectedDials() == 0;
        if (none && kernel.isSamplesOnly()) {
            return out.append("<p class=\"warning\" id=\"samples-only\">").append(escape(kernel.source()))
                    .append(". So a dial that failed, or a link reset between two samples, could not be seen:")
                    .append(" it leaves no socket for a sample to see.</p>\n").toString();
        }
        if (!kernel.diagnosis().isEmpty()) {
            out.append("<ul id=\"diagnosis\">\n");
            kernel.diagnosis().forEach(d -> out.append("<li>").append(escape(d)).append("</li>\n"));
            out.append("</ul>\n");
        }
        if (kernel.source() != null) {
            out.append("<p class=\"meta\" id=\"event-source\">Source: ").append(escape(kernel.source())).append(".</p>\n");
        }
        long resets = kernel.marked().stream().filter(LinkReset.class::isInstance).count();
        long failed = kernel.marked().size() - resets;
        out.append("<p class=\"meta\" id=\"kernel-counts\">").append(failed).append(failed == 1 ? " failed dial, " : " failed dials, ")
                .append(resets).append(resets == 1 ? " reset of a live link, " : " resets of live links, ")
                .append(kernel.connectedDials()).append(kernel.connectedDials() == 1 ? " dial" : " dials").append(" connected.</p>\n");
        if (kernel.droppedEvents() > 0) {
            out.append("<p class=\"warning\" id=\"kernel-dropped\">").append(kernel.droppedEvents())
                    .append(" older dials and resets were dropped to keep the event log's capacity: the table starts after them.</p>\n");
        }
        if (kernel.marked().isEmpty()) {
            return out.append("<p class=\"none\" id=\"no-failed-dials\">No dial failed and no live link was reset.</p>\n")
                    .toString();
        }
        long offLane = kernel.marked().stream().filter(e -> !lanes.isOnLane(e)).count();
        out.append("<table class=\"kernel-events\" id=\"kernel-table\">\n<caption>")
                .append(offLane == 0 ? "Each is marked on the lanes above."
                        : offLane + " of " + kernel.marked().size() + " have no lane above: one end is no node, on a link no sample showed.")
                .append("</caption>\n<thead><tr><th>Time</th><th>Kind</th><th>From</th><th>To</th><th>Reason or state</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (ConnectionEvent e : kernel.marked()) {
            boolean onLane = lanes.isOnLane(e);
            out.append("<tr class=\"kernel-row").append(onLane ? "" : " table-only").append('"')
                    .append(attr("data-kind", e.kind())).append(attr("data-mark", KernelMarks.Mark.of(e).id()))
                    .append(attr("data-on-lane", Boolean.toString(onLane))).append('>')
                    .append(cell("time", time(e.at()))).append(cell("kind", e.kind()));
            if (e instanceof Dial d) {
                out.append(cell("from", d.from() + " " + d.source()))
                        .append(cell("to", d.to() == null ? d.target() + " (no node)" : d.to() + " " + d.target()));
            } else {
                LinkReset r = (LinkReset) e;
                out.append(cell("from", name(r.sender()) + " " + r.senderEnd()))
                        .append(cell("to", name(r.receiver()) + " " + r.receiverEnd()));
            }
            out.append(cell("reason", KernelMarks.reason(e))).append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** The time of day in UTC, to the microsecond as the kernel tells it: {@code 12:00:01.438931}. */
    static String time(Instant at) {
        return TIME.format(at);
    }

    private static String name(String node) {
        return node == null ? "(not a node)" : node;
    }

    private static String cell(String kind, String text) {
        return "<td class=\"" + kind + "\">" + escape(text) + "</td>";
    }
}
