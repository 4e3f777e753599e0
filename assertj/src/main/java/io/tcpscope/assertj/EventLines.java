package io.tcpscope.assertj;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.EventLog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the event assertions share: how a failure lists the kernel's events, one a line and at most
 * {@link #MOST} of them, since a log keeps thousands; what it says when a check saw no dial at all; and
 * the log's own diagnosis of the window its events span.
 */
final class EventLines {

    /** Events listed at most in one failure; the rest are counted. */
    static final int MOST = 20;

    /** Why a check found no dial, in the words of a test that may have no kernel events at all. */
    static final String NO_EVENTS_HINT = "none was made, or the kernel's events were not read"
            + " (a recorder's source() says why)";

    private EventLines() {
    }

    /** The events, one a line, the first {@link #MOST} of them, then how many more there were. */
    static String of(List<?> events) {
        if (events.isEmpty()) {
            return "  (none)";
        }
        List<String> lines = new ArrayList<>();
        events.stream().limit(MOST).forEach(e -> lines.add("  " + e));
        if (events.size() > MOST) {
            lines.add("  (and " + (events.size() - MOST) + " more)");
        }
        return String.join("\n", lines);
    }

    /**
     * The log's sentences on what failed, over the window from its first event kept to its last,
     * rounded up to whole seconds so that the sentences say {@code in the last 3 s}; empty when
     * nothing failed.
     */
    static List<String> diagnosis(EventLog log) {
        List<ConnectionEvent> events = log.events();
        if (events.isEmpty()) {
            return List.of();
        }
        // a dial that timed out is told when its grace ends, after later events: its time is not the last
        Instant first = events.stream().map(ConnectionEvent::at).min(Instant::compareTo).orElseThrow();
        Instant last = events.stream().map(ConnectionEvent::at).max(Instant::compareTo).orElseThrow();
        Duration span = Duration.between(first, last);
        long seconds = Math.max(1, span.toSeconds() + (span.toNanosPart() == 0 ? 0 : 1));
        return log.diagnose(last, Duration.ofSeconds(seconds));
    }

    /** A line saying how many older events the log dropped, or nothing. */
    static String dropped(EventLog log) {
        long dropped = log.droppedEvents();
        return dropped == 0 ? "" : "\n(the log dropped " + dropped + " older dials and resets to stay within its capacity)";
    }
}
