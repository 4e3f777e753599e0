package io.tcpscope.testkit;

import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Outage;
import io.tcpscope.core.topology.StalledLink;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.internal.Sampler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Records a cluster's links while a test runs: a sampler takes a snapshot every 100 ms (or the
 * interval you give; a cluster or scope read in exec or sidecar mode samples every second unless
 * told, since each of its snapshots is an exec per node) on a thread of its own and turns
 * successive snapshots into a {@link Timeline} of events, so that a test can ask what happened,
 * not only what is.
 *
 * <pre>{@code
 * try (TimelineRecorder recorder = cluster.record()) {
 *     recorder.awaitStable(Duration.ofSeconds(1), Duration.ofSeconds(30));   // the gate before asserting
 *     cluster.disconnect("node-3");
 *     recorder.awaitEvent(e -> e.joins("node-1", "node-3") && e.isDrop(), Duration.ofSeconds(30));
 *     cluster.reconnect("node-3");
 *     ...
 *     assertThat(recorder.flaps("node-1", "node-3")).isEqualTo(1);
 *     recorder.edgeHistory("node-1", "node-3").forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Its cost is bounded: a snapshot starts only after the last one ended (a slow read stretches
 * the interval instead of piling up), and the timeline keeps the last {@link Timeline#DEFAULT_CAPACITY}
 * events. A snapshot that fails is counted ({@link #failedSamples()}) and sampling goes on, as it does
 * when a listener throws, an {@link AssertionError} included; when the cluster or scope it samples is
 * closed, sampling ends.
 *
 * <p>Thread-safe.
 */
public final class TimelineRecorder implements AutoCloseable {

    /** How often a recorder samples unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    /**
     * How often the recorder of a cluster or scope read in {@link InspectorMode#DOCKER_EXEC exec} or
     * {@link InspectorMode#SIDECAR sidecar} mode samples unless told otherwise: each of its snapshots
     * runs an exec in (or beside) every node, which costs the engine far more than a read of procfs.
     */
    public static final Duration EXEC_INTERVAL = Duration.ofSeconds(1);

    private final Timeline timeline;
    private final Sampler sampler;
    private final Duration interval;

    private TimelineRecorder(Builder builder) {
        this.timeline = new Timeline(builder.capacity, builder.stallTime);
        this.interval = builder.interval;
        List<BiConsumer<Topology, List<LinkEvent>>> listeners = List.copyOf(builder.listeners);
        this.sampler = new Sampler(builder.name, builder.snapshots, builder.interval, (at, snapshot) -> {
            List<LinkEvent> events;
            synchronized (timeline) {
                events = timeline.add(at, snapshot);
            }
            listeners.forEach(l -> l.accept(snapshot, events));
        }, builder.closed);
    }

    /**
     * Starts describing a recorder of any source of snapshots, such as
     * {@code () -> scope.topology("node-a", "node-b")}.
     *
     * @param snapshots reads every node's table at once
     * @return a builder
     */
    public static Builder of(Supplier<Topology> snapshots) {
        return new Builder(Objects.requireNonNull(snapshots, "snapshots must not be null"));
    }

    /** {@return how often it samples} */
    public Duration interval() {
        return interval;
    }

    /**
     * Reads the timeline under the recorder's lock, for what the other methods do not give, such as
     * a report that draws it.
     *
     * @param read what to read; it must not keep the timeline
     * @param <T> what it gives
     * @return what it gave
     */
    public <T> T read(Function<Timeline, T> read) {
        synchronized (timeline) {
            return read.apply(timeline);
        }
    }

    /** {@return the events kept, oldest first} */
    public List<LinkEvent> events() {
        return read(Timeline::events);
    }

    /**
     * The events of the links between two nodes.
     *
     * @param a a node
     * @param b another node
     * @return the events kept, oldest first
     */
    public List<LinkEvent> edgeHistory(String a, String b) {
        return read(t -> t.edgeHistory(a, b));
    }

    /**
     * How many times a link between two nodes went down since recording began.
     *
     * @param a a node
     * @param b another node
     * @return the count
     */
    public long flaps(String a, String b) {
        return read(t -> t.flaps(a, b));
    }

    /**
     * The most times a link between two nodes went down inside any window of a given length.
     *
     * @param a a node
     * @param b another node
     * @param window the window's length
     * @return the count
     */
    public long mostFlaps(String a, String b, Duration window) {
        return read(t -> t.mostFlaps(a, b, window));
    }

    /**
     * The times two nodes had no link up, after they first had one.
     *
     * @param a a node
     * @param b another node
     * @return the outages, the one under way last
     */
    public List<Outage> outages(String a, String b) {
        return read(t -> t.outages(a, b));
    }

    /** {@return every pair of nodes that ever had a link, each in name order} */
    public List<NodePair> pairs() {
        return read(Timeline::pairs);
    }

    /** {@return the links that stayed stalled for the stall time, as of the last sample} */
    public List<StalledLink> stalledLinks() {
        return read(Timeline::stalledLinks);
    }

    /** {@return the links open at the last sample, and their ends' states} */
    public Map<Edge, LinkEvent.Ends> links() {
        return read(Timeline::links);
    }

    /** {@return the last snapshot, if one was taken} */
    public Optional<Topology> latest() {
        return Optional.ofNullable(read(Timeline::latest));
    }

    /** {@return how many snapshots were added to the timeline} */
    public long samples() {
        return read(Timeline::samples);
    }

    /** {@return how many snapshots failed, and were left out} */
    public long failedSamples() {
        return sampler.failures();
    }

    /** {@return how many snapshots failed with an exception that is not a {@link TcpscopeException}} */
    public long untypedFailures() {
        return sampler.untypedFailures();
    }

    /** {@return the last snapshot's failure, if one failed} */
    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(sampler.lastFailure());
    }

    /** {@return whether it still samples: not closed, and its cluster not closed} */
    public boolean isRecording() {
        return sampler.isRunning();
    }

    /**
     * Waits until the links have not changed for a while: the natural gate before a test starts
     * asserting, once a cluster has formed.
     *
     * @param quiet how long no event must have happened, measured between the recorder's samples
     * @param timeout how long to wait
     * @return the last snapshot
     * @throws ConditionTimeoutError if the links kept changing
     */
    public Topology awaitStable(Duration quiet, Duration timeout) {
        Objects.requireNonNull(quiet, "quiet must not be null");
        String condition = "no link changed for " + quiet.toMillis() + " ms";
        Quiet last = Polling.until(() -> read(t -> new Quiet(t.latest(), t.lastChange(), t.lastSample(), t.events())),
                q -> q.latest != null && !Duration.between(q.lastChange, q.lastSample).minus(quiet).isNegative(),
                timeout, seen -> {
                    Quiet q = seen instanceof Quiet s ? s : null;
                    List<String> recent = q == null ? List.of() : lastEvents(q.events, 10);
                    return new ConditionTimeoutError("the links did not stay unchanged for " + quiet.toMillis()
                            + " ms within " + timeout.toMillis() + " ms; the last events:\n  " + String.join("\n  ", recent),
                            condition, timeout, recent, q == null ? null : q.latest,
                            sampler.lastFailure());
                });
        return last.latest;
    }

    /**
     * Waits until the timeline shows an event, recorded before or after this call.
     *
     * @param event which event, such as {@code e -> e.joins("node-1", "node-3") && e.isDrop()}
     * @param timeout how long to wait
     * @return the first event kept that matches
     * @throws ConditionTimeoutError if none is recorded in time
     */
    public LinkEvent awaitEvent(Predicate<LinkEvent> event, Duration timeout) {
        Objects.requireNonNull(event, "event must not be null");
        return Polling.until(() -> events().stream().filter(event).findFirst(), Optional::isPresent, timeout,
                seen -> new ConditionTimeoutError("no such link event was recorded within " + timeout.toMillis()
                        + " ms; the last events:\n  " + String.join("\n  ", lastEvents(events(), 10)),
                        "a link event", timeout, List.of(), latest().orElse(null), sampler.lastFailure())).orElseThrow();
    }

    /** Stops sampling, after the snapshot under way. Idempotent. */
    @Override
    public void close() {
        sampler.close();
    }

    @Override
    public String toString() {
        return "TimelineRecorder[every " + interval.toMillis() + " ms, " + samples() + " samples, "
                + (isRecording() ? "recording" : "stopped") + "]";
    }

    private static List<String> lastEvents(List<LinkEvent> events, int n) {
        List<String> lines = new ArrayList<>();
        events.subList(Math.max(0, events.size() - n), events.size()).forEach(e -> lines.add(e.toString()));
        return lines;
    }

    /** What a wait for quiet reads. */
    private record Quiet(Topology latest, Instant lastChange, Instant lastSample, List<LinkEvent> events) {
    }

    /**
     * Describes a recorder.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private final Supplier<Topology> snapshots;
        private final List<BiConsumer<Topology, List<LinkEvent>>> listeners = new ArrayList<>();
        private Duration interval = DEFAULT_INTERVAL;
        private Duration stallTime = Timeline.DEFAULT_STALL_TIME;
        private int capacity = Timeline.DEFAULT_CAPACITY;
        private String name = "tcpscope-recorder";
        private BooleanSupplier closed = () -> false;

        private Builder(Supplier<Topology> snapshots) {
            this.snapshots = snapshots;
        }

        /**
         * How long to wait between the end of one snapshot and the start of the next.
         *
         * @param interval at least 1 ms; unless set, {@link #DEFAULT_INTERVAL} (100 ms), or
         *     {@link #EXEC_INTERVAL} for a cluster or scope read in exec or sidecar mode
         * @return this builder
         */
        public Builder interval(Duration interval) {
            if (Objects.requireNonNull(interval, "interval must not be null").toMillis() < 1) {
                throw new IllegalArgumentException("interval must be at least 1 ms, not " + interval);
            }
            this.interval = interval;
            return this;
        }

        /**
         * How long a link must stay stalled to be reported.
         *
         * @param stallTime 1 s unless set
         * @return this builder
         */
        public Builder stallTime(Duration stallTime) {
            this.stallTime = Objects.requireNonNull(stallTime, "stallTime must not be null");
            return this;
        }

        /**
         * How many events to keep; older ones are dropped, and counted.
         *
         * @param capacity {@value Timeline#DEFAULT_CAPACITY} unless set
         * @return this builder
         */
        public Builder capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        /**
         * Calls back after each snapshot, on the sampler's thread, with the snapshot and the events
         * it caused; a callback that throws is logged and does not stop sampling.
         *
         * @param listener the callback
         * @return this builder
         */
        public Builder onSample(BiConsumer<Topology, List<LinkEvent>> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * Ends sampling once what it samples is closed; a cluster's and a scope's recorders are
         * given this already.
         *
         * @param closed whether it is closed, asked before each snapshot and after a failed one
         * @return this builder
         */
        public Builder stopWhen(BooleanSupplier closed) {
            this.closed = Objects.requireNonNull(closed, "closed must not be null");
            return this;
        }

        /**
         * Names the sampler's thread.
         *
         * @param name shown in thread dumps and logs
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name must not be null");
            return this;
        }

        /**
         * Takes the first snapshot now, on the sampler's thread, and goes on every interval.
         *
         * @return the recorder
         */
        public TimelineRecorder start() {
            new Timeline(capacity, stallTime); // validates before a thread starts
            TimelineRecorder recorder = new TimelineRecorder(this);
            recorder.sampler.start();
            return recorder;
        }
    }
}
