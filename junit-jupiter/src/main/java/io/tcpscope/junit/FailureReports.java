package io.tcpscope.junit;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a cluster's topology at the moment a test failed, as text and as an SVG picture, under
 * {@code target/tcpscope-reports/<test class>/<test method>}. A report that cannot be written is
 * logged, never thrown: the test's own failure is what matters.
 */
final class FailureReports {

    private static final Logger LOG = LoggerFactory.getLogger(FailureReports.class);

    private FailureReports() {
    }

    static void write(ExtensionContext context, Cluster cluster, Throwable failure) {
        Path folder = Path.of(System.getProperty(ClusterExtension.REPORTS_PROPERTY, "target/tcpscope-reports"))
                .resolve(context.getRequiredTestClass().getName());
        String name = context.getRequiredTestMethod().getName() + invocation(context.getDisplayName());
        try {
            Topology topology = cluster.topology();
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + ".txt"), "test: " + context.getDisplayName() + "\ncluster: "
                    + cluster.id() + "\nfailure: " + failure + "\n\n" + TopologyRenderer.text(topology));
            Files.writeString(folder.resolve(name + ".svg"), TopologyRenderer.svg(topology));
            LOG.info("the topology at the failure of {} is in {}", context.getDisplayName(), folder.resolve(name + ".svg"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the topology report of {}: {}", context.getDisplayName(), e.getMessage());
        }
    }

    /** Parameterised tests get one report per invocation: "[1] AUTO" becomes "-1-AUTO". */
    private static String invocation(String displayName) {
        if (!displayName.startsWith("[")) {
            return "";
        }
        return "-" + displayName.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
    }
}
