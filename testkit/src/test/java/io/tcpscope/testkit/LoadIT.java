package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.Inspectors;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * mesh. Every answer must be right (each node holds 7 P2P connections), none may fail, and
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
        cluster = Cluster.builder().engine(engine).nodes(NODES).fullMesh().build().start();
        cluster.awaitFullMesh(Duration.ofSeconds(60));
        containers = cluster.nodes().stream().map(Node::containerId).toList();
    }

    @AfterAll
    static void removeMesh() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec", "procfs"})
    void thirty_two_callers_make_two_thousand_inspections_without_an_error_or_a_leak(InspectorMode mode) throws Exception {
        // given: an engine client of the callers' own, so that its pool of idle connections is
        // closed with it and everything it opened must be gone afterwards
        Resources baseline = Resources.now();
        Run run;
        double seconds;
        Resources loaded;
        try (DockerEngine own = DockerEngine.fromEnvironment()) {
            ConnectionInspector inspector = Inspectors.create(mode, own);

            // when
            long start = System.nanoTime();
            run = inspect(inspector, INSPECTIONS);
            seconds = (System.nanoTime() - start) / 1e9;
            loaded = Resources.now();
        }

        // then
        assertThat(run.errors()).as("errors").isEmpty();
        assertThat(run.wrongCounts()).as("tables without the 7 P2P connections of a node of an 8-node mesh").isZero();
        assertThat(run.ms()).hasSize(INSPECTIONS);
        AtomicReference<Resources> after = new AtomicReference<>();
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> after.set(Resources.assertBackTo(baseline)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Resources.execSessions(engine, containers).isEmpty());
        LoggerFactory.getLogger(LoadIT.class).info(String.format(Locale.ROOT, "load %s: %d inspections by %d callers in %.1f s (%.0f/s), p50 %.1f ms, p95 %.1f ms;"
                        + " baseline %s, at the end of the load %s, after %s", mode, INSPECTIONS, CALLERS, seconds,
                INSPECTIONS / seconds, run.percentile(50), run.percentile(95), baseline, loaded, after.get()));
    }

    /** {@code count} inspections, spread over the nodes, by {@link #CALLERS} threads. */
    private static Run inspect(ConnectionInspector inspector, int count) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger wrong = new AtomicInteger();
        double[] ms = new double[count];
        List<Future<?>> calls = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                int call = i;
                String container = containers.get(i % containers.size());
                calls.add(callers.submit(() -> {
                    long t = System.nanoTime();
                    try {
                        if (PeerConnections.countActive(inspector.connections(container), cluster.p2pPorts()) != NODES - 1) {
                            wrong.incrementAndGet();
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
        return new Run(List.copyOf(errors), wrong.get(), ms);
    }

    record Run(List<Throwable> errors, int wrongCounts, double[] ms) {
        double percentile(int p) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
        }
    }
}
