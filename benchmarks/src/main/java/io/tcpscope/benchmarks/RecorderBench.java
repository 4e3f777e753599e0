package io.tcpscope.benchmarks;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.InspectorMode;
import io.tcpscope.testkit.TimelineRecorder;
import org.openjdk.jol.info.GraphLayout;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Item 9 of the benchmarks: what a {@link TimelineRecorder} costs.
 *
 * <ul>
 *   <li>One sample of a full mesh in procfs mode, timed by hand as {@link DockerBench} times its
 *       items: a snapshot of every node added to a timeline, which is what the recorder's thread
 *       does each interval.</li>
 *   <li>The CPU a recorder takes: a recorder of the same mesh samples every 100 ms for a while,
 *       and the JVM's own per-thread accounting ({@code ThreadMXBean}) gives the CPU time its
 *       sampler thread used, and that of the cluster's reader threads, to which each snapshot
 *       hands the nodes' reads; both per second of recording, with the whole JVM's for
 *       comparison.</li>
 *   <li>The heap a {@link Timeline} holds after many events, walked by JOL: links of an 8-node
 *       mesh that all go down and come back every other snapshot, on new ports each time, so that
 *       every pair has drops and outages. Past the ring's capacity and the per-pair bound, the
 *       heap stays flat however many events come.</li>
 * </ul>
 *
 * <p>Prints {@code recorder sample-procfs P50 P95 SAMPLES CPU_MS_PER_CALL}, as {@link DockerBench}
 * prints its lines; {@code recorder-cpu NODES SECONDS SAMPLES SAMPLER_MS_PER_S READERS_MS_PER_S
 * JVM_MS_PER_S}; and {@code recorder-heap EVENTS KEPT BYTES} per count of events.
 */
public final class RecorderBench {

    /** The counts of events after which {@code bench/run} weighs the timeline. */
    static final long[] EVENTS = {1_000, 10_000, 100_000, 1_000_000};
    private static final Duration INTERVAL = TimelineRecorder.DEFAULT_INTERVAL;
    private static final String SAMPLER = "bench-recorder";
    private static final String READERS = "tcpscope-read-";

    private RecorderBench() {
    }

    /**
     * What a recorder cost.
     *
     * @param sample the time of one sample (snapshot and timeline) and the machine's CPU per sample
     * @param cpu the CPU of a recorder sampling every 100 ms
     * @param heap the timeline's heap after each count of events
     */
    public record Results(DockerBench.Sample sample, Cpu cpu, List<Heap> heap) {
    }

    /**
     * The CPU of a recorder over a recording.
     *
     * @param nodes the mesh's size
     * @param seconds how long it recorded
     * @param samples how many snapshots it took
     * @param samplerMsPerSecond CPU ms of its sampler thread per second of recording
     * @param readersMsPerSecond CPU ms of the reader threads its snapshots used, per second
     * @param jvmMsPerSecond CPU ms of the whole JVM per second, for comparison
     */
    public record Cpu(int nodes, double seconds, long samples, double samplerMsPerSecond, double readersMsPerSecond,
                      double jvmMsPerSecond) {
    }

    /**
     * A timeline's heap.
     *
     * @param events how many events it was given
     * @param kept how many it keeps
     * @param bytes the bytes of its whole object graph
     */
    public record Heap(long events, int kept, long bytes) {
    }

    /**
     * Measures and prints.
     *
     * @param args the calls of the timed sample (default 30), the mesh's size (default 16), and the
     *     seconds of recording (default 10)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            Results r = run(engine, calls, nodes, Duration.ofSeconds(seconds), EVENTS);
            DockerBench.Sample s = r.sample();
            System.out.printf(Locale.ROOT, "recorder sample-procfs %.3f %.3f %d %.1f%n",
                    DockerBench.percentile(s.ms(), 50), DockerBench.percentile(s.ms(), 95), s.ms().length, s.cpuMsPerCall());
            Cpu c = r.cpu();
            System.out.printf(Locale.ROOT, "recorder-cpu %d %.1f %d %.2f %.2f %.2f%n", c.nodes(), c.seconds(), c.samples(),
                    c.samplerMsPerSecond(), c.readersMsPerSecond(), c.jvmMsPerSecond());
            r.heap().forEach(h -> System.out.printf(Locale.ROOT, "recorder-heap %d %d %d%n", h.events(), h.kept(), h.bytes()));
        }
    }

    /**
     * Starts a full mesh of {@code nodes} built-in peers read in procfs mode, measures, and removes it.
     *
     * @param engine the engine, on this machine
     * @param calls how many samples to time
     * @param nodes the mesh's size
     * @param recording how long the recorder records
     * @param events the counts of events after which to weigh a timeline
     * @return the measurements
     * @throws Exception if a measurement fails
     */
    public static Results run(DockerEngine engine, int calls, int nodes, Duration recording, long[] events) throws Exception {
        DockerBench.Sample sample;
        Cpu cpu;
        try (Cluster cluster = Cluster.builder().withEngine(engine).nodes(nodes).fullMesh().withInspectorMode(InspectorMode.PROCFS)
                .build().start()) {
            cluster.await().withTimeout(Duration.ofSeconds(120)).forFullMesh();
            Timeline timeline = new Timeline();
            sample = DockerBench.time(calls, () -> timeline.add(Instant.now(), cluster.topology()));
            cpu = record(cluster, nodes, recording);
        }
        List<Heap> heap = new ArrayList<>();
        for (long count : events) {
            heap.add(timelineHeap(count));
        }
        return new Results(sample, cpu, heap);
    }

    /** A recorder of the cluster, every 100 ms, for a while; the CPU its threads took. */
    private static Cpu record(Cluster cluster, int nodes, Duration recording) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (TimelineRecorder recorder = cluster.recorder().withInterval(INTERVAL).withName(SAMPLER).start()) {
            Thread.sleep(INTERVAL.toMillis() * 5); // its thread and the readers' exist, and ran once
            long samplesBefore = recorder.timeline().samples();
            Map<Long, Long> sampler = ThreadCpu.named(SAMPLER);
            Map<Long, Long> readers = ThreadCpu.named(READERS);
            long jvm = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(recording.toMillis());
            double seconds = (System.nanoTime() - start) / 1e9;
            double samplerMs = ThreadCpu.since(sampler, ThreadCpu.named(SAMPLER)) / 1e6 / seconds;
            double readersMs = ThreadCpu.since(readers, ThreadCpu.named(READERS)) / 1e6 / seconds;
            double jvmMs = (os.getProcessCpuTime() - jvm) / 1e6 / seconds;
            return new Cpu(nodes, seconds, recorder.timeline().samples() - samplesBefore, samplerMs, readersMs, jvmMs);
        }
    }

    /**
     * A timeline of the default capacity given at least {@code events} events by an 8-node mesh
     * whose links all go down and come back every other snapshot, on new ports; its heap, by JOL.
     *
     * @param events how many events to give it
     * @return its heap
     */
    static Heap timelineHeap(long events) {
        System.setProperty("jol.magicFieldOffset", "true"); // JOL's own way to the fields of records
        Timeline timeline = new Timeline();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        long given = 0;
        for (int round = 0; given < events || round % 2 == 0; round++) { // ending on a mesh: the same last snapshot
            at = at.plusMillis(100);
            given += timeline.add(at, mesh(8, round)).size();
        }
        return new Heap(given, timeline.events().size(), GraphLayout.parseInstance(timeline).totalSize());
    }

    /** In even rounds a full mesh, node i dialing each node after it from a port new to this round; in odd ones no link. */
    private static Topology mesh(int nodes, int round) {
        Map<Integer, List<TcpConnection>> tables = new HashMap<>();
        for (int i = 1; i <= nodes; i++) {
            tables.computeIfAbsent(i, k -> new ArrayList<>())
                    .add(TcpConnection.of(Endpoint.of(address(0), 9000), Endpoint.of(address(0), 0), TcpState.LISTEN));
            for (int j = i + 1; j <= nodes && round % 2 == 0; j++) {
                int port = 32768 + (round / 2 * nodes * nodes + i * nodes + j) % 28000;
                Endpoint dialer = Endpoint.of(address(i), port);
                Endpoint listener = Endpoint.of(address(j), 9000);
                tables.get(i).add(TcpConnection.of(dialer, listener, TcpState.ESTABLISHED));
                tables.computeIfAbsent(j, k -> new ArrayList<>()).add(TcpConnection.of(listener, dialer, TcpState.ESTABLISHED));
            }
        }
        List<NodeTable> read = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            read.add(new NodeTable("node-" + i, Set.of(address(i)), tables.getOrDefault(i, List.of())));
        }
        return Topology.of(read, PortSet.P2P_DEFAULT);
    }

    /** 10.0.0.i, from bytes; 0.0.0.0 for 0. */
    private static InetAddress address(int i) {
        try {
            return InetAddress.getByAddress(i == 0 ? new byte[4] : new byte[] {10, 0, 0, (byte) i});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
