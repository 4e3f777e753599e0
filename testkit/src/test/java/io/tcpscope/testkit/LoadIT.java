package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.Inspectors;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sustained load: 32 callers share one inspector and make 2,000 inspections of an 8-node full
 * mesh. Every answer must be right: exactly the node's own 7 P2P links as the kernel showed them
 * before the load, or, for a node whose links the kernel shows changed during the load (a starved
 * heartbeat let a session hang up, and its peer redialed), exactly its links after the load;
 * none may fail, every call must have given a table, and
 * afterwards the JVM's threads and file descriptors are back at their baseline and the engine
 * holds no exec session.
 *
 * <p>The callers use an engine client of their own, closed after the load: its connection pool
 * keeps idle connections for reuse while it lives, and everything else it opened, exec streams
 * included, must already be gone.
 */
class LoadIT {

    static final int CALLERS = 32;
    static final int INSPECTIONS = 2_000;
    static final int NODES = 8;

    private static DockerEngine engine;
    private static Cluster cluster;
    private static List<String> containers;

    @BeforeAll
    static void startMesh() {
        engine = TestEngine.require();
        cluster = Cluster.builder().withEngine(engine).nodes(NODES).fullMesh().build().start();
        cluster.await().withTimeout(Duration.ofSeconds(60)).forFullMesh();
        containers = cluster.nodes().stream().map(Node::containerId).toList();
    }

    @AfterAll
    static void removeMesh() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec", "procfs", "engine-procfs"})
    void thirty_two_callers_make_two_thousand_inspections_without_an_error_or_a_leak(InspectorMode mode) throws Exception {
        // given: a settled mesh, as the kernel shows it, and an engine client of the callers' own,
        // so that its pool of idle connections is closed with it and everything it opened must be
        // gone afterwards
        AtomicReference<Map<String, Set<String>>> before = new AtomicReference<>();
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
            before.set(meshAsTheKernelSeesIt());
            return before.get().values().stream().allMatch(links -> links.size() == NODES - 1);
        });
        Resources baseline = Resources.now();
        Run run;
        double seconds;
        Resources loaded;
        try (DockerEngine own = DockerEngine.fromEnvironment()) {
            ConnectionInspector inspector = Inspectors.create(mode, own);

            // when
            long start = System.nanoTime();
            run = inspect(inspector, INSPECTIONS, before.get());
            seconds = (System.nanoTime() - start) / 1e9;
            loaded = Resources.now();
        }

        // then: nothing leaked (checked first: the oracle below starts processes of its own)
        AtomicReference<Resources> after = new AtomicReference<>();
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> after.set(Resources.assertBackTo(baseline)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Resources.execSessions(engine, containers).isEmpty());

        // and: a table other than the node's own links before the load is wrong, unless the kernel shows that the
        // node's links really changed during the load and the table is exactly its links after it
        Map<String, Set<String>> afterLoad = meshAsTheKernelSeesIt();
        Set<String> redialed = new TreeSet<>();
        for (String container : containers) {
            if (!before.get().get(container).equals(afterLoad.get(container))) {
                redialed.add(container);
            }
        }
        List<Table> wrong = run.differing().stream()
                .filter(t -> !redialed.contains(t.container()) || !t.links().equals(afterLoad.get(t.container()))).toList();
        assertThat(run.errors()).as("errors").isEmpty();
        assertThat(wrong).as("tables that are neither the node's links before the load nor, for a node the kernel shows"
                + " redialed (%s), its links after it; before: %s, after: %s", redialed, before.get(), afterLoad).isEmpty();
        assertThat(run.answered()).as("calls that gave a table").isEqualTo(INSPECTIONS);
        LoggerFactory.getLogger(LoadIT.class).info(String.format(Locale.ROOT, "load %s: %d inspections by %d callers in %.1f s (%.0f/s), p50 %.1f ms, p95 %.1f ms;"
                        + " baseline %s, at the end of the load %s, after %s; nodes that redialed during the load: %s, tables that differed from the links before it: %d",
                mode, INSPECTIONS, CALLERS, seconds, INSPECTIONS / seconds, run.percentile(50), run.percentile(95), baseline, loaded,
                after.get(), redialed, run.differing().size()));
    }

    /**
     * Each node's ESTABLISHED P2P links, as {@code local->remote}, read by the host's busybox
     * {@code netstat} in the node's namespace, found from the engine's PID: an oracle that shares no
     * code with tcpscope.
     */
    private static Map<String, Set<String>> meshAsTheKernelSeesIt() {
        Map<String, Set<String>> mesh = new HashMap<>();
        for (String container : containers) {
            mesh.put(container, links(DockerTestCluster.netstatTable(TestEngine.client(), container)));
        }
        return mesh;
    }

    /** A table's ESTABLISHED P2P connections, as {@code local->remote}. */
    private static Set<String> links(List<TcpConnection> table) {
        Set<String> links = new TreeSet<>();
        for (TcpConnection c : table) {
            if (c.state() == TcpState.ESTABLISHED && c.touchesAny(cluster.p2pPorts())) {
                links.add(c.withoutDetails().local() + "->" + c.withoutDetails().remote());
            }
        }
        return links;
    }

    /** {@code count} inspections, spread over the nodes, by {@link #CALLERS} threads. */
    private static Run inspect(ConnectionInspector inspector, int count, Map<String, Set<String>> mesh) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Table> differing = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        double[] ms = new double[count];
        List<Future<?>> calls = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                int call = i;
                String container = containers.get(i % containers.size());
                calls.add(callers.submit(() -> {
                    long t = System.nanoTime();
                    try {
                        // exactly the node's own links, as the kernel showed them: not merely 7 of them,
                        // which another node's table (an answer given to the wrong caller) also has
                        Set<String> links = links(inspector.connections(container));
                        answered.incrementAndGet();
                        if (!links.equals(mesh.get(container))) {
                            differing.add(new Table(container, links));
                        }
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                    ms[call] = (System.nanoTime() - t) / 1e6;
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            callers.shutdown();
            assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        return new Run(List.copyOf(errors), List.copyOf(differing), answered.get(), ms);
    }

    /** A node's P2P links, as one call read them. */
    record Table(String container, Set<String> links) {
    }

    /**
     * The failures, the tables that differ from the node's links before the load, how many calls
     * gave a table, and each call's time.
     */
    record Run(List<Throwable> errors, List<Table> differing, int answered, double[] ms) {
        double percentile(int p) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }
    }
}
