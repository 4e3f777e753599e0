package io.tcpscope.testkit.internal;

import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What a recorder does at each tick of its {@link Sampler}: it reads a snapshot when one is due, and
 * applies the kernel's events read since the last tick to its timeline, in the kernel's order and at
 * the kernel's times, the snapshot's changes among them at its time.
 *
 * <p>A snapshot is due at every tick for a recorder that samples, or one whose kernel events do not
 * arrive. One fed by events alone reads one at its first tick, and again once the kernel dropped
 * events (an overrun) or too many waited, to reconcile what they missed.
 *
 * <pre>{@code
 * RecorderTicks ticks = new RecorderTicks(timeline, feed, cluster::topology, true, listeners);
 * new Sampler("recorder", ticks::read, Duration.ofMillis(100), ticks::accept, () -> false).start();
 * }</pre>
 *
 * <p>Not thread-safe: the sampler's thread calls it; the timeline's own lock guards the timeline.
 */
public final class RecorderTicks {

    private static final Logger LOG = LoggerFactory.getLogger(RecorderTicks.class);
    /** How long a tick waits at most for the kernel's events to be read to the time it began. */
    private static final Duration SYNC = Duration.ofSeconds(2);
    /** How often the kernel is asked how many events it dropped. */
    private static final Duration OVERRUN_CHECK = Duration.ofSeconds(1);

    private final Timeline timeline;
    private final EventFeed feed;
    private final Supplier<Topology> snapshots;
    private final boolean sampling;
    private final List<BiConsumer<Topology, List<LinkEvent>>> listeners;
    private final long overrunCheckNanos;
    private boolean first = true;
    private boolean reconcile;
    private long overrunsSeen;
    private long lastOverrunCheck = System.nanoTime();

    /**
     * Ticks.
     *
     * @param timeline the recorder's timeline, locked while changed
     * @param feed the kernel's events, or none
     * @param snapshots reads every node's table
     * @param sampling whether to read a snapshot at every tick
     * @param listeners told each snapshot, with the link events since the last one told, the kernel's among them
     */
    public RecorderTicks(Timeline timeline, EventFeed feed, Supplier<Topology> snapshots, boolean sampling,
            List<BiConsumer<Topology, List<LinkEvent>>> listeners) {
        this(timeline, feed, snapshots, sampling, listeners, OVERRUN_CHECK);
    }

    RecorderTicks(Timeline timeline, EventFeed feed, Supplier<Topology> snapshots, boolean sampling,
            List<BiConsumer<Topology, List<LinkEvent>>> listeners, Duration overrunCheck) {
        this.overrunCheckNanos = overrunCheck.toNanos();
        this.timeline = timeline;
        this.feed = feed;
        this.snapshots = snapshots;
        this.sampling = sampling;
        this.listeners = listeners;
        feed.feedTimeline();
    }

    /** {@return a snapshot, when one is due at this tick; else {@code null}} */
    public Topology read() {
        return first || sampling || !feed.isLive() || reconcileDue() ? snapshots.get() : null;
    }

    private boolean reconcileDue() {
        long now = System.nanoTime();
        if (!reconcile && now - lastOverrunCheck >= overrunCheckNanos) {
            lastOverrunCheck = now;
            long overruns = feed.overruns();
            reconcile = overruns > overrunsSeen;
            overrunsSeen = overruns;
        }
        return reconcile;
    }

    /**
     * Applies a tick: the events read until now, and the snapshot among them at its time.
     *
     * @param at when the tick began
     * @param snapshot the snapshot it read, or {@code null}
     */
    public void accept(Instant at, Topology snapshot) {
        if (snapshot != null) {
            feed.learn(snapshot);
        }
        Instant readTo = sync();
        EventFeed.Drained drained = feed.drainForTimeline();
        reconcile = snapshot == null && (reconcile || drained.dropped() > 0);
        List<LinkEvent> caused = new ArrayList<>();
        synchronized (timeline) {
            if (snapshot == null) {
                caused.addAll(timeline.apply(drained.events()));
            } else {
                List<TcpTraceEvent> events = drained.events();
                int split = 0;
                while (split < events.size() && events.get(split).at().isBefore(at)) {
                    split++; // the kernel tells its events in order
                }
                caused.addAll(timeline.apply(events.subList(0, split)));
                caused.addAll(timeline.add(at, snapshot));
                caused.addAll(timeline.apply(events.subList(split, events.size())));
            }
            if (readTo != null) {
                caused.addAll(timeline.advance(readTo));
            }
        }
        first = false;
        feed.flush(Instant.now());
        if (snapshot != null) {
            List<LinkEvent> told = List.copyOf(caused);
            listeners.forEach(l -> l.accept(snapshot, told));
        }
    }

    /** Reads the kernel's events to now; {@code null} when they do not arrive. */
    private Instant sync() {
        if (!feed.isLive()) {
            return null;
        }
        Instant now = Instant.now();
        try {
            feed.sync(SYNC);
            return now;
        } catch (TcpscopeException e) {
            LOG.debug("the kernel's events were not read to {}: {}", now, e.getMessage());
            return null;
        }
    }
}
