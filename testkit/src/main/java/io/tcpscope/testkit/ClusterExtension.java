package io.tcpscope.testkit;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Runs a {@link Cluster} for the tests of a class: started before the first test, removed with
 * everything it created after the last. When a test fails, the cluster's topology at that moment
 * is written as text and as an SVG picture under {@code target/tcpscope-reports/<test class>/}
 * (or under the folder the {@code tcpscope.reports} system property names).
 *
 * <pre>{@code
 * class MeshTest {
 *     @RegisterExtension
 *     static final ClusterExtension mesh = new ClusterExtension(Cluster.builder().nodes(3).fullMesh());
 *
 *     @Test
 *     void every_node_reaches_every_other() {
 *         mesh.cluster().awaitFullMesh(Duration.ofSeconds(30));
 *         assertEquals(2, mesh.cluster().getActiveConnectionsCount("node-1"));
 *     }
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the cluster lives as long as the test class.
 */
public final class ClusterExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    /** The system property that moves the reports' folder. */
    public static final String REPORTS_PROPERTY = "tcpscope.reports";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterExtension.class);

    private final Cluster.Builder builder;
    private volatile Cluster cluster;

    /**
     * An extension that builds its cluster from {@code builder} before the class's tests.
     *
     * @param builder the cluster's description
     */
    public ClusterExtension(Cluster.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder must not be null");
    }

    /**
     * The running cluster.
     *
     * @return the cluster
     * @throws IllegalStateException outside the tests of the class that registered the extension
     */
    public Cluster cluster() {
        Cluster running = cluster;
        if (running == null) {
            throw new IllegalStateException("the cluster runs only during the tests; register the extension on a static field");
        }
        return running;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = builder.build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Cluster running = cluster;
        cluster = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Cluster running = cluster;
        if (running == null) {
            return;
        }
        Path folder = Path.of(System.getProperty(REPORTS_PROPERTY, "target/tcpscope-reports"))
                .resolve(context.getRequiredTestClass().getName());
        String name = context.getRequiredTestMethod().getName() + safe(context.getDisplayName());
        try {
            Topology topology = running.topology();
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + ".txt"), "test: " + context.getDisplayName() + "\nfailure: "
                    + cause + "\n\n" + TopologyRenderer.text(topology));
            Files.writeString(folder.resolve(name + ".svg"), TopologyRenderer.svg(topology));
            LOG.info("the topology at the failure of {} is in {}", context.getDisplayName(), folder.resolve(name + ".svg"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the topology report of {}: {}", context.getDisplayName(), e.getMessage());
        }
    }

    /** Parameterised tests get one report per invocation: "[1] AUTO" becomes "-1-AUTO". */
    private static String safe(String displayName) {
        if (!displayName.startsWith("[")) {
            return "";
        }
        return "-" + displayName.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
    }
}
