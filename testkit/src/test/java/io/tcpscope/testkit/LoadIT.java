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
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sustained load: 32 callers share one inspector and make 2,000 inspections of an 8-node full
 * mesh. Every answer must be right (each node holds 7 P2P connections, unless the kernel shows
 * that the node's links changed during the load), none may fail, and
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

        // and: a table without exactly the node's own 7 P2P connections is wrong, unless the kernel shows that
        // the node's links really changed during the load (a starved heartbeat let a session
        // hang up, and its peer redialed)
        Map<String, Set<String>> afterLoad = meshAsTheKernelSeesIt();
        Set<String> redialed = new TreeSet<>();
        for (String container : containers) {
            if (!before.get().get(container).equals(afterLoad.get(container))) {
                redialed.add(container);
            }
        }
        assertThat(run.errors()).as("errors").isEmpty();
        assertThat(run.wrongTables())
                .as("nodes read without exactly their own 7 P2P connections, while the kernel shows that only %s redialed", redialed)
                .allMatch(redialed::contains);
        assertThat(run.ms()).hasSize(INSPECTIONS);
        LoggerFactory.getLogger(LoadIT.class).info(String.format(Locale.ROOT, "load %s: %d inspections by %d callers in %.1f s (%.0f/s), p50 %.1f ms, p95 %.1f ms;"
                        + " baseline %s, at the end of the load %s, after %s; nodes that redialed during the load: %s, tables read while they did: %d",
                mode, INSPECTIONS, CALLERS, seconds, INSPECTIONS / seconds, run.percentile(50), run.percentile(95), baseline, loaded,
                after.get(), redialed, run.wrongTables().size()));
    }

    /**
     * Each node's ESTABLISHED P2P links, as {@code local->remote}, read by the host's busybox
     * {@code netstat} in the node's namespace: an oracle that shares no code with tcpscope.
     */
    private static Map<String, Set<String>> meshAsTheKernelSeesIt() {
        Map<String, Set<String>> mesh = new HashMap<>();
        for (String container : containers) {
            mesh.put(container, links(DockerTestCluster.netstatTable(engine.hostPids().hostPid(container))));
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
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
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
                        if (!links(inspector.connections(container)).equals(mesh.get(container))) {
                            wrong.add(container);
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
        return new Run(List.copyOf(errors), List.copyOf(wrong), ms);
    }

    /** The failures, the nodes of the wrong tables, and each call's time. */
    record Run(List<Throwable> errors, List<String> wrongTables, double[] ms) {
        double percentile(int p) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }
    }
}
