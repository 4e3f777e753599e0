package io.tcpscope.junit;

import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterBuilder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs a {@link Cluster} for JUnit Jupiter tests, and writes its topology when a test fails.
 *
 * <pre>{@code
 * class MeshTest {
 *     @RegisterExtension
 *     static final ClusterExtension mesh = new ClusterExtension(Cluster.builder().nodes(3).fullMesh());
 *
 *     @Test
 *     void every_node_reaches_every_other(Cluster cluster) {      // injected, or mesh.cluster()
 *         cluster.awaitFullMesh(Duration.ofSeconds(30));
 *         assertEquals(2, cluster.getActiveConnectionsCount("node-1"));
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
 * <h2>Failure reports</h2>
 * When a test fails, the cluster's topology at that moment is written as text and as an SVG
 * picture under {@code target/tcpscope-reports/<test class>/}, or under the folder that the
 * system property {@value #REPORTS_PROPERTY} names.
 *
 * <p>Thread-safe. Needs JUnit Jupiter 5.13 or later, which closes the clusters it stores.
 */
public final class ClusterExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** The system property that moves the reports' folder. */
    public static final String REPORTS_PROPERTY = "tcpscope.reports";

    private static final Namespace NAMESPACE = Namespace.create(ClusterExtension.class);

    private final Supplier<Cluster> clusters;
    private final Set<Running> live = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Cluster> current = new ThreadLocal<>();

    /**
     * An extension that starts its clusters from {@code builder}. The builder is not changed by
     * building, so every cluster it starts is the same description.
     *
     * @param builder the cluster's description
     */
    public ClusterExtension(ClusterBuilder builder) {
        Objects.requireNonNull(builder, "builder must not be null");
        // a start that fails closes its cluster and removes what it created
        this.clusters = () -> builder.build().start();
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
     *     static final ClusterExtension mesh = new ClusterExtension(() -> TestcontainersCluster.of(network, a, b).build());
     * }
     * }</pre>
     *
     * @param clusters makes a running cluster
     */
    public ClusterExtension(Supplier<Cluster> clusters) {
        this.clusters = Objects.requireNonNull(clusters, "clusters must not be null");
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
        current.set(clusterOf(context, ownerOf(context)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            context.getExecutionException().ifPresent(failure -> {
                Running running = context.getStore(NAMESPACE).get(this, Running.class);
                if (running != null) {
                    FailureReports.write(context, running.cluster, failure);
                }
            });
        } finally {
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
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(this, key -> start(), Running.class).cluster;
    }

    /** Where a cluster that no enclosing class holds belongs: the method, or the class if it has one instance. */
    private static ExtensionContext ownerOf(ExtensionContext context) {
        boolean perClass = context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
                == TestInstance.Lifecycle.PER_CLASS;
        return perClass && context.getTestMethod().isPresent() ? context.getParent().orElse(context) : context;
    }

    private Running start() {
        Cluster cluster = Objects.requireNonNull(clusters.get(), "the cluster supplier gave null");
        Running running = new Running(cluster);
        live.add(running);
        return running;
    }

    /**
     * A cluster in a JUnit store, which JUnit closes with the class or method it belongs to: as an
     * {@code AutoCloseable} since JUnit 5.13, as a {@code CloseableResource} before, never twice.
     */
    @SuppressWarnings("deprecation")
    private final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {
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
