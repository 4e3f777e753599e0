package io.tcpscope.benchmarks;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.InspectorMode;
import io.tcpscope.testkit.Inspectors;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Items 3 and 4 of the benchmarks, which need containers and so are timed by hand rather than by
 * JMH: each measurement is repeated and reported as p50 and p95 in milliseconds.
 *
 * <ul>
 *   <li>3: reading one node's table with tcpscope's exec inspector, against {@code docker exec}
 *       subprocesses running {@code cat /proc/net/tcp} and {@code netstat -tan}, as the seed's Go
 *       suite did; and with procfs, on the same container.</li>
 *   <li>4: a snapshot of every node of a cluster in each inspector mode, against the seed's way,
 *       a sequential loop of {@code docker exec <c> netstat -tan}.</li>
 * </ul>
 *
 * <p>Prints one line per measurement: {@code docker NAME P50 P95 SAMPLES}.
 */
public final class DockerBench {

    private DockerBench() {
    }

    /**
     * Runs both items against the engine of the environment.
     *
     * @param args the calls per measurement (default 30) and the cluster's size (default 16)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            run(engine, calls, nodes).forEach((name, ms) -> System.out.printf(Locale.ROOT, "docker %s %.3f %.3f %d%n",
                    name, percentile(ms, 50), percentile(ms, 95), ms.length));
        }
    }

    /**
     * Starts a full mesh of {@code nodes} built-in peers, measures, and removes them.
     *
     * @param engine the engine
     * @param calls how often each measurement repeats
     * @param nodes the cluster's size
     * @return the samples of each measurement, in milliseconds
     * @throws Exception if a measurement fails
     */
    public static Map<String, double[]> run(DockerEngine engine, int calls, int nodes) throws Exception {
        Map<String, double[]> results = new LinkedHashMap<>();
        try (Cluster cluster = Cluster.builder().engine(engine).nodes(nodes).fullMesh().build().start()) {
            cluster.awaitFullMesh(Duration.ofSeconds(120));
            String node = cluster.node("node-1").containerId();
            ConnectionInspector exec = Inspectors.create(InspectorMode.DOCKER_EXEC, engine);
            ConnectionInspector procfs = Inspectors.create(InspectorMode.PROCFS, engine);
            results.put("exec-inspector", time(calls, () -> exec.connections(node)));
            results.put("procfs-inspector", time(calls, () -> procfs.connections(node)));
            results.put("docker-cli-cat", time(calls, () -> ProcfsBenchmark.drain("docker", "exec", node, "cat", "/proc/net/tcp")));
            results.put("docker-cli-netstat", time(calls, () -> ProcfsBenchmark.drain("docker", "exec", node, "netstat", "-tan")));
            int rounds = Math.max(3, calls / 6);
            for (InspectorMode mode : InspectorMode.values()) {
                results.put("snapshot-" + mode.name().toLowerCase(Locale.ROOT), time(rounds, () -> cluster.topology(mode)));
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
        return results;
    }

    /** Runs {@code work} once to warm up, then {@code calls} times, timing each. */
    private static double[] time(int calls, Callable<?> work) throws Exception {
        work.call();
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            work.call();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
    }

    /** The nearest-rank percentile. */
    static double percentile(double[] samples, int p) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

}
