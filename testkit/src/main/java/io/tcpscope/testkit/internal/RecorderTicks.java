package io.tcpscope.testkit.internal;

import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Thread-safe: the sampler's thread ticks, and a caller may {@link #catchUp} between two ticks,
 * waiting a bounded time for a tick under way; the timeline's own lock guards the timeline. Listeners
 * and the feed's own listeners are called with no lock held.
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
    /** Guards the fields below, held while a tick or a catch-up applies events; never while listeners run. */
    private final ReentrantLock lock = new ReentrantLock();
    private boolean first = true;
    private boolean reconcile;
    private boolean reading;
    private boolean droppedWhileReading;
    private long overrunsSeen;
    private long lastOverrunCheck = System.nanoTime();
    /** Link events a catch-up caused, told with the next tick's. */
    private final List<LinkEvent> untold = new ArrayList<>();
    private final CountDownLatch firstTick = new CountDownLatch(1);

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
        boolean check;
        lock.lock();
        try {
            long now = System.nanoTime();
            check = !first && !sampling && !reconcile && feed.isLive() && now - lastOverrunCheck >= overrunCheckNanos;
            lastOverrunCheck = check ? now : lastOverrunCheck;
        } finally {
            lock.unlock();
        }
        long overruns = check ? feed.overruns() : 0; // an engine's helper answers over a round trip: no lock held
        boolean due;
        lock.lock();
        try {
            if (check) {
                reconcile |= overruns > overrunsSeen;
                overrunsSeen = Math.max(overrunsSeen, overruns);
            }
            due = first || sampling || !feed.isLive() || reconcile;
            reading = due;
            droppedWhileReading = false;
        } finally {
            lock.unlock();
        }
        return due ? snapshots.get() : null; // a read may take long: a caller catching up need not wait for it
    }

    /**
     * Applies a tick: the events read until now, then the snapshot, if one was read; the snapshot keeps
     * what the events told since it began, which its read may have missed. At the first tick, the
     * snapshot comes first, since it names the nodes, and then the events from its start on.
     *
     * @param at when the tick began
     * @param snapshot the snapshot it read, or {@code null}
     */
    public void accept(Instant at, Topology snapshot) {
        if (snapshot != null) {
            feed.learn(snapshot);
        }
        Instant readTo = sync();
        List<LinkEvent> caused = new ArrayList<>();
        Topology latest;
        lock.lock();
        try {
            EventFeed.Drained drained = feed.drainForTimeline();
            reconcile = drained.dropped() > 0 || droppedWhileReading || snapshot == null && reconcile;
            reading = false;
            caused.addAll(untold);
            untold.clear();
            synchronized (timeline) {
                if (snapshot != null && timeline.latest() == null) {
                    caused.addAll(timeline.add(at, snapshot));
                    caused.addAll(timeline.apply(drained.events().stream().filter(e -> !e.at().isBefore(at)).toList()));
                } else {
                    caused.addAll(timeline.apply(drained.events()));
                    if (snapshot != null) {
                        caused.addAll(timeline.add(at, snapshot));
                    }
                }
                if (readTo != null) {
                    caused.addAll(timeline.advance(readTo));
                }
                latest = timeline.latest();
            }
            first = false;
        } finally {
            lock.unlock();
        }
        firstTick.countDown();
        feed.flush(Instant.now());
        if (snapshot != null || !sampling && !caused.isEmpty()) {
            List<LinkEvent> told = List.copyOf(caused);
            listeners.forEach(l -> l.accept(latest, told));
        }
    }

    /**
     * Applies what the kernel's events told since the last tick, now, for a caller that synced them
     * and wants them on the timeline before the next tick, or a recorder that closes; the listeners
     * hear of them with the next tick's.
     *
     * @param wait how long to wait at most for the first tick, and for a tick under way
     * @return whether it applied them: not when the first tick or a tick under way held on longer
     */
    public boolean catchUp(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!firstTick.await(wait.toNanos(), TimeUnit.NANOSECONDS)
                    || !lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            synchronized (timeline) {
                if (timeline.latest() == null) {
                    return false; // before the first snapshot no event can be named: the first tick applies them
                }
                EventFeed.Drained drained = feed.drainForTimeline();
                reconcile |= drained.dropped() > 0;
                droppedWhileReading |= reading && drained.dropped() > 0;
                untold.addAll(timeline.apply(drained.events()));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the kernel's events to now and puts them on the timeline, within a bound.
     *
     * @param timeout how long at most
     * @throws InspectionFailedException if they were not read, or not put on the timeline, in time
     */
    public void sync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        feed.sync(timeout);
        if (!catchUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))) && feed.isLive()) {
            throw InspectionFailedException.of("the kernel's events", "they were read, but the recorder's first snapshot"
                    + " or its tick under way did not end within " + timeout.toMillis() + " ms; sync with a longer timeout");
        }
    }

    /** Puts what was read after the last tick on the timeline, and tells the listeners: the recorder closes. */
    public void close() {
        if (catchUp(Duration.ofSeconds(1))) {
            tellUntold();
        }
    }

    private void tellUntold() {
        List<LinkEvent> told;
        Topology latest;
        lock.lock();
        try {
            told = List.copyOf(untold);
            untold.clear();
            synchronized (timeline) {
                latest = timeline.latest();
            }
        } finally {
            lock.unlock();
        }
        if (!told.isEmpty()) {
            listeners.forEach(l -> l.accept(latest, told));
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
