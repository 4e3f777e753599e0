package io.tcpscope.benchmarks;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.events.EventSubscription;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.procfs.TracefsEventSource;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.InspectorMode;
import io.tcpscope.testkit.TimelineRecorder;
import io.tcpscope.testkit.WaitFailedError;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Item 10 of the benchmarks: what reading the kernel's TCP events costs, beside sampling.
 *
 * <ul>
 *   <li>While links heartbeat: a full mesh of the built-in peers (each link carries a heartbeat a
 *       second), one {@link TracefsEventSource} subscription on the cluster's P2P ports, and beside
 *       it, on the same mesh at the same time, a recorder that only samples, every 100 ms. The
 *       JVM's per-thread accounting gives the CPU time of the subscription's reader thread
 *       ({@code tcpscope-tracefs-*}), and, as {@link RecorderBench} counts them, of the recorder's
 *       sampler thread and the reader threads its snapshots use; each per second of wall time. The
 *       tracepoints' own cost, paid in the kernel by the processes whose sockets fire them, is not
 *       on any thread of this JVM. A mesh that does not start within its timeout is tried again with
 *       16 nodes fewer, or from 32 nodes on with half as many, and a line says why.</li>
 *   <li>Then, on the same mesh, alone in a second window of the same length: a cluster's recorder
 *       that follows the links by the kernel's events alone ({@code withoutSampling()}), and the CPU
 *       of all its threads ({@link EventsOnlyRecorder}), against the sampling recorder's.</li>
 *   <li>Latency: dials from this JVM to a loopback port where nothing listens, each refused, with a
 *       subscription on that port; for each event delivered, the time from the kernel's stamp to the
 *       callback. The stamp is the kernel's {@code CLOCK_MONOTONIC}, which the adapter maps to wall
 *       time by an anchor read when it subscribed; the callback's time is {@link System#nanoTime()}
 *       (the same clock) mapped by an anchor read right after, so the two ends are on one clock, and
 *       a step or slew of the wall clock does not enter. Paced, one dial every 5 ms, on a quiet
 *       machine and beside the mesh; and as a burst, where the figure is mostly queueing behind the
 *       events before. Each subscription is warmed by {@value #WARM_UP} dials first.</li>
 * </ul>
 *
 * <p>Prints {@code events-mesh ASKED NODES SECONDS EVENTS OVERRUNS TRACEFS_MS_PER_S SAMPLES
 * SAMPLER_MS_PER_S READERS_MS_PER_S JVM_MS_PER_S}; {@code events-recorder SECONDS SAMPLER_MS_PER_S
 * TRACEFS_MS_PER_S READERS_MS_PER_S JVM_MS_PER_S WINDOW_SAMPLES SAMPLES CHANGES_FROM_EVENTS
 * RECONCILED_CHANGES OVERRUNS OPEN_LINKS} for the recorder without sampling, or
 * {@code events-recorder-unavailable SOURCE} when it could not read the kernel's events;
 * {@code events-mesh-smaller ASKED WHY} when the mesh asked for did not start; {@code events-latency NAME DIALS REFUSED EVENTS P50 P99 MAX OVERRUNS}
 * per run of dials, in milliseconds; or {@code events-unavailable WHY} when tracefs cannot be read.
 */
public final class EventsBench {

    /** A dial every 5 ms, in the paced runs. */
    static final Duration PACE = Duration.ofMillis(5);
    /** Untimed dials before each run, so that the reader and the parser are warm. */
    static final int WARM_UP = 100;
    private static final String TRACEFS = "tcpscope-tracefs-";
    private static final String SAMPLER = "bench-events-recorder";
    private static final String READERS = "tcpscope-read-";
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Duration SYNC = Duration.ofSeconds(60);

    private EventsBench() {
    }

    /**
     * What the kernel's events cost.
     *
     * @param mesh the CPU beside a heartbeating mesh; null when no mesh was asked for
     * @param latency the runs of refused dials, in the order run
     */
    public record Results(MeshCost mesh, List<Latency> latency) {
        /** Copies. */
        public Results {
            latency = List.copyOf(latency);
        }
    }

    /**
     * The CPU of a subscription and of a sampling recorder on one mesh, over one window.
     *
     * @param asked the mesh's size asked for
     * @param nodes the mesh's size that started
     * @param smaller why each larger mesh did not start, by size
     * @param seconds the window
     * @param events the events the subscription was given in the window
     * @param overruns the events the kernel dropped for it
     * @param tracefsMsPerSecond CPU ms of its reader thread per second
     * @param samples the recorder's snapshots in the window
     * @param samplerMsPerSecond CPU ms of the recorder's sampler thread per second
     * @param readersMsPerSecond CPU ms of the reader threads its snapshots used, per second
     * @param jvmMsPerSecond CPU ms of the whole JVM per second
     * @param eventsRecorder the recorder without sampling, in a window of its own after
     */
    public record MeshCost(int asked, int nodes, Map<Integer, String> smaller, double seconds, long events, long overruns,
                           double tracefsMsPerSecond, long samples, double samplerMsPerSecond, double readersMsPerSecond,
                           double jvmMsPerSecond, EventsRecorderCost eventsRecorder) {
        /** Copies. */
        public MeshCost {
            smaller = Map.copyOf(smaller);
        }
    }

    /**
     * The CPU of a cluster's recorder that follows the links by the kernel's events alone
     * ({@code cluster.recorder().withoutSampling()}), alone on the mesh over one window, and what its
     * timeline holds at the window's end.
     *
     * @param source where its events came from, as {@link TimelineRecorder#source()} says
     * @param live whether it read the kernel's events; if not, it sampled, and nothing else was measured
     * @param seconds the window
     * @param samplerMsPerSecond CPU ms of its sampler thread per second
     * @param tracefsMsPerSecond CPU ms of its subscription's reader thread per second
     * @param readersMsPerSecond CPU ms of the reader threads its snapshots used, per second
     * @param jvmMsPerSecond CPU ms of the whole JVM per second
     * @param windowSamples its snapshots in the window (one after each overrun)
     * @param samples its timeline's snapshots, the first included
     * @param changesFromEvents its timeline's changes that the kernel's events told
     * @param reconciledChanges its timeline's changes that a snapshot found and the events had not told
     * @param overruns the events the kernel dropped for it in the window
     * @param openLinks the links its timeline holds open at the end
     */
    public record EventsRecorderCost(String source, boolean live, double seconds, double samplerMsPerSecond,
                                     double tracefsMsPerSecond, double readersMsPerSecond, double jvmMsPerSecond,
                                     long windowSamples, long samples, long changesFromEvents, long reconciledChanges,
                                     long overruns, int openLinks) {
        /** {@return CPU ms per second of all its threads} */
        public double msPerSecond() {
            return samplerMsPerSecond + tracefsMsPerSecond + readersMsPerSecond;
        }
    }

    /**
     * One run of refused dials.
     *
     * @param name {@code paced-mesh}, {@code paced} or {@code burst}
     * @param dials how many dials it made
     * @param refused how many refusals (ECONNREFUSED error reports) the subscription was given
     * @param ms the latency of each event delivered, kernel stamp to callback, in ms
     * @param overruns the events the kernel dropped for it
     */
    public record Latency(String name, int dials, long refused, double[] ms, long overruns) {
    }

    /**
     * Measures and prints.
     *
     * @param args the seconds of the CPU window (default 30), the mesh's size (default 64; 0 for no
     *     mesh, and no Docker), and the dials of each latency run (default 2,000)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int dials = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        TracefsEventSource tracefs = TracefsEventSource.local();
        Optional<String> why = tracefs.unavailable();
        if (why.isPresent()) {
            System.out.println("events-unavailable " + why.get());
            return;
        }
        Results r;
        if (nodes > 0) {
            try (DockerEngine engine = DockerEngine.fromEnvironment()) {
                r = run(engine, tracefs, Duration.ofSeconds(seconds), nodes, dials);
            }
        } else {
            r = run(null, tracefs, Duration.ofSeconds(seconds), 0, dials);
        }
        MeshCost m = r.mesh();
        if (m != null) {
            m.smaller().forEach((size, reason) -> System.out.printf(Locale.ROOT, "events-mesh-smaller %d %s%n", size, reason));
            System.out.printf(Locale.ROOT, "events-mesh %d %d %.1f %d %d %.3f %d %.2f %.2f %.2f%n", m.asked(), m.nodes(),
                    m.seconds(), m.events(), m.overruns(), m.tracefsMsPerSecond(), m.samples(), m.samplerMsPerSecond(),
                    m.readersMsPerSecond(), m.jvmMsPerSecond());
            EventsRecorderCost e = m.eventsRecorder();
            if (!e.live()) {
                System.out.println("events-recorder-unavailable " + e.source());
            } else {
                System.out.printf(Locale.ROOT, "events-recorder %.1f %.3f %.3f %.3f %.2f %d %d %d %d %d %d%n", e.seconds(),
                        e.samplerMsPerSecond(), e.tracefsMsPerSecond(), e.readersMsPerSecond(), e.jvmMsPerSecond(),
                        e.windowSamples(), e.samples(), e.changesFromEvents(), e.reconciledChanges(), e.overruns(),
                        e.openLinks());
            }
        }
        for (Latency l : r.latency()) {
            System.out.printf(Locale.ROOT, "events-latency %s %d %d %d %.3f %.3f %.3f %d%n", l.name(), l.dials(), l.refused(),
                    l.ms().length, DockerBench.percentile(l.ms(), 50), DockerBench.percentile(l.ms(), 99), max(l.ms()),
                    l.overruns());
        }
    }

    /**
     * Measures a paced run of dials and a burst on a quiet machine; then starts a full mesh of
     * {@code nodes} built-in peers (or of 16 fewer, or from 32 on half as many, and so on, while it
     * does not start), and measures the CPU beside it, a recorder without sampling on it alone, and
     * a paced run of dials.
     *
     * @param engine the engine, on this machine; null when {@code nodes} is 0
     * @param tracefs the kernel's events, usable
     * @param window how long the CPU is counted
     * @param nodes the mesh's size; 0 for no mesh
     * @param dials the dials of each latency run
     * @return the measurements
     * @throws Exception if a measurement fails
     */
    public static Results run(DockerEngine engine, TracefsEventSource tracefs, Duration window, int nodes, int dials)
            throws Exception {
        List<Latency> latency = new ArrayList<>();
        Thread.sleep(QUIET.toMillis()); // what ran before (the removal of another bench's mesh, say) has ended
        latency.add(dials(tracefs, "paced", dials, PACE));
        latency.add(dials(tracefs, "burst", dials, Duration.ZERO));
        MeshCost mesh = null;
        if (nodes > 0) {
            Map<Integer, String> smaller = new TreeMap<>(Comparator.reverseOrder());
            for (int size = nodes; mesh == null; size = size > 32 ? size - 16 : size / 2) {
                Cluster cluster = Cluster.builder().withEngine(engine).nodes(size).fullMesh()
                        .withInspectorMode(InspectorMode.PROCFS).build();
                try (cluster) {
                    try {
                        cluster.start();
                        cluster.await().withTimeout(Duration.ofSeconds(Math.max(120, 5L * size))).forFullMesh();
                    } catch (TcpscopeException | AssertionError e) { // WaitFailedError is an AssertionError
                        if (size <= 2) {
                            throw e;
                        }
                        smaller.put(size, why(e, size));
                        continue;
                    }
                    MeshCost sampled = cost(cluster, tracefs, window, nodes, smaller);
                    mesh = withEventsRecorder(sampled, EventsOnlyRecorder.measure(cluster, window));
                    latency.add(dials(tracefs, "paced-mesh", dials, PACE));
                }
            }
        }
        return new Results(mesh, latency);
    }

    /**
     * A subscription on the mesh's P2P ports and a sampling recorder beside it; the CPU of each over the
     * window. Both are closed when it returns, so that the recorder without sampling is alone after.
     */
    private static MeshCost cost(Cluster cluster, TracefsEventSource tracefs, Duration window, int asked,
            Map<Integer, String> smaller) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong events = new AtomicLong();
        Set<Long> others = ThreadCpu.named(TRACEFS).keySet();
        try (EventSubscription subscription = tracefs.subscribe(cluster.p2pPorts(), batch -> events.addAndGet(batch.size()));
             TimelineRecorder recorder = cluster.recorder().withoutKernelEvents().withInterval(TimelineRecorder.DEFAULT_INTERVAL)
                     .withName(SAMPLER).start()) {
            Set<Long> reader = new HashSet<>(ThreadCpu.named(TRACEFS).keySet());
            reader.removeAll(others);
            if (reader.size() != 1) {
                throw new IllegalStateException("expected one new thread named " + TRACEFS + "*, found " + reader.size());
            }
            Thread.sleep(SETTLE.toMillis()); // the mesh settles; the threads exist, and ran
            subscription.sync(SYNC);
            long eventsBefore = events.get();
            long overrunsBefore = subscription.overruns();
            long samplesBefore = recorder.timeline().samples();
            Map<Long, Long> tracefsCpu = ThreadCpu.of(reader);
            Map<Long, Long> sampler = ThreadCpu.named(SAMPLER);
            Map<Long, Long> readers = ThreadCpu.named(READERS);
            long jvm = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            double seconds = (System.nanoTime() - start) / 1e9;
            double tracefsMs = ThreadCpu.since(tracefsCpu, ThreadCpu.of(reader)) / 1e6 / seconds;
            double samplerMs = ThreadCpu.since(sampler, ThreadCpu.named(SAMPLER)) / 1e6 / seconds;
            double readersMs = ThreadCpu.since(readers, ThreadCpu.named(READERS)) / 1e6 / seconds;
            double jvmMs = (os.getProcessCpuTime() - jvm) / 1e6 / seconds;
            long samples = recorder.timeline().samples() - samplesBefore;
            return new MeshCost(asked, cluster.nodes().size(), smaller, seconds, events.get() - eventsBefore,
                    subscription.overruns() - overrunsBefore, tracefsMs, samples, samplerMs, readersMs, jvmMs, null);
        }
    }

    private static MeshCost withEventsRecorder(MeshCost m, EventsRecorderCost eventsRecorder) {
        return new MeshCost(m.asked(), m.nodes(), m.smaller(), m.seconds(), m.events(), m.overruns(), m.tracefsMsPerSecond(),
                m.samples(), m.samplerMsPerSecond(), m.readersMsPerSecond(), m.jvmMsPerSecond(), eventsRecorder);
    }

    /**
     * Dials a loopback port where nothing listens, {@value #WARM_UP} times untimed and then {@code dials}
     * times, one every {@code pace} (zero: back to back), with a subscription on that port; the
     * latency of each event it delivered.
     */
    private static Latency dials(TracefsEventSource tracefs, String name, int dials, Duration pace) throws Exception {
        int port = RefusedDials.freePort();
        Arrivals arrivals = new Arrivals();
        try (EventSubscription subscription = tracefs.subscribe(PortSet.of(port), arrivals)) {
            arrivals.anchor();
            RefusedDials.dial(port, WARM_UP, Duration.ZERO);
            subscription.sync(SYNC);
            arrivals.reset();
            long overrunsBefore = subscription.overruns();
            RefusedDials.dial(port, dials, pace);
            subscription.sync(SYNC);
            return new Latency(name, dials, arrivals.refused(), arrivals.ms(), subscription.overruns() - overrunsBefore);
        }
    }

    private static double max(double[] ms) {
        double max = 0;
        for (double m : ms) {
            max = Math.max(max, m);
        }
        return max;
    }

    /** {@return what a mesh that did not start lacked: for a wait that ran out, how many pairs} */
    private static String why(Throwable e, int nodes) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = message.indexOf("; last seen");
        String line = (cut >= 0 ? message.substring(0, cut) : message).lines().findFirst().orElse("");
        if (e instanceof WaitFailedError w) {
            line += ": " + w.missing().size() + " of its " + nodes * (nodes - 1) / 2 + " pairs were not connected at the last read";
        }
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
