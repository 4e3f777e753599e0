package io.tcpscope.benchmarks;

import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.exec.ExecInspector;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.ContainerSpec;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.EngineProcfsInspector;
import io.tcpscope.procfs.ProcfsInspector;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.InspectorMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Items 3, 4 and 6 of the benchmarks, which need containers and so are timed by hand rather than
 * by JMH: each measurement is repeated and reported as p50 and p95 in milliseconds.
 *
 * <ul>
 *   <li>3: reading one node's table with tcpscope's exec inspector, against {@code docker exec}
 *       subprocesses running {@code cat /proc/net/tcp} and {@code netstat -tan}, as the seed's Go
 *       suite did; and with procfs, on the same container. The procfs inspector is one object,
 *       reused for every call after a first untimed one, as a test reuses it: warm, it asks the
 *       engine nothing and reads {@code /proc} alone.</li>
 *   <li>4: a snapshot of every node of a cluster in each inspector mode, against the seed's way,
 *       a sequential loop of {@code docker exec <c> netstat -tan}; warm too, each mode's rounds
 *       reading through the cluster's same inspector after a first untimed round.</li>
 *   <li>6: what the integration tests check without timing it: the exec inspector reading a
 *       container that holds 2,000 connections, and how long a command given 500 ms takes to
 *       fail with its {@link CommandTimeoutException}.</li>
 *   <li>7: {@link #elsewhere}, on an engine whose PIDs mean nothing here.</li>
 *   <li>8: {@link #withoutExec}, the reads that need no exec, which {@code bench/run} repeats with
 *       a TCP hash table per network namespace.</li>
 * </ul>
 *
 * <p>Every measurement also records the CPU time the whole machine spent per call (from
 * {@code /proc/stat}): an exec costs the engine far more CPU than it costs the JVM, and on a
 * machine with few cores that CPU, not tcpscope, bounds how fast a cluster can be read by exec.
 *
 * <p>Prints one line per measurement: {@code docker NAME P50 P95 SAMPLES CPU_MS_PER_CALL}, and
 * {@code docker-sockets N}, the size of the small table that procfs and {@code docker exec cat}
 * are compared on.
 */
public final class DockerBench {

    /** The small table listens on 9001 up to this port; the engine's DNS adds a listener. */
    private static final int SMALL_TABLE_PORTS = 9009;

    /** The timeout of the command that {@code exec-timeout-500ms} lets run out. */
    static final Duration EXEC_TIMEOUT = Duration.ofMillis(500);

    /**
     * A container of 2,000 connections over loopback, 1,000 dials to 9000 and 9001, each end held
     * by a process of its own; busybox nc listens with a tiny backlog, so the dials are paced.
     */
    private static final String MANY = "nc -ll -p 9000 -e cat & nc -ll -p 9001 -e cat & sleep 0.5; i=0;"
            + " while [ $i -lt 500 ]; do nc 127.0.0.1 9000 -e cat & nc 127.0.0.1 9001 -e cat & usleep 4000;"
            + " i=$((i+1)); done; wait";

    /** USER_HZ, which Linux fixes at 100 for every architecture tcpscope runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private DockerBench() {
    }

    /**
     * Runs both items against the engine of the environment.
     *
     * @param args the calls per measurement (default 30), the cluster's size (default 16), and
     *     {@code elsewhere} to measure item 7 on an engine elsewhere instead (lines start
     *     {@code remote} then), or {@code without-exec} for item 8 alone (lines start {@code ehash})
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        String part = args.length > 2 ? args[2] : "all";
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            Results results = switch (part) {
                case "elsewhere" -> elsewhere(engine, calls, nodes);
                case "without-exec" -> withoutExec(engine, calls, nodes);
                default -> run(engine, calls, nodes);
            };
            String prefix = switch (part) {
                case "elsewhere" -> "remote";
                case "without-exec" -> "ehash";
                default -> "docker";
            };
            results.samples().forEach((name, s) -> System.out.printf(Locale.ROOT, "%s %s %.3f %.3f %d %.1f%n",
                    prefix, name, percentile(s.ms(), 50), percentile(s.ms(), 95), s.ms().length, s.cpuMsPerCall()));
            System.out.printf(Locale.ROOT, "docker-sockets %d%n", results.smallTableSockets());
        }
    }

    /**
     * One measurement.
     *
     * @param ms the time of each call, in milliseconds
     * @param cpuMsPerCall the CPU time of the whole machine per call, in milliseconds; 0 where
     *     {@code /proc/stat} cannot be read
     */
    public record Sample(double[] ms, double cpuMsPerCall) {
    }

    /**
     * Every measurement of a run.
     *
     * @param samples the measurements by name, in the order they ran
     * @param smallTableSockets how many sockets the small table that procfs and {@code docker
     *     exec cat} are compared on held
     */
    public record Results(Map<String, Sample> samples, int smallTableSockets) {
    }

    /**
     * Starts a full mesh of {@code nodes} built-in peers, and beside it a node that only listens
     * and a container of 2,000 connections, measures, and removes them.
     *
     * @param engine the engine
     * @param calls how often each measurement repeats
     * @param nodes the cluster's size
     * @return the measurements
     * @throws Exception if a measurement fails
     */
    public static Results run(DockerEngine engine, int calls, int nodes) throws Exception {
        Map<String, Sample> results = new LinkedHashMap<>();
        int smallTable;
        try (Cluster quiet = Cluster.builder().withEngine(engine)
                .node("quiet", spec -> spec.listen(IntStream.rangeClosed(9001, SMALL_TABLE_PORTS).toArray()))
                .build().start()) {
            String node = quiet.node("quiet").containerId();
            ConnectionInspector procfs = new ProcfsInspector(engine.hostPids());
            await().atMost(Duration.ofSeconds(30)).until(() -> procfs.connections(node).size() >= SMALL_TABLE_PORTS - 9000);
            smallTable = procfs.connections(node).size();
            results.put("procfs-inspector-small", time(calls, () -> procfs.connections(node)));
            results.put("docker-cli-cat-small", time(calls, () -> ProcfsBenchmark.drain("docker", "exec", node, "cat", "/proc/net/tcp")));
        }
        try (Cluster cluster = Cluster.builder().withEngine(engine).nodes(nodes).fullMesh().build().start()) {
            cluster.await().withTimeout(Duration.ofSeconds(120)).forFullMesh();
            String node = cluster.node("node-1").containerId();
            ConnectionInspector exec = new ExecInspector(new DockerCommandExecutor(engine));
            ConnectionInspector procfs = new ProcfsInspector(engine.hostPids());
            results.put("exec-inspector", time(calls, () -> exec.connections(node)));
            results.put("procfs-inspector", time(calls, () -> procfs.connections(node)));
            ConnectionInspector reader = new EngineProcfsInspector(engine);
            results.put("engine-procfs-inspector", time(calls, () -> reader.connections(node)));
            results.put("docker-cli-cat", time(calls, () -> ProcfsBenchmark.drain("docker", "exec", node, "cat", "/proc/net/tcp")));
            results.put("docker-cli-netstat", time(calls, () -> ProcfsBenchmark.drain("docker", "exec", node, "netstat", "-tan")));
            int rounds = Math.max(3, calls / 6);
            for (InspectorMode mode : InspectorMode.builtIn()) {
                results.put("snapshot-" + mode.name(), time(rounds, () -> cluster.topology(mode)));
            }
            List<String> ids = cluster.nodes().stream().map(n -> n.containerId()).toList();
            results.put("snapshot-sequential-docker-cli", time(rounds, () -> {
                long bytes = 0;
                for (String id : ids) {
                    bytes += ProcfsBenchmark.drain("docker", "exec", id, "netstat", "-tan");
                }
                return bytes;
            }));
        }
        many(engine, calls, results);
        return new Results(results, smallTable);
    }

    /**
     * Item 7, on an engine elsewhere (whose PIDs mean nothing here, so procfs cannot read it): one
     * node's table through exec, through the engine-procfs reader and through {@code docker exec
     * cat}, and a snapshot of the cluster in AUTO, exec and engine-procfs modes.
     *
     * @param engine the engine, elsewhere
     * @param calls how often each measurement repeats
     * @param nodes the cluster's size
     * @return the measurements
     * @throws Exception if a measurement fails
     */
    public static Results elsewhere(DockerEngine engine, int calls, int nodes) throws Exception {
        Map<String, Sample> results = new LinkedHashMap<>();
        try (Cluster cluster = Cluster.builder().withEngine(engine).nodes(nodes).fullMesh().build().start()) {
            cluster.await().withTimeout(Duration.ofSeconds(120)).forFullMesh();
            String node = cluster.node("node-1").containerId();
            ConnectionInspector exec = new ExecInspector(new DockerCommandExecutor(engine));
            ConnectionInspector reader = new EngineProcfsInspector(engine);
            results.put("exec-inspector", time(calls, () -> exec.connections(node)));
            results.put("engine-procfs-inspector", time(calls, () -> reader.connections(node)));
            results.put("docker-cli-cat", time(calls, () -> ProcfsBenchmark.drain("docker", "exec", node, "cat", "/proc/net/tcp")));
            int rounds = Math.max(3, calls / 6);
            for (InspectorMode mode : List.of(InspectorMode.AUTO, InspectorMode.EXEC, InspectorMode.ENGINE_PROCFS)) {
                results.put("snapshot-" + mode.name(), time(rounds, () -> cluster.topology(mode)));
            }
        }
        return new Results(results, 0);
    }

    /**
     * Item 8: the reads that cost no exec (procfs on one node and on a snapshot, AUTO, and the
     * engine-procfs reader), alone and quickly, so that {@code bench/run} can repeat them under
     * another kernel setting.
     *
     * @param engine the engine, on this machine
     * @param calls how often each measurement repeats
     * @param nodes the cluster's size
     * @return the measurements
     * @throws Exception if a measurement fails
     */
    public static Results withoutExec(DockerEngine engine, int calls, int nodes) throws Exception {
        Map<String, Sample> results = new LinkedHashMap<>();
        try (Cluster cluster = Cluster.builder().withEngine(engine).nodes(nodes).fullMesh().build().start()) {
            cluster.await().withTimeout(Duration.ofSeconds(120)).forFullMesh();
            String node = cluster.node("node-1").containerId();
            ConnectionInspector procfs = new ProcfsInspector(engine.hostPids());
            ConnectionInspector reader = new EngineProcfsInspector(engine);
            results.put("procfs-inspector", time(calls, () -> procfs.connections(node)));
            results.put("engine-procfs-inspector", time(calls, () -> reader.connections(node)));
            String net = "/proc/" + engine.hostPids().hostPid(node) + "/net/";
            results.put("cat-floor", time(calls, () -> ProcfsBenchmark.drain("cat", net + "tcp", net + "tcp6")));
            for (InspectorMode mode : List.of(InspectorMode.AUTO, InspectorMode.PROCFS, InspectorMode.ENGINE_PROCFS)) {
                results.put("snapshot-" + mode.name(), time(calls, () -> cluster.topology(mode)));
            }
        }
        return new Results(results, 0);
    }

    /** Item 6, on a busybox container of its own with no network but loopback. */
    private static void many(DockerEngine engine, int calls, Map<String, Sample> results) throws Exception {
        ContainerRuntime runtime = engine.runtime();
        String image = runtime.ensureImage("tcpscope-bench/busybox:1", Map.of(), List.of());
        String node = runtime.create(ContainerSpec.of(image).withName("tcpscope-bench-many-" + UUID.randomUUID().toString().substring(0, 8))
                .withNetwork("none").withLabels(Map.of("io.tcpscope.bench", "many")).withCmd("sh", "-c", MANY));
        try {
            runtime.start(node);
            DockerCommandExecutor executor = new DockerCommandExecutor(engine);
            ConnectionInspector exec = new ExecInspector(executor);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> PeerConnections.activeConnections(exec.connections(node), PortSet.P2P_DEFAULT) == 2000);
            results.put("exec-inspector-2000", time(Math.max(3, calls / 3), () -> exec.connections(node)));
            results.put("exec-timeout-500ms", time(Math.max(3, calls / 3), () -> {
                try {
                    executor.execute(node, List.of("sleep", "30"), EXEC_TIMEOUT);
                } catch (CommandTimeoutException expected) {
                    return expected.timeout();
                }
                throw new IllegalStateException("'sleep 30' ended within " + EXEC_TIMEOUT.toMillis() + " ms");
            }));
        } finally {
            runtime.remove(node);
        }
    }

    /** Runs {@code work} once to warm up, then {@code calls} times, timing each. */
    static Sample time(int calls, Callable<?> work) throws Exception {
        work.call();
        double[] ms = new double[calls];
        long cpuBefore = machineCpuMillis();
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            work.call();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        long cpu = machineCpuMillis() - cpuBefore;
        return new Sample(ms, cpuBefore < 0 ? 0 : (double) cpu / calls);
    }

    /**
     * The CPU time every core of the machine has spent so far in user, system and interrupt
     * work, from the first line of {@code /proc/stat}; -1 where it cannot be read.
     */
    static long machineCpuMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The nearest-rank percentile. */
    static double percentile(double[] samples, int p) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

}
