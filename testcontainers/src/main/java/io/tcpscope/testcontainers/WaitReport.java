package io.tcpscope.testcontainers;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.report.FailureReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The failure report of one wait strategy: when the wait fails, it writes a {@link FailureReport}
 * under {@code target/tcpscope-reports/} (or the folder {@value FailureReport#REPORTS_PROPERTY}
 * names), named after the container and the wait, and says where in the wait's exception. The
 * report takes the condition, what was missing and the last topology or table from the cluster
 * wait's failure, the exception's cause. A report that cannot be written is logged and said so;
 * the wait's own failure is what matters.
 *
 * <p>Immutable and thread-safe.
 */
final class WaitReport {

    private static final Logger LOG = LoggerFactory.getLogger(WaitReport.class);

    private final String condition;

    /**
     * A report of a wait.
     *
     * @param condition what it waits for
     */
    WaitReport(String condition) {
        this.condition = condition;
    }

    /**
     * Writes the report of a failed wait.
     *
     * @param title what waited for what, such as {@code wait of container node-a (3f2a...) for 2 active P2P connections}
     * @param name what to name the file after, such as the container's name and the wait
     * @param failure the wait's failure, as it will be thrown but for the report's path
     * @param environment the container and the engine, in words
     * @param topology reads the topology to draw when the failure carries none (a wait on one table),
     *     or {@code null}; a read that fails leaves the picture out
     * @return the words to end the exception's message with: the report's path, or why there is none
     */
    String write(String title, String name, Throwable failure, String environment, Supplier<Topology> topology) {
        try {
            FailureReport.Builder report = FailureReport.builder(title).failure(failure).condition(condition)
                    .environment(environment);
            Topology shown = topology == null ? null : readOrNull(topology);
            if (shown != null) {
                report.topology(shown);
            }
            Path file = report.build().writeTo(FailureReport.folder(), name);
            LOG.info("the failed {} is drawn in {}", title, file.toAbsolutePath());
            return "\nfailure report: " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the failure report of the {}: {}", title, e.toString());
            return "\n(no failure report: " + e + ")";
        }
    }

    private static Topology readOrNull(Supplier<Topology> topology) {
        try {
            return topology.get();
        } catch (RuntimeException e) {
            LOG.debug("no topology for the failure report: {}", e.toString());
            return null;
        }
    }
}
