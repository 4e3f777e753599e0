package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.LinkEvent.Ends;
import io.tcpscope.core.topology.Outage;
import io.tcpscope.core.topology.StalledLink;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a report shows of a {@link Timeline}, copied out of it at one moment, so that the report
 * can be drawn while the timeline goes on (read it under the recorder's lock).
 *
 * <p>Immutable and thread-safe.
 *
 * @param events the events kept, oldest first
 * @param droppedEvents how many older events the timeline dropped
 * @param samples how many snapshots it took in
 * @param firstSample when the first began, or {@code null} before it
 * @param lastSample when the last began, or {@code null} before the first
 * @param links the links open at the last sample, and their ends' states
 * @param stalled the links that stayed stalled, as of the last sample
 * @param pairs the flaps and outages of every pair that ever had a link
 * @param latest the last snapshot, or {@code null}
 * @param failedSamples how many snapshots failed, or -1 when not known (a timeline with no recorder)
 * @param lastFailure the last failed snapshot's failure, or {@code null}
 * @param interval how often the recorder sampled, or {@code null} when not known
 */
public record TimelineView(List<LinkEvent> events, long droppedEvents, long samples, Instant firstSample,
                           Instant lastSample, Map<Edge, Ends> links, List<StalledLink> stalled, List<PairSummary> pairs,
                           Topology latest, long failedSamples, String lastFailure, Duration interval) {

    /**
     * Copies.
     *
     * @param events the events kept
     * @param droppedEvents how many were dropped
     * @param samples how many snapshots
     * @param firstSample the first's time, or {@code null}
     * @param lastSample the last's time, or {@code null}
     * @param links the links open now
     * @param stalled the stalled links
     * @param pairs every pair's flaps and outages
     * @param latest the last snapshot, or {@code null}
     * @param failedSamples the failed snapshots, or -1
     * @param lastFailure the last failure, or {@code null}
     * @param interval the interval, or {@code null}
     */
    public TimelineView {
        events = List.copyOf(events);
        links = Map.copyOf(links);
        stalled = List.copyOf(stalled);
        pairs = List.copyOf(pairs);
    }

    /**
     * A pair of nodes that had a link: how often one went down, and when they had none.
     *
     * @param a a node, first by name
     * @param b the other node
     * @param flaps how many times a link between them went down
     * @param outages the times they had no link up, the one under way last
     */
    public record PairSummary(String a, String b, long flaps, List<Outage> outages) {

        /**
         * Copies.
         *
         * @param a a node
         * @param b the other node
         * @param flaps the drops
         * @param outages the outages
         */
        public PairSummary {
            Objects.requireNonNull(a, "a must not be null");
            Objects.requireNonNull(b, "b must not be null");
            outages = List.copyOf(outages);
        }
    }

    /**
     * Copies what a report shows out of a timeline. The caller keeps others from adding to it
     * meanwhile, as {@code recorder.read(TimelineView::of)} does. Of a timeline fed by the kernel's
     * events, the events are as samples would have shown them ({@link LinkEvent#asSampled}): the
     * report's kernel events show each failed dial as a mark and a row, so that a refused dial is not a
     * lane of its own.
     *
     * @param timeline the timeline
     * @return the copy, with no recorder's counts
     */
    public static TimelineView of(Timeline timeline) {
        List<PairSummary> pairs = timeline.pairs().stream().map(p -> new PairSummary(p.first(), p.second(),
                timeline.flaps(p.first(), p.second()), timeline.outages(p.first(), p.second()))).toList();
        List<LinkEvent> events = timeline.changesFromEvents() == 0 ? timeline.events() : LinkEvent.asSampled(timeline.events());
        return new TimelineView(events, timeline.droppedEvents(), timeline.samples(), timeline.firstSample(),
                timeline.lastSample(), timeline.links(), timeline.stalledLinks(), pairs, timeline.latest(), -1, null, null);
    }

    /**
     * The same view with what its recorder knows besides the timeline.
     *
     * @param failedSamples how many snapshots failed
     * @param lastFailure the last failure, or {@code null}
     * @param interval how often it sampled
     * @return the view
     */
    public TimelineView sampled(long failedSamples, String lastFailure, Duration interval) {
        return new TimelineView(events, droppedEvents, samples, firstSample, lastSample, links, stalled, pairs, latest,
                failedSamples, lastFailure, interval);
    }
}
