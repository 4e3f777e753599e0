package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.events.TcpEventSource;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.internal.EventFeed;
import io.tcpscope.testkit.internal.KernelEvents;
import io.tcpscope.testkit.internal.RecorderTicks;
import io.tcpscope.testkit.internal.Sampler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Records a cluster's links while a test runs: a sampler takes a snapshot every 100 ms (or the
 * interval you give; a cluster or scope read in exec or sidecar mode samples every second unless
 * told, since each of its snapshots is an exec per node) on a thread of its own and turns
 * successive snapshots into a {@link Timeline} of events, so that a test can ask what happened,
 * not only what is.
 *
 * <pre>{@code
 * try (TimelineRecorder recorder = cluster.recorder().start()) {
 *     recorder.await().forStable(Duration.ofSeconds(1));          // the gate before asserting
 *     cluster.disconnect("node-3");
 *     recorder.await().forEvent(e -> e.joins("node-1", "node-3") && e.isDrop());
 *     cluster.reconnect("node-3");
 *     ...
 *     Timeline timeline = recorder.timeline();                   // what happened, as of now
 *     assertThat(timeline.flaps("node-1", "node-3")).isEqualTo(1);
 *     timeline.edgeHistory("node-1", "node-3").forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Where the kernel's own TCP events can be read ({@link #source()} says), a cluster's recorder
 * reads them too: its timeline has each change of a link at the kernel's time, those between samples
 * included, and {@link #events()} each dial and how it ended, each reset and who sent it. For a big
 * cluster, {@link Builder#withoutSampling()} follows the links by the events alone.
 * <pre>{@code
 * recorder.syncEvents(Duration.ofSeconds(5));   // every event so far is read
 * recorder.events().failedDials();               // [12:00:01.438 DIAL_FAILED node-2 -> node-3:9000 refused, ...]
 * }</pre>
 *
 * <p>Its cost is bounded: a snapshot starts only after the last one ended (a slow read stretches
 * the interval instead of piling up), and the timeline keeps the last {@link Timeline#DEFAULT_CAPACITY}
 * events. A snapshot that fails is counted ({@link #failedSamples()}) and sampling goes on, as it does
 * when a listener throws, an {@link AssertionError} included; when the cluster or scope it samples is
 * closed, sampling ends.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class TimelineRecorder implements AutoCloseable {

    /** How often a recorder samples unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    /**
     * How often the recorder of a cluster or scope read in {@link InspectorMode#EXEC exec} or
     * {@link InspectorMode#SIDECAR sidecar} mode samples unless told otherwise: each of its snapshots
     * runs an exec in (or beside) every node, which costs the engine far more than a read of procfs.
     */
    public static final Duration EXEC_INTERVAL = Duration.ofSeconds(1);

    private final Timeline timeline;
    private final Sampler sampler;
    private final Duration interval;
    private final Duration defaultTimeout;
    private final EventFeed feed;
    private final boolean sampling;
    private final RecorderTicks ticks;

    private TimelineRecorder(Builder builder) {
        this.timeline = new Timeline(builder.capacity, builder.stallTime);
        this.interval = builder.interval;
        this.defaultTimeout = builder.defaultTimeout;
        List<BiConsumer<Topology, List<LinkEvent>>> listeners = List.copyOf(builder.listeners);
        List<Consumer<ConnectionEvent>> eventListeners = List.copyOf(builder.eventListeners);
        this.feed = builder.feeds.apply(ended -> ended.forEach(e -> eventListeners.forEach(l -> l.accept(e))));
        this.sampling = builder.sampling;
        this.ticks = new RecorderTicks(timeline, feed, builder.snapshots, sampling, listeners);
        this.sampler = new Sampler(builder.name, ticks::read, interval, ticks::accept, feed.endingWith(builder.closed));
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
     * What the recorder has seen so far: a copy of its timeline, taken under its lock, that no later
     * sample changes. Its queries say what happened: {@code events()}, {@code edgeHistory(a, b)},
     * {@code flaps(a, b)}, {@code outages(a, b)}, {@code stalledLinks()}, {@code latest()}, ...
     *
     * @return the timeline as of now; immutable
     */
    public Timeline timeline() {
        return read(Timeline::snapshot);
    }

    <T> T read(Function<Timeline, T> read) {
        synchronized (timeline) {
            return read.apply(timeline);
        }
    }

    /** {@return how many snapshots failed, and were left out} */
    public long failedSamples() {
        return sampler.failures();
    }

    /** {@return how many snapshots failed with an exception not a {@link TcpscopeException}} */
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
     * Waits for something on the timeline, for the recorder's default timeout (its cluster's) unless
     * told.
     *
     * <pre>{@code
     * recorder.await().forStable(Duration.ofSeconds(2));
     * recorder.await().withTimeout(Duration.ofSeconds(30)).forEvent(e -> e.joins("node-1", "node-3") && e.isDrop());
     * }</pre>
     *
     * @return a wait, to set and start with a {@code for...} method
     */
    public RecorderWait await() {
        return new RecorderWait(this, defaultTimeout);
    }

    /**
     * {@return where its events come from, {@code kernel events (tracefs) and samples every 100 ms}, or
     * {@code samples only: } and why, such as {@code the containers run on another kernel than this
     * process's (a remote or desktop engine); -Dtcpscope.events=engine reads its events through a
     * privileged helper there}; without sampling, {@code ..., with a snapshot at the start and after each overrun}}
     */
    public String source() {
        return !feed.isLive() ? feed.source() + "; samples every " + ClusterWait.words(interval)
                : sampling ? feed.source() + " and samples every " + ClusterWait.words(interval)
                : feed.source() + ", with a snapshot at the start and after each overrun";
    }

    /** {@return whether it reads the kernel's own events besides its samples, or did until it was closed} */
    public boolean hasKernelEvents() {
        return feed.isLive();
    }

    /**
     * What the kernel's events said so far: each dial and how it ended, each reset and who sent it,
     * retransmits per pair of nodes. Empty when it has no kernel events ({@link #source()} says why).
     * @return the log as of now; immutable
     */
    public EventLog events() {
        feed.flush(Instant.now());
        return feed.log();
    }

    /**
     * Returns once every event the kernel recorded before this call has been read, so that what a test
     * did is in {@link #events()} and on {@link #timeline()}; returns at once when it has no kernel events.
     * @param timeout how long at most
     * @throws io.tcpscope.core.InspectionFailedException if the events did not arrive in time
     */
    public void syncEvents(Duration timeout) {
        ticks.sync(timeout);
    }

    /** {@return how many of the kernel's events were lost because its buffer was full} */
    public long eventOverruns() {
        return feed.overruns();
    }

    /** Stops sampling, after the snapshot under way, and reading the kernel's events. Idempotent. */
    @Override
    public void close() {
        sampler.close();
        ticks.close();
        feed.close();
    }

    @Override
    public String toString() {
        return "TimelineRecorder[" + source() + ", " + read(Timeline::samples) + " samples, "
                + (isRecording() ? "recording" : "stopped") + "]";
    }

    /**
     * Describes a recorder. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Supplier<Topology> snapshots;
        private final List<BiConsumer<Topology, List<LinkEvent>>> listeners = new ArrayList<>();
        private final List<Consumer<ConnectionEvent>> eventListeners = new ArrayList<>();
        private Function<Consumer<List<ConnectionEvent>>, EventFeed> feeds =
                listener -> EventFeed.none("samples only: no source of kernel events was given (withKernelEvents)");
        private Duration interval = DEFAULT_INTERVAL;
        private Duration stallTime = Timeline.DEFAULT_STALL_TIME;
        private int capacity = Timeline.DEFAULT_CAPACITY;
        private String name = "tcpscope-recorder";
        private Duration defaultTimeout = ClusterSettings.DEFAULT_TIMEOUT;
        private BooleanSupplier closed = () -> false;
        private boolean sampling = true;

        private Builder(Supplier<Topology> snapshots) {
            this.snapshots = snapshots;
        }

        /**
         * How long to wait between the end of one snapshot and the start of the next.
         * @param interval at least 1 ms; unless set, {@link #DEFAULT_INTERVAL} (100 ms), or
         *     {@link #EXEC_INTERVAL} for a cluster or scope read in exec or sidecar mode
         * @return this builder
         */
        public Builder withInterval(Duration interval) {
            if (Objects.requireNonNull(interval, "interval must not be null").toMillis() < 1) {
                throw new IllegalArgumentException("interval must be at least 1 ms, not " + interval);
            }
            this.interval = interval;
            return this;
        }

        /**
         * How long a link must stay stalled to be reported.
         * @param stallTime 1 s unless set
         * @return this builder
         */
        public Builder withStallTime(Duration stallTime) {
            this.stallTime = Objects.requireNonNull(stallTime, "stallTime must not be null");
            return this;
        }

        /**
         * How many events to keep; older ones are dropped, and counted.
         * @param capacity {@value Timeline#DEFAULT_CAPACITY} unless set
         * @return this builder
         */
        public Builder withCapacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        /**
         * Calls back after each snapshot (without sampling, after each tick whose events changed a link),
         * on the sampler's thread, with the last snapshot and the link events since the last call, the
         * kernel's among them; a callback that throws is logged and does not stop sampling.
         * @param listener the callback
         * @return this builder
         */
        public Builder onSample(BiConsumer<Topology, List<LinkEvent>> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * Reads the kernel's own TCP events on the ports too, from the source given, naming each end
         * by the node whose address the snapshots showed. A cluster's recorder does this already where
         * this machine's kernel runs the cluster's containers and may be read.
         * @param source the kernel's events, such as {@code TracefsEventSource.local()}
         * @param ports the ports to follow
         * @return this builder
         */
        public Builder withKernelEvents(TcpEventSource source, PortSet ports) {
            Objects.requireNonNull(source, "source must not be null");
            Objects.requireNonNull(ports, "ports must not be null");
            this.feeds = listener -> KernelEvents.open(source, ports, listener);
            return this;
        }

        /** {@return this builder, which samples only, even where the kernel's events could be read} */
        public Builder withoutKernelEvents() {
            this.feeds = listener -> EventFeed.none("samples only: kernel events were turned off (withoutKernelEvents)");
            return this;
        }

        /**
         * Reads the cluster's kernel events, where this machine's kernel runs its containers and may
         * be read; else samples only, and {@link TimelineRecorder#source()} says why.
         * {@code cluster.recorder()} does this already.
         * @param cluster the cluster whose events to read
         * @return this builder
         */
        public Builder withKernelEventsOf(Cluster cluster) {
            Objects.requireNonNull(cluster, "cluster must not be null");
            this.feeds = listener -> KernelEvents.forCluster(cluster.inspection(), cluster.members(), listener);
            return this;
        }

        /**
         * Follows the links by the kernel's events alone, where they are read: a snapshot at the start,
         * and one after each overrun to reconcile what the kernel dropped. For big clusters, whose
         * samples cost much (each read of a node's table walks the kernel's whole TCP table). Stalls
         * need samples: {@code stalledLinks()} stays empty. Where there are no kernel events it samples,
         * and {@link TimelineRecorder#source()} says so.
         * @return this builder
         */
        public Builder withoutSampling() {
            this.sampling = false;
            return this;
        }

        /**
         * Calls back with each dial and reset the kernel's events tell, one call at a time; a callback
         * that throws does not stop them.
         * @param listener the callback
         * @return this builder
         */
        public Builder onEvent(Consumer<ConnectionEvent> listener) {
            eventListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * Ends sampling once what it samples is closed; a cluster's and a scope's recorders are
         * given this already.
         * @param closed whether it is closed, asked before each snapshot and after a failed one
         * @return this builder
         */
        public Builder stopWhen(BooleanSupplier closed) {
            this.closed = Objects.requireNonNull(closed, "closed must not be null");
            return this;
        }

        /**
         * How long its waits ({@link TimelineRecorder#await()}) last unless told; a cluster's recorder
         * has the cluster's, else 60 s.
         * @param timeout zero or more
         * @return this builder
         */
        public Builder withDefaultTimeout(Duration timeout) {
            this.defaultTimeout = ClusterSettings.notNegative(timeout);
            return this;
        }

        /**
         * Names the sampler's thread.
         * @param name shown in thread dumps and logs
         * @return this builder
         */
        public Builder withName(String name) {
            this.name = Objects.requireNonNull(name, "name must not be null");
            return this;
        }

        /**
         * Takes the first snapshot now, on the sampler's thread, and goes on every interval.
         * @return the recorder
         */
        public TimelineRecorder start() {
            new Timeline(capacity, stallTime); // validates before a thread starts
            TimelineRecorder recorder = new TimelineRecorder(this);
            try {
                recorder.sampler.start();
            } catch (RuntimeException | Error e) {
                recorder.feed.close(); // nothing is left open by a recorder that did not start
                throw e;
            }
            return recorder;
        }
    }
}
