package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.EventLog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a report shows of the kernel's connection events ({@link EventLog}), copied out at one
 * moment: the dials that failed and the resets of live links, the diagnosis over the recording's
 * span, and where the events came from.
 *
 * <p>Immutable and thread-safe.
 *
 * @param marked the failed dials and the resets, oldest first
 * @param connectedDials how many dials connected
 * @param droppedEvents how many older dials and resets the log dropped to keep its capacity
 * @param diagnosis the log's sentences, one per dialer and target whose dials failed and per pair
 *     whose links were reset
 * @param source where the events come from, such as {@code samples only: ...}, or {@code null} when
 *     not known
 */
public record KernelEventsView(List<ConnectionEvent> marked, long connectedDials, long droppedEvents,
                           List<String> diagnosis, String source) {

    /** The prefix of a source that read no kernel events, as {@code TimelineRecorder.source()} writes it. */
    static final String SAMPLES_ONLY = "samples only";

    /**
     * Copies.
     *
     * @param marked the failed dials and resets
     * @param connectedDials the dials that connected
     * @param droppedEvents the events dropped
     * @param diagnosis the sentences
     * @param source where from, or {@code null}
     */
    public KernelEventsView {
        marked = List.copyOf(marked);
        diagnosis = List.copyOf(diagnosis);
    }

    /**
     * Copies what a report shows out of a log. The diagnosis covers the recording: from the first
     * sample or event to the last, rounded up to whole seconds. The failure's time is left out, since
     * a log given with no timeline may come from another clock than the report's.
     *
     * @param log the log, immutable or read under its owner's lock; {@code null} for none
     * @param source where its events come from, or {@code null}
     * @param firstSample when the recording began, or {@code null} when not known
     * @param lastSample when its last sample began, or {@code null} when not known
     * @return the copy
     */
    public static KernelEventsView of(EventLog log, String source, Instant firstSample, Instant lastSample) {
        if (log == null) {
            return new KernelEventsView(List.of(), 0, 0, List.of(), source);
        }
        List<ConnectionEvent> all = log.events();
        List<ConnectionEvent> marked = all.stream()
                .filter(e -> !(e instanceof Dial d) || d.outcome().isFailure()).toList();
        long connected = all.size() - marked.size();
        List<String> diagnosis = List.of();
        if (!all.isEmpty()) {
            // a dial the log ended late, when its grace ran out, comes after events that are younger
            Instant first = all.stream().map(ConnectionEvent::at).min(Instant::compareTo).orElseThrow();
            Instant last = all.stream().map(ConnectionEvent::at).max(Instant::compareTo).orElseThrow();
            Instant start = firstSample != null && firstSample.isBefore(first) ? firstSample : first;
            Instant end = lastSample != null && lastSample.isAfter(last) ? lastSample : last;
            long millis = Duration.between(start, end).toMillis();
            Duration window = Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
            diagnosis = log.diagnose(end, window);
        }
        return new KernelEventsView(marked, connected, log.droppedEvents(), diagnosis, source);
    }

    /** {@return whether the events come from samples only, so that a failed dial could not be seen} */
    public boolean isSamplesOnly() {
        return source != null && source.startsWith(SAMPLES_ONLY);
    }
}
