package io.tcpscope.junit;

import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterBuilder;
import io.tcpscope.testkit.TimelineRecorder;
import io.tcpscope.testkit.report.FailureReport;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs a {@link Cluster} for JUnit Jupiter tests, and writes a report of it when a test fails.
 *
 * <pre>{@code
 * class MeshTest {
 *     @RegisterExtension
 *     static final ClusterExtension mesh = new ClusterExtension(Cluster.builder().nodes(3).fullMesh());
 *
 *     @Test
 *     void every_node_reaches_every_other(Cluster cluster) {      // injected, or mesh.cluster()
 *         cluster.await().forFullMesh();
 *         assertEquals(2, cluster.activeConnections("node-1"));
 *     }
 * }
 * }</pre>
 *
 * <h2>How long a cluster lives</h2>
 * <ul>
 *   <li>Registered on a {@code static} field: one cluster for the test class, started before its
 *       first test and removed after its last. {@code @Nested} classes share their outer class's
 *       cluster.</li>
 *   <li>Registered on an instance field: one cluster per test method, or per test class with
 *       {@code @TestInstance(Lifecycle.PER_CLASS)}.</li>
 * </ul>
 * Each cluster lives in the JUnit store of the class or method it belongs to, so parallel classes
 * and methods, and several classes that share one extension through a base class, each see their
 * own; JUnit closes it with that class or method, which removes its containers and network.
 *
 * <h2>Reaching the cluster</h2>
 * A parameter of type {@link Cluster} is injected into test methods, lifecycle methods and
 * constructors. {@link #cluster()} gives the cluster of the test running on the calling thread.
 * A class that registers two of these extensions takes each cluster from its own extension's
 * {@link #cluster()}: a {@code Cluster} parameter would not say which one it means, and JUnit
 * refuses it.
 *
 * <h2>Timelines and failure reports</h2>
 * During each test the extension records the cluster's links ({@link Cluster#recorder()}, every
 * 100 ms, or every second when the cluster is read in exec or sidecar mode, unless
 * {@link #withRecordingInterval} says otherwise, or not at all after {@link #withoutRecording()});
 * {@link #recorder()} gives the test its recorder, which is closed at the end of the test, passed
 * or failed. When a test fails, one file is written under
 * {@code target/tcpscope-reports/<test class>/}, or under the folder that the system property
 * {@value #REPORTS_PROPERTY} names, named after the test method: a {@link FailureReport}
 * ({@code .html}, self-contained): the awaited condition and what was missing, the topology's
 * picture with its links coloured by state and health, the test's timeline, one lane per link, and
 * each node's table. The topology is the failed wait's last one, or else the cluster's after the test.
 *
 * <h2>Report formats</h2>
 * The JUnit configuration parameter {@value #REPORT_FORMATS_PROPERTY} (in
 * {@code junit-platform.properties}, or a system property of that name) names the files written
 * for a failure, separated by commas: {@code html} (the default), {@code txt} (the same topology as
 * text: the matrix of who dialed whom, and every edge) and {@code svg} (the report's picture alone,
 * with a caption and a legend). For example, to keep the picture and the text beside the page:
 * <pre>
 * mvn verify -Dtcpscope.reports.formats=html,txt,svg
 * </pre>
 * A name that is not one of these fails the test class with an {@code ExtensionConfigurationException}
 * before its cluster starts.
 *
 * <p>Thread-safe. Needs JUnit Jupiter 5.13 or later, 6.x included, which closes the clusters it
 * stores as {@code AutoCloseable}s: the extension refuses to start a cluster when
 * {@code junit.jupiter.extensions.store.close.autocloseable.enabled} is false.
 * @since 0.1.0
 */
public final class ClusterExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** The system property that moves the reports' folder. */
    public static final String REPORTS_PROPERTY = FailureReport.REPORTS_PROPERTY;
    /**
     * The configuration parameter (or system property) that names the files written for a failed
     * test: some of {@code html}, {@code txt} and {@code svg}, separated by commas; {@code html}
     * alone unless set.
     */
    public static final String REPORT_FORMATS_PROPERTY = "tcpscope.reports.formats";

    private static final Namespace NAMESPACE = Namespace.create(ClusterExtension.class);
    /** JUnit's switch for closing the {@code AutoCloseable} values of its stores, on unless set to false. */
    private static final String CLOSES_AUTOCLOSEABLES = "junit.jupiter.extensions.store.close.autocloseable.enabled";

    private final Supplier<Cluster> clusters;
    /** Whether to record each test's timeline. */
    private final boolean records;
    /** How often to sample during each test, or null for the cluster's own default. */
    private final Duration recordEvery;
    private final Set<Running> live = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Cluster> current = new ThreadLocal<>();
    private final ThreadLocal<TimelineRecorder> recording = new ThreadLocal<>();

    /**
     * An extension that starts its clusters from {@code builder}. The builder is not changed by
     * building, so every cluster it starts is the same description.
     *
     * @param builder the cluster's description
     */
    public ClusterExtension(ClusterBuilder builder) {
        Objects.requireNonNull(builder, "builder must not be null");
        this.clusters = builder::build;
        this.records = true;
        this.recordEvery = null;
    }

    /**
     * An extension for clusters that something else makes, such as containers that Testcontainers
     * started, adopted with {@link Cluster#adopt()}. The supplier is called when a class or test
     * first needs a cluster, after the extensions registered on the class itself (such as
     * {@code @Testcontainers}) have run; the cluster it gives is closed at the end, which leaves
     * adopted containers running.
     *
     * <pre>{@code
     * @Testcontainers
     * class MeshTest {
     *     @Container static final GenericContainer<?> a = ..., b = ...;
     *     @RegisterExtension
     *     static final ClusterExtension mesh = new ClusterExtension(() -> TestcontainersCluster.of(network, a, b));
     * }
     * }</pre>
     *
     * @param clusters makes a cluster, which the extension starts
     */
    public ClusterExtension(Supplier<Cluster> clusters) {
        this(Objects.requireNonNull(clusters, "clusters must not be null"), true, null);
    }

    private ClusterExtension(Supplier<Cluster> clusters, boolean records, Duration recordEvery) {
        this.clusters = clusters;
        this.records = records;
        this.recordEvery = recordEvery;
    }

    /**
     * An extension like this one whose recorders sample at another interval; register the one it
     * returns.
     *
     * <pre>{@code
     * @RegisterExtension
     * static final ClusterExtension mesh = new ClusterExtension(Cluster.builder().nodes(16).fullMesh())
     *         .withRecordingInterval(Duration.ofMillis(500));     // a big cluster, read in exec mode: sample less often
     * }</pre>
     *
     * @param interval the pause after each snapshot, at least 1 ms; unless set, 100 ms, or
     *     {@link TimelineRecorder#EXEC_INTERVAL} for a cluster read in exec or sidecar mode
     * @return a new extension, that starts its clusters as this one does
     * @throws IllegalArgumentException if the interval is under 1 ms
     */
    public ClusterExtension withRecordingInterval(Duration interval) {
        if (Objects.requireNonNull(interval, "interval must not be null").toMillis() < 1) {
            throw new IllegalArgumentException("the interval must be at least 1 ms, not " + interval);
        }
        return new ClusterExtension(clusters, true, interval);
    }

    /**
     * An extension like this one that records no timeline: its failure reports show the topology
     * and the tables only. Register the one it returns.
     *
     * @return a new extension, that starts its clusters as this one does
     */
    public ClusterExtension withoutRecording() {
        return new ClusterExtension(clusters, false, null);
    }

    /**
     * The recorder of the test running on the calling thread, which samples the cluster's links
     * from just before the test to its end; for a test that asks how its links changed.
     *
     * <pre>{@code
     * cluster.restart("node-2");
     * mesh.recorder().await().forStable(Duration.ofSeconds(2));
     * assertThat(mesh.recorder().timeline().flaps("node-1", "node-2")).isPositive();
     * }</pre>
     *
     * @return the recorder
     * @throws IllegalStateException when no test of this extension runs on the calling thread, or
     *     the extension does not record ({@link #withoutRecording()})
     */
    public TimelineRecorder recorder() {
        TimelineRecorder mine = recording.get();
        if (mine == null) {
            throw new IllegalStateException(!records
                    ? "this extension records no timeline: it was made withoutRecording()"
                    : "no test of this extension runs on this thread: a recorder lives from a test's start to its end");
        }
        return mine;
    }

    /**
     * The cluster of the test running on the calling thread; on another thread, the one cluster
     * this extension runs, if it runs only one.
     *
     * @return the cluster
     * @throws IllegalStateException when no cluster of this extension runs, or when several run at
     *     once and the calling thread is in none of their tests: inject a {@link Cluster} parameter instead
     */
    public Cluster cluster() {
        Cluster mine = current.get();
        if (mine != null && live.stream().anyMatch(r -> r.cluster == mine)) {
            return mine;
        }
        List<Running> running = List.copyOf(live);
        if (running.size() == 1) {
            return running.get(0).cluster;
        }
        throw new IllegalStateException(running.isEmpty()
                ? "no cluster runs now: the extension starts one for the tests of the class that registers it"
                : running.size() + " clusters run at once and this thread is in none of their tests;"
                        + " take the cluster as a parameter of type Cluster instead");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // A static registration, or an instance one with PER_CLASS: the cluster belongs to the
        // class, and to its @Nested classes.
        current.set(clusterOf(context, context));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        current.remove();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Cluster cluster = clusterOf(context, ownerOf(context));
        current.set(cluster);
        if (records) {
            TimelineRecorder.Builder recorder = cluster.recorder();
            if (recordEvery != null) {
                recorder.withInterval(recordEvery);
            }
            // in the test's own store, so that JUnit closes it with the test if afterEach does not run
            Recording started = new Recording(recorder.start());
            context.getStore(NAMESPACE).put(new RecordingKey(this), started);
            recording.set(started.recorder);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            Recording recorded = context.getStore(NAMESPACE).remove(new RecordingKey(this), Recording.class);
            try {
                if (recorded != null) {
                    // the timeline ends with the test
                    recorded.close();
                }
            } finally {
                context.getExecutionException().ifPresent(failure -> {
                    Running running = context.getStore(NAMESPACE).get(this, Running.class);
                    if (running != null) {
                        FailureReports.write(context, running.cluster, failure, recorded == null ? null : recorded.recorder);
                    }
                });
            }
        } finally {
            recording.remove();
            current.remove();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(this, Running.class);
        return running != null ? running.cluster : clusterOf(context, ownerOf(context));
    }

    /** The cluster in the context or an enclosing one; else one started and stored in {@code owner}. */
    private Cluster clusterOf(ExtensionContext context, ExtensionContext owner) {
        Running found = context.getStore(NAMESPACE).get(this, Running.class);
        if (found != null) {
            return found.cluster;
        }
        requireClosing(context);
        // a misspelt report format fails the class now, not quietly when a test fails
        FailureReports.formats(context);
        // Deprecated since JUnit 6.0 for computeIfAbsent, which 5.13 and 5.14 lack; not for removal,
        // and the one atomic start-once that every supported JUnit has.
        @SuppressWarnings("deprecation")
        Running started = owner.getStore(NAMESPACE).getOrComputeIfAbsent(this, key -> start(), Running.class);
        return started.cluster;
    }

    /**
     * Refuses to start a cluster that JUnit would not close: it closes what its stores hold as
     * {@code AutoCloseable}, unless {@value #CLOSES_AUTOCLOSEABLES} is false.
     */
    private static void requireClosing(ExtensionContext context) {
        if (!context.getConfigurationParameter(CLOSES_AUTOCLOSEABLES, value -> Boolean.parseBoolean(value.trim()))
                .orElse(true)) {
            throw new ExtensionConfigurationException("ClusterExtension leaves its clusters to JUnit to close, and "
                    + CLOSES_AUTOCLOSEABLES + " is false, which would leave their containers running;"
                    + " remove that setting, or set it to true");
        }
    }

    /** Where a cluster that no enclosing class holds belongs: the method, or the class if it has one instance. */
    private static ExtensionContext ownerOf(ExtensionContext context) {
        boolean perClass = context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
                == TestInstance.Lifecycle.PER_CLASS;
        return perClass && context.getTestMethod().isPresent() ? context.getParent().orElse(context) : context;
    }

    private Running start() {
        // a start that fails closes its cluster and removes what it created
        Cluster cluster = Objects.requireNonNull(clusters.get(), "the cluster supplier gave null").start();
        Running running = new Running(cluster);
        live.add(running);
        return running;
    }

    /** The key of a test's recorder in its store: one per extension, since a class may register two. */
    private record RecordingKey(ClusterExtension extension) {
    }

    /** A test's recorder in its store, which JUnit closes with the test if the extension did not. */
    private static final class Recording implements AutoCloseable {
        private final TimelineRecorder recorder;

        Recording(TimelineRecorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public void close() {
            recorder.close();
        }
    }

    /**
     * A cluster in a JUnit store, which JUnit closes with the class or method it belongs to, as an
     * {@code AutoCloseable} (since JUnit 5.13; {@code Store.CloseableResource}, which it replaces, is
     * deprecated).
     */
    private final class Running implements AutoCloseable {
        private final Cluster cluster;

        Running(Cluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            live.remove(this);
            cluster.close();
        }
    }
}
