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
 * <p>Thread-safe: the sampler's thread ticks, and a caller may {@link #catchUp} between two ticks;
 * the timeline's own lock guards the timeline.
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
    /** The samples' clock: one reading of the wall clock, and the monotonic clock since. */
    private final Instant base = Instant.now();
    private final long baseNanos = System.nanoTime();
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
     * @param listeners told each snapshot, with the link events since the last one told, the kernel's among them;
     *     without sampling, told too each tick whose events changed a link, with the last snapshot
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
        boolean due;
        synchronized (this) {
            due = first || sampling || !feed.isLive() || reconcileDue();
        }
        return due ? snapshots.get() : null; // a read may take long: a caller catching up need not wait for it
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
     * Applies a tick: the events read until now, then the snapshot, if one was read; the snapshot keeps
     * what the events told since it began, which its read may have missed.
     *
     * @param at when the tick began
     * @param snapshot the snapshot it read, or {@code null}
     */
    public synchronized void accept(Instant at, Topology snapshot) {
        if (snapshot != null) {
            feed.learn(snapshot);
        }
        Instant readTo = sync();
        EventFeed.Drained drained = feed.drainForTimeline();
        reconcile = drained.dropped() > 0 || readTo == null && feed.isLive() || snapshot == null && reconcile;
        List<LinkEvent> caused = new ArrayList<>();
        Topology latest;
        synchronized (timeline) {
            caused.addAll(timeline.apply(drained.events()));
            if (snapshot != null) {
                caused.addAll(timeline.add(at, snapshot));
            }
            if (readTo != null) {
                caused.addAll(timeline.advance(readTo));
            }
            latest = timeline.latest();
        }
        first = false;
        feed.flush(Instant.now());
        if (snapshot != null || !sampling && !caused.isEmpty()) {
            List<LinkEvent> told = List.copyOf(caused);
            listeners.forEach(l -> l.accept(latest, told));
        }
    }

    /**
     * Applies what the kernel's events told since the last tick, now: for a caller that synced them and
     * wants them on the timeline before the next tick, and for a recorder that closes.
     *
     * @param readTo the time every event before has been read, or {@code null} when that is not known
     */
    public synchronized void catchUp(Instant readTo) {
        synchronized (timeline) {
            if (timeline.latest() == null) {
                return; // before the first snapshot no event can be named: the first tick applies them
            }
        }
        EventFeed.Drained drained = feed.drainForTimeline();
        reconcile |= drained.dropped() > 0;
        synchronized (timeline) {
            timeline.apply(drained.events());
            if (readTo != null) {
                timeline.advance(readTo);
            }
        }
    }

    /** {@return now, on the clock the samples' times are read from} */
    public Instant now() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    /** Reads the kernel's events to now; {@code null} when they do not arrive. */
    private Instant sync() {
        if (!feed.isLive()) {
            return null;
        }
        Instant now = now();
        try {
            feed.sync(SYNC);
            return now;
        } catch (TcpscopeException e) {
            LOG.debug("the kernel's events were not read to {}: {}", now, e.getMessage());
            return null;
        }
    }
}
