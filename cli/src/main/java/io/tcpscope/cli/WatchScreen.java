package io.tcpscope.cli;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.LinkReset;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.StalledLink;
import io.tcpscope.core.topology.Topology;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One screen of {@code tcpscope watch}, as a pure function of what the timeline holds: a header,
 * the links open now with their ends' states, and the latest events, fitted to the terminal.
 *
 * <pre>
 * tcpscope watch  3 containers: a, b, c  mode auto  every 500 ms
 * source: kernel events (tracefs) and samples every 500 ms
 * 12:00:01.300  sample 42
 * nodes: a (1 active), b (1 active), c (0 active)
 *
 * Links: 1 open; * changed since the last screen, ! stalled
 * *  b 10.0.0.3:40001 -&gt; a 10.0.0.2:9000  [ESTAB | ESTAB]
 *
 * Events: 3, newest last
 * *  12:00:01.300 OPENED b 10.0.0.3:40001 -&gt; a 10.0.0.2:9000 [ESTAB | ESTAB]
 * *  12:00:01.438 DIAL_FAILED c -&gt; a:9001 refused (nothing listens on a:9001)
 * *  12:00:01.702 RESET a 10.0.0.2:9000 -&gt; b 10.0.0.3:40001 (ESTAB)
 * </pre>
 *
 * <p>The second line says where the events come from: the kernel's own events and samples, or
 * samples only and why (then it is yellow in colour). The events are the links' (from the samples
 * and the kernel's events, less a dial's handshake steps) and, where the kernel's events are read,
 * each failed dial and each reset, merged in time order.
 * What changed since the last screen is marked {@code *}, a stalled link {@code !}; with colour
 * those lines are also shown in reverse video, red, or in the event's colour (opened green,
 * changed yellow, closed, a failed dial and a reset red). A line wider than the terminal ends in {@code ...}; links and events
 * that do not fit are counted on screen, never dropped in silence. Control characters in what is
 * shown (a container's stderr quoted in a failure, say) are escaped: only the screen's own
 * colours reach the terminal.
 *
 * <p>Stateless and thread-safe.
 */
final class WatchScreen {

    /** The smallest screen drawn; a smaller terminal scrolls. */
    static final int MIN_COLUMNS = 40;
    static final int MIN_LINES = 10;

    private static final String BOLD = "\033[1m";
    private static final String REVERSE = "\033[7m";
    private static final String RED = "\033[31m";
    private static final String GREEN = "\033[32m";
    private static final String YELLOW = "\033[33m";
    private static final String RESET = "\033[0m";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** Title, source, status, nodes, blank, links title, blank, events title. */
    private static final int FIXED_LINES = 8;

    private WatchScreen() {
    }

    /**
     * What is watched and how: the same on every screen.
     *
     * @param watched such as {@code 3 containers: a, b, c} or {@code network p2p}
     * @param mode the inspector mode's name
     * @param interval the pause between samples
     * @param zone the time zone the times are shown in
     * @param source where the events come from, the recorder's {@code source()}; {@code null} until known
     * @param kernelEvents whether the kernel's events are read, besides the samples
     */
    record Header(String watched, String mode, Duration interval, ZoneId zone, String source, boolean kernelEvents) {

        /**
         * The same, with where the events come from.
         *
         * @param source the recorder's {@code source()}
         * @param kernelEvents whether the recorder reads the kernel's events
         * @return the header
         */
        Header withSource(String source, boolean kernelEvents) {
            return new Header(watched, mode, interval, zone, source, kernelEvents);
        }
    }

    /**
     * The kernel's failed dials and resets kept for the screen, oldest first.
     *
     * @param events the events kept
     * @param dropped the events older than those kept
     * @param fresh how many of the last ones came since the last screen
     */
    record Kernel(List<ConnectionEvent> events, long dropped, int fresh) {

        /** None: no kernel events, or none yet. */
        static final Kernel NONE = new Kernel(List.of(), 0, 0);

        Kernel {
            events = List.copyOf(events);
            if (dropped < 0 || fresh < 0 || fresh > events.size()) {
                throw new IllegalArgumentException("dropped " + dropped + " and fresh " + fresh + " of " + events.size());
            }
        }
    }

    /**
     * What the timeline held after a sample.
     *
     * @param samples the samples read
     * @param failed the samples that failed
     * @param lastFailure the last failure's message, or {@code null}
     * @param at when the last sample read began, or {@code null} before the first
     * @param latest the last topology read, or {@code null}
     * @param links the links open now
     * @param stalled the links that stayed stalled
     * @param events the events kept, oldest first
     * @param dropped the events older than those kept
     * @param fresh the events since the last screen
     * @param kernel the kernel's failed dials and resets
     */
    record State(long samples, long failed, String lastFailure, Instant at, Topology latest,
                 Map<Edge, LinkEvent.Ends> links, List<StalledLink> stalled, List<LinkEvent> events, long dropped,
                 List<LinkEvent> fresh, Kernel kernel) {
    }

    /** An event's line and when it happened, to merge the samples' events and the kernel's in time order. */
    private record Timed(Instant at, Line line) {
    }

    /** A line and how it is shown in colour: a style of {@link WatchScreen}'s, or empty for none. */
    private record Line(String text, String style) {
        static Line plain(String text) {
            return new Line(text, "");
        }
    }

    /**
     * The screen's lines, each at most {@code columns} wide in characters shown, and at most
     * {@code lines} of them.
     *
     * @param header what is watched
     * @param state what the timeline holds
     * @param columns the terminal's width
     * @param lines the terminal's height
     * @param color whether to add ANSI colours and attributes
     * @return the lines, without line ends
     */
    static List<String> render(Header header, State state, int columns, int lines, boolean color) {
        int width = Math.max(columns, MIN_COLUMNS);
        int height = Math.max(lines, MIN_LINES);
        List<Line> screen = new ArrayList<>();
        screen.add(new Line("tcpscope watch  " + header.watched() + "  mode " + header.mode() + "  every "
                + millis(header.interval()), BOLD));
        screen.add(source(header));
        screen.add(status(header, state));
        screen.add(Line.plain(nodes(state.latest())));
        screen.add(Line.plain(""));

        List<Line> links = links(header, state);
        List<Line> events = events(header, state);
        int room = height - FIXED_LINES;
        int eventRoom = Math.min(events.size(), Math.max(3, room / 3));
        int linkRoom = Math.max(1, room - eventRoom);
        if (links.size() > linkRoom) {
            int shown = linkRoom - 1;
            int hidden = links.size() - shown;
            links = new ArrayList<>(links.subList(0, shown));
            links.add(Line.plain("   ... " + hidden + " more not shown; a taller terminal or --json shows them"));
        }
        screen.add(new Line("Links: " + state.links().size() + " open; * changed since the last screen, ! stalled", BOLD));
        screen.addAll(links);
        screen.add(Line.plain(""));

        int shownEvents = Math.min(events.size(), Math.max(0, room - links.size()));
        long dropped = state.dropped() + state.kernel().dropped();
        long notShown = dropped + events.size() - shownEvents;
        long total = dropped + events.size();
        screen.add(new Line("Events: " + total + (total == 0 ? "" : ", newest last")
                + (notShown > 0 ? "; " + notShown + " earlier not shown" : ""), BOLD));
        screen.addAll(events.subList(events.size() - shownEvents, events.size()));

        List<String> out = new ArrayList<>();
        for (Line line : screen.subList(0, Math.min(screen.size(), height))) {
            // what a container said (a failure's stderr, say) reaches the terminal escaped, never raw
            String text = fit(Printable.line(line.text()), width);
            out.add(color && !line.style().isEmpty() ? line.style() + text + RESET : text);
        }
        return out;
    }

    /**
     * The lines as one frame to write: from the top left, each line clearing its rest, and the
     * screen below the last cleared.
     *
     * @param lines the screen's lines
     * @return the text to write
     */
    static String frame(List<String> lines) {
        return Terminal.HOME + String.join(Terminal.CLEAR_LINE + "\n", lines) + Terminal.CLEAR_LINE + Terminal.CLEAR_BELOW;
    }

    private static Line source(Header header) {
        String source = header.source() == null ? "not known yet" : header.source();
        return new Line("source: " + source, header.kernelEvents() ? "" : YELLOW);
    }

    private static Line status(Header header, State state) {
        String when = state.at() == null ? "waiting for the first sample" : time(header, state.at()) + "  sample " + state.samples();
        if (state.failed() == 0) {
            return Line.plain(when);
        }
        String failure = state.lastFailure() == null ? "" : ", the last: " + firstLine(state.lastFailure());
        return new Line(when + "  " + state.failed() + " failed" + failure, RED);
    }

    private static String nodes(Topology latest) {
        if (latest == null) {
            return "nodes: not read yet";
        }
        if (latest.nodes().isEmpty()) {
            return "nodes: none";
        }
        List<String> nodes = new ArrayList<>();
        for (NodeTable node : latest.tables()) {
            nodes.add(node.name() + (node.isRead() ? " (" + latest.activeConnections(node.name()) + " active)"
                    : " (not read: " + firstLine(node.unread()) + ")"));
        }
        return "nodes: " + String.join(", ", nodes);
    }

    private static List<Line> links(Header header, State state) {
        Set<Edge> changed = new HashSet<>();
        List<LinkEvent> closed = new ArrayList<>();
        for (LinkEvent e : state.fresh()) {
            changed.add(e.link());
            if (e.kind() == LinkEvent.Kind.CLOSED && !state.links().containsKey(e.link())) {
                closed.add(e);
            }
        }
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<Edge, LinkEvent.Ends> link : state.links().entrySet()) {
            boolean isChanged = changed.contains(link.getKey());
            StalledLink stall = state.stalled().stream().filter(s -> s.link().equals(link.getKey())).findFirst().orElse(null);
            String text = (isChanged ? "*" : " ") + (stall != null ? "!" : " ") + " " + link.getKey() + "  " + link.getValue()
                    + (stall == null ? "" : "  STALLED: " + stalled(header, stall));
            String style = isChanged && stall != null ? REVERSE + RED : isChanged ? REVERSE : stall != null ? RED : "";
            lines.add(new Line(text, style));
        }
        for (LinkEvent e : closed) {
            lines.add(new Line("*  " + e.link() + "  closed, was " + e.before(), REVERSE));
        }
        if (lines.isEmpty()) {
            lines.add(Line.plain("   (none)"));
        }
        return lines;
    }

    private static String stalled(Header header, StalledLink stall) {
        String since = stall.since() == null ? "" : " since " + time(header, stall.since());
        return stall.node() + " has " + stall.socket().sendQueue() + " bytes unsent (" + Output.timer(stall.socket())
                + ")" + since;
    }

    /** The links' events and the kernel's, oldest first; at the same time, the links' first. */
    private static List<Line> events(Header header, State state) {
        Set<LinkEvent> fresh = new HashSet<>(state.fresh());
        List<Timed> all = new ArrayList<>();
        for (LinkEvent e : state.events()) {
            all.add(new Timed(e.at(), event(header, e, fresh.contains(e))));
        }
        List<ConnectionEvent> kernel = state.kernel().events();
        int firstFresh = kernel.size() - state.kernel().fresh();
        for (int i = 0; i < kernel.size(); i++) {
            ConnectionEvent e = kernel.get(i);
            all.add(new Timed(e.at(), kernelEvent(header, e, i >= firstFresh)));
        }
        all.sort(Comparator.comparing(Timed::at)); // stable: the kernel's keep their order of arrival
        return all.stream().map(Timed::line).toList();
    }

    private static Line kernelEvent(Header header, ConnectionEvent e, boolean fresh) {
        String text = (fresh ? "*" : " ") + "  " + time(header, e.at()) + " " + kernelText(e);
        return new Line(text, fresh ? BOLD + RED : RED);
    }

    /**
     * What a kernel event says, after its time: {@code DIAL_FAILED c -> a:9001 refused (nothing listens
     * on a:9001)}, {@code RESET a 10.0.0.2:9000 -> b 10.0.0.3:40001 (ESTAB)}; an end that is no node's
     * is shown by its address alone.
     */
    static String kernelText(ConnectionEvent e) {
        if (e instanceof Dial d) {
            String target = d.targetName();
            return d.kind() + " " + d.from() + " -> " + target + " " + d.outcome().word()
                    + (d.synRetransmits() > 0 ? " after " + d.synRetransmits() + " SYN retransmits" : "")
                    + (d.outcome().isFailure() ? " (" + d.outcome().cause(target) + ")" : "");
        }
        LinkReset r = (LinkReset) e; // the only other kind
        return r.kind() + " " + end(r.sender(), r.senderEnd().toString()) + " -> "
                + end(r.receiver(), r.receiverEnd().toString()) + " (" + r.state().ssName() + ")";
    }

    private static String end(String node, String endpoint) {
        return node == null ? endpoint : node + " " + endpoint;
    }

    private static Line event(Header header, LinkEvent e, boolean fresh) {
        String text = (fresh ? "*" : " ") + "  " + time(header, e.at()) + " " + e.kind() + " " + e.link() + " "
                + (e.kind() == LinkEvent.Kind.CLOSED ? "was " + e.before() : e.after());
        String colour = switch (e.kind()) {
            case OPENED -> GREEN;
            case CHANGED -> YELLOW;
            case CLOSED -> RED;
        };
        return new Line(text, fresh ? BOLD + colour : colour);
    }

    private static String time(Header header, Instant at) {
        return LocalTime.ofInstant(at, header.zone()).format(TIME);
    }

    static String millis(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 || ms % 1000 != 0 ? ms + " ms" : ms / 1000 + " s";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " ...";
    }

    /** The line, or as much as fits and {@code ...} to say that the rest did not. */
    static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
