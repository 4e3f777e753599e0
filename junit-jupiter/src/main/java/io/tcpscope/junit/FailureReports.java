package io.tcpscope.junit;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.core.topology.TopologySvg;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ConditionTimeoutError;
import io.tcpscope.testkit.TimelineRecorder;
import io.tcpscope.testkit.report.FailureReport;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what a cluster looked like when a test failed, under
 * {@code target/tcpscope-reports/<test class>/<test method>}: its topology at that moment as text
 * and as an SVG picture, and a {@link FailureReport} in HTML, with the test's timeline when it was
 * recorded. A report that cannot be written is logged, never thrown: the test's own failure is
 * what matters.
 */
final class FailureReports {

    private static final Logger LOG = LoggerFactory.getLogger(FailureReports.class);

    private FailureReports() {
    }

    static void write(ExtensionContext context, Cluster cluster, Throwable failure, TimelineRecorder recorder) {
        Path folder = FailureReport.folder().resolve(context.getRequiredTestClass().getName());
        String name = context.getRequiredTestMethod().getName() + invocation(context.getDisplayName());
        Topology now = null;
        try {
            now = cluster.topology();
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(name + ".txt"), "test: " + context.getDisplayName() + "\ncluster: "
                    + cluster.id() + "\nfailure: " + failure + "\n\n" + TopologyRenderer.text(now));
            Files.writeString(folder.resolve(name + ".svg"), TopologySvg.document(now));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the topology report of {}: {}", context.getDisplayName(), e.getMessage());
        }
        try {
            FailureReport.Builder report = FailureReport.builder(context.getRequiredTestClass().getSimpleName() + " > "
                    + context.getDisplayName()).failure(failure).environment(cluster.toString());
            if (recorder != null) {
                report.recorder(recorder);
            }
            // a failed wait's report draws the topology the wait last saw, which is what it names as missing
            if (now != null && !(failure instanceof ConditionTimeoutError wait && wait.lastTopology().isPresent())) {
                report.topology(now);
            }
            Path html = report.build().writeTo(folder, name);
            LOG.info("the failure of {} is drawn in {}", context.getDisplayName(), html);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the HTML report of {}: {}", context.getDisplayName(), e.getMessage());
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
