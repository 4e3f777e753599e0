package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.LinkReset;
import io.tcpscope.core.topology.DrawnLink;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.LinkEvent.Ends;
import io.tcpscope.core.topology.LinkHealth;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tcpscope.testkit.report.internal.Html.attr;
import static io.tcpscope.testkit.report.internal.Html.escape;
import static io.tcpscope.testkit.report.internal.Html.num;

/**
 * The timeline as an inline SVG picture: one lane per link, in the order the links were first
 * seen, on one time axis. A lane is a bar coloured by the link's {@link LinkHealth} between its
 * events, as the topology's picture colours the link, and a mark at each event, coloured by its kind.
 *
 * <p>Each lane is a {@code <g class="lane">} with {@code data-link} (as on the topology's edges),
 * {@code data-from} and {@code data-to}; each event in it a {@code <circle class="event">} with
 * {@code data-kind}; each bar a {@code <rect class="seg">} with {@code data-state} and
 * {@code data-health}.
 *
 * <p>The kernel's failed dials and resets, when given, are marked under the bars ({@link KernelMarks});
 * a pair of nodes whose links the samples never saw, a refused dial's for one, gets a
 * {@code <g class="kernel-lane">} of its own with {@code data-a} and {@code data-b}, whose track is
 * dashed and has no bar. Which event goes on which lane is {@link KernelLanes}'s to say.
 *
 * <p>Thread-safe: stateless.
 */
public final class LanesSvg {

    private static final double WIDTH = 1160;
    private static final double LEFT = 16;
    private static final double RIGHT = 24;
    private static final double TOP = 34;
    private static final double LANE = 38;
    /** A lane with the kernel's marks under its bar. */
    private static final double LANE_WITH_MARKS = 48;
    /** How far below a lane's top the kernel's marks sit: under the bar, which ends at 28. */
    private static final double MARKS_Y = 37;
    private static final long[] STEPS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000,
        30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 86_400_000};

    private LanesSvg() {
    }

    /**
     * Draws the lanes of some events, with the kernel's marks on them ({@link KernelMarks}) and a
     * lane of their own for each pair of nodes whose links the samples never saw.
     *
     * @param events the events, oldest first
     * @param kernel the kernel's events placed on the lanes these events make
     * @param from the time the axis starts at: the first sample
     * @param to the time it ends at: the last sample
     * @param stalled the links (by {@link DrawnLink#key(io.tcpscope.core.topology.Edge)}) that are stalled now
     * @return an {@code <svg>} element for an HTML page; empty when there are neither events nor marks
     */
    public static String svg(List<LinkEvent> events, KernelLanes kernel, Instant from, Instant to, Set<String> stalled) {
        Map<String, List<LinkEvent>> lanes = new LinkedHashMap<>();
        events.forEach(e -> lanes.computeIfAbsent(DrawnLink.key(e.link()), k -> new ArrayList<>()).add(e));
        List<Instant> times = new ArrayList<>();
        events.forEach(e -> times.add(e.at()));
        lanes.keySet().forEach(k -> kernel.onLink(k).forEach(e -> times.add(e.at())));
        kernel.pairLanes().forEach(p -> p.events().forEach(e -> times.add(e.at())));
        if (times.isEmpty()) {
            return "";
        }
        Instant first = times.stream().min(Instant::compareTo).orElseThrow();
        Instant last = times.stream().max(Instant::compareTo).orElseThrow();
        Instant start = from == null || first.isBefore(from) ? first : from;
        Instant end = to == null || to.isBefore(last) ? last : to;
        long span = Math.max(1, Duration.between(start, end).toMillis());
        double lane = kernel.isEmpty() ? LANE : LANE_WITH_MARKS;
        int rows = lanes.size() + kernel.pairLanes().size();
        double height = TOP + rows * lane + 8;
        int marks = times.size() - events.size();
        StringBuilder out = new StringBuilder();
        out.append("<svg class=\"lanes\" role=\"img\" viewBox=\"0 0 ").append(num(WIDTH)).append(' ').append(num(height))
                .append("\" width=\"").append(num(WIDTH)).append("\" height=\"").append(num(height)).append("\">\n<title>")
                .append(lanes.size()).append(" links, ").append(events.size()).append(" events")
                .append(marks == 0 ? "" : ", " + marks + " kernel events").append("</title>\n");
        axis(out, span, height);
        double y = TOP;
        for (Map.Entry<String, List<LinkEvent>> l : lanes.entrySet()) {
            lane(out, l.getKey(), l.getValue(), start, end, span, y, stalled.contains(l.getKey()));
            Edge link = l.getValue().get(0).link();
            marks(out, kernel.onLink(l.getKey()), link.from(), link, start, span, y);
            out.append("</g>\n");
            y += lane;
        }
        for (KernelLanes.PairLane p : kernel.pairLanes()) {
            out.append("<g class=\"kernel-lane\"").append(attr("data-a", p.a())).append(attr("data-b", p.b()))
                    .append(">\n<text class=\"lane-label\" x=\"").append(num(LEFT)).append("\" y=\"").append(num(y + 11))
                    .append("\">").append(escape(p.a() + " \u2013 " + p.b() + "   no link sampled: the kernel's events only"))
                    .append("</text>\n<rect class=\"track\" x=\"").append(num(LEFT)).append("\" y=\"").append(num(y + 16))
                    .append("\" width=\"").append(num(WIDTH - LEFT - RIGHT))
                    .append("\" height=\"12\" fill=\"none\" stroke=\"#d1d5db\" stroke-dasharray=\"4 3\"/>\n");
            marks(out, p.events(), p.a(), null, start, span, y);
            out.append("</g>\n");
            y += lane;
        }
        return out.append("</svg>\n").toString();
    }

    private static void marks(StringBuilder out, List<ConnectionEvent> events, String first, Edge link,
                              Instant start, long span, double y) {
        for (ConnectionEvent e : events) {
            KernelMarks.SentBy sentBy = e instanceof LinkReset r ? KernelLanes.sentBy(r, first, link)
                    : KernelMarks.SentBy.FIRST;
            out.append(KernelMarks.mark(e, x(e.at(), start, span), y + MARKS_Y, sentBy));
        }
    }

    private static double x(Instant at, Instant start, long span) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Duration.between(start, at).toMillis() / span;
    }

    private static void axis(StringBuilder out, long span, double height) {
        long step = STEPS_MS[STEPS_MS.length - 1];
        for (long s : STEPS_MS) {
            if (span / s <= 10) {
                step = s;
                break;
            }
        }
        out.append("<g class=\"axis\">\n");
        for (long t = 0; t <= span; t += step) {
            double x = LEFT + (WIDTH - LEFT - RIGHT) * t / span;
            out.append("<line x1=\"").append(num(x)).append("\" y1=\"18\" x2=\"").append(num(x)).append("\" y2=\"")
                    .append(num(height - 4)).append("\" stroke=\"#e5e7eb\"/>\n<text class=\"tick\" x=\"").append(num(x))
                    .append("\" y=\"13\">+").append(seconds(t)).append(" s</text>\n");
        }
        out.append("</g>\n");
    }

    /** Milliseconds as seconds, with no more decimals than needed: {@code 1.5}, {@code 0.25}, {@code 12}. */
    static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private static void lane(StringBuilder out, String key, List<LinkEvent> events, Instant start, Instant end, long span,
                             double y, boolean stalledNow) {
        LinkEvent first = events.get(0);
        double barY = y + 16;
        out.append("<g class=\"lane\"").append(attr("data-link", key)).append(attr("data-from", first.link().from()))
                .append(attr("data-to", first.link().to())).append(attr("data-stalled", Boolean.toString(stalledNow)))
                .append(">\n<text class=\"lane-label\" x=\"").append(num(LEFT)).append("\" y=\"").append(num(y + 11))
                .append("\">").append(escape(first.link() + (stalledNow ? "   stalled now" : ""))).append("</text>\n")
                .append("<rect class=\"track\" x=\"").append(num(LEFT)).append("\" y=\"").append(num(barY))
                .append("\" width=\"").append(num(WIDTH - LEFT - RIGHT)).append("\" height=\"12\" fill=\"#f3f4f6\"/>\n");
        if (!first.before().isNone()) {
            // older events were dropped: the state before the first one kept held from some time before
            segment(out, first.before(), start, first.at(), start, span, barY, false);
        }
        for (int i = 0; i < events.size(); i++) {
            LinkEvent e = events.get(i);
            Instant until = i + 1 < events.size() ? events.get(i + 1).at() : end;
            if (!e.after().isNone()) {
                segment(out, e.after(), e.at(), until, start, span, barY, stalledNow && i + 1 == events.size());
            }
        }
        for (LinkEvent e : events) {
            String colour = switch (e.kind()) {
                case OPENED -> "#2563eb";
                case CHANGED -> e.isDrop() ? "#b91c1c" : "#374151";
                case CLOSED -> "#111827";
            };
            out.append("<circle class=\"event\"").append(attr("data-kind", e.kind().name()))
                    .append(attr("data-drop", Boolean.toString(e.isDrop()))).append(" cx=\"").append(num(x(e.at(), start, span)))
                    .append("\" cy=\"").append(num(barY + 6)).append("\" r=\"4.5\" fill=\"").append(colour)
                    .append("\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>").append(escape(e.toString()))
                    .append("</title></circle>\n");
        }
    }

    private static void segment(StringBuilder out, Ends ends, Instant from, Instant to, Instant start, long span, double y,
                                boolean stalled) {
        LinkHealth h = LinkHealth.of(ends, stalled);
        double x1 = x(from, start, span);
        double x2 = Math.max(x1 + 2, x(to, start, span));
        out.append("<rect class=\"seg\"").append(attr("data-state", ends.state().name()))
                .append(attr("data-health", h.id())).append(" x=\"").append(num(x1)).append("\" y=\"").append(num(y))
                .append("\" width=\"").append(num(x2 - x1)).append("\" height=\"12\" fill=\"").append(h.colour())
                .append("\"><title>").append(escape(ends.toString())).append("</title></rect>\n");
    }
}
