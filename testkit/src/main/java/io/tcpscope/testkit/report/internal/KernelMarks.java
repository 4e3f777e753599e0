package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.LinkReset;

import java.util.Locale;

import static io.tcpscope.testkit.report.internal.Html.attr;
import static io.tcpscope.testkit.report.internal.Html.escape;
import static io.tcpscope.testkit.report.internal.Html.num;

/**
 * How the lanes mark the kernel's events: a failed dial by how it ended, a cross when refused, a
 * diamond when timed out, a square when unreachable, a plus when reset during the handshake; a reset
 * of a live link by a dark triangle that points up when the lane's first node sent it and down when
 * its second did, hollow when an address outside the cluster did. Each mark is a
 * {@code <path class="kernel-mark">} with {@code data-mark} and {@code data-kind}, {@code data-from}
 * and {@code data-to} for a dial, {@code data-sender}, {@code data-receiver} (empty for an address
 * that is no node's) and {@code data-sent-by} ({@code first}, {@code second} or {@code outside}) for
 * a reset, and a {@code <title>}: the event and what it most likely means.
 *
 * <p>Thread-safe: stateless.
 */
final class KernelMarks {

    /** A kind of mark: its {@code data-mark}, its colour and its words in the legend. */
    enum Mark {
        REFUSED("refused", "#be123c", "dial refused: nothing listened"),
        TIMED_OUT("timed-out", "#b45309", "dial timed out: SYNs unanswered"),
        UNREACHABLE("unreachable", "#4338ca", "dial unreachable: an ICMP error"),
        HANDSHAKE_RESET("handshake-reset", "#0e7490", "dial reset during the handshake"),
        RESET("reset", "#111827", "live link reset: \u25b2 sent by the lane's first node, \u25bc by its second,"
                + " \u25b3 by an address outside the cluster");

        private final String id;
        private final String colour;
        private final String words;

        Mark(String id, String colour, String words) {
            this.id = id;
            this.colour = colour;
            this.words = words;
        }

        String id() {
            return id;
        }

        static Mark of(ConnectionEvent e) {
            if (e instanceof LinkReset) {
                return RESET;
            }
            DialOutcome outcome = ((Dial) e).outcome();
            return switch (outcome) {
                case REFUSED -> REFUSED;
                case TIMED_OUT -> TIMED_OUT;
                case UNREACHABLE -> UNREACHABLE;
                case RESET -> HANDSHAKE_RESET;
                case CONNECTED -> throw new IllegalArgumentException("a dial that connected has no mark: " + e);
            };
        }
    }

    private static final double R = 5;

    private KernelMarks() {
    }

    /** Which of its lane's ends sent a reset. */
    enum SentBy {
        /** The lane's first node: its link's {@code from}, or its pair's first by name. */
        FIRST,
        /** The lane's second node. */
        SECOND,
        /** An address that is no node's. */
        OUTSIDE
    }

    /**
     * A mark.
     *
     * @param e a failed dial or a reset
     * @param x where, on the time axis
     * @param y the mark's centre
     * @param sentBy for a reset, which end of the lane sent it; ignored for a dial
     * @return an SVG element
     */
    static String mark(ConnectionEvent e, double x, double y, SentBy sentBy) {
        StringBuilder out = new StringBuilder("<path class=\"kernel-mark\"").append(attr("data-mark", Mark.of(e).id()))
                .append(attr("data-kind", e.kind()));
        if (e instanceof Dial d) {
            out.append(attr("data-from", d.from())).append(attr("data-to", d.targetName()));
        } else if (e instanceof LinkReset r) {
            out.append(attr("data-sender", orEmpty(r.sender()))).append(attr("data-receiver", orEmpty(r.receiver())))
                    .append(attr("data-sent-by", sentBy.name().toLowerCase(Locale.ROOT)));
        }
        return out.append(shape(Mark.of(e), x, y, sentBy)).append("><title>").append(escape(tooltip(e)))
                .append("</title></path>\n").toString();
    }

    /**
     * What a mark's tooltip says: the event, then what it most likely means.
     *
     * @param e a failed dial or a reset
     * @return two lines
     */
    static String tooltip(ConnectionEvent e) {
        return e + "\n" + reason(e);
    }

    /**
     * Why a dial failed, or what a reset met.
     *
     * @param e a failed dial or a reset
     * @return for example {@code refused: nothing listens on node-3:9000}
     */
    static String reason(ConnectionEvent e) {
        if (e instanceof Dial d) {
            return d.outcome().word() + ": " + d.outcome().cause(d.targetName())
                    + (d.synRetransmits() > 0 ? ", after " + d.synRetransmits() + " SYN retransmits" : "");
        }
        LinkReset r = (LinkReset) e;
        return name(r.sender()) + " sent the reset; " + name(r.receiver()) + "'s socket was " + r.state().ssName();
    }

    /** {@return the legend of the marks, a line of HTML with a small picture of each} */
    static String legend() {
        StringBuilder out = new StringBuilder("<p class=\"legend-line\" id=\"mark-legend\">Kernel events:");
        for (Mark m : Mark.values()) {
            out.append(" <span class=\"mark-key\"").append(attr("data-mark", m.id()))
                    .append("><svg width=\"12\" height=\"12\" viewBox=\"0 0 12 12\" aria-hidden=\"true\"><path")
                    .append(shape(m, 6, 6, SentBy.FIRST)).append("/></svg>").append(escape(m.words)).append("</span>");
        }
        return out.append("</p>\n").toString();
    }

    /** A shape's attributes: its outline and its colours. */
    private static String shape(Mark m, double x, double y, SentBy sentBy) {
        String d = switch (m) {
            case REFUSED -> "M" + p(x - R, y - R) + "L" + p(x + R, y + R) + "M" + p(x - R, y + R) + "L" + p(x + R, y - R);
            case HANDSHAKE_RESET -> "M" + p(x - R, y) + "L" + p(x + R, y) + "M" + p(x, y - R) + "L" + p(x, y + R);
            case TIMED_OUT -> "M" + p(x, y - R) + "L" + p(x + R, y) + "L" + p(x, y + R) + "L" + p(x - R, y) + "Z";
            case UNREACHABLE -> "M" + p(x - R + 1, y - R + 1) + "H" + num(x + R - 1) + "V" + num(y + R - 1) + "H"
                    + num(x - R + 1) + "Z";
            case RESET -> sentBy != SentBy.SECOND ? "M" + p(x, y - R) + "L" + p(x + R, y + R - 1) + "L" + p(x - R, y + R - 1) + "Z"
                    : "M" + p(x, y + R) + "L" + p(x + R, y - R + 1) + "L" + p(x - R, y - R + 1) + "Z";
        };
        if (m == Mark.REFUSED || m == Mark.HANDSHAKE_RESET) {
            return " d=\"" + d + "\" fill=\"none\" stroke=\"" + m.colour + "\" stroke-width=\"2.2\" stroke-linecap=\"round\"";
        }
        if (m == Mark.RESET && sentBy == SentBy.OUTSIDE) {
            return " d=\"" + d + "\" fill=\"#ffffff\" stroke=\"" + m.colour + "\" stroke-width=\"1.5\"";
        }
        return " d=\"" + d + "\" fill=\"" + m.colour + "\" stroke=\"#ffffff\" stroke-width=\"1\"";
    }

    private static String p(double x, double y) {
        return num(x) + " " + num(y);
    }

    private static String name(String node) {
        return node == null ? "an address outside the cluster" : node;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
