package io.tcpscope.testcontainers;

import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.report.FailureReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The failure report of one wait: it keeps a timeline of the topologies the wait read, at no cost
 * beyond the reads themselves, and when the wait fails writes a {@link FailureReport} under
 * {@code target/tcpscope-reports/} (or the folder {@value FailureReport#REPORTS_PROPERTY} names),
 * named after the container or the nodes and the wait, and says where in the wait's exception.
 * A report that cannot be written is logged and said so; the wait's own failure is what matters.
 *
 * <p>Not thread-safe: one per wait, fed by the thread that reads.
 */
final class WaitReport {

    private static final Logger LOG = LoggerFactory.getLogger(WaitReport.class);

    private final String condition;
    private final Timeline timeline = new Timeline();
    private Topology last;
    private List<String> missing = List.of();

    /**
     * A report of a wait.
     *
     * @param condition what it waits for
     */
    WaitReport(String condition) {
        this.condition = condition;
    }

    /** Takes in one read, which began at {@code at}; the report never fails the wait. */
    void saw(Instant at, TcpscopeWaitStrategy.Read read) {
        missing = read.missing();
        if (read.topology() != null) {
            last = read.topology();
            // the wall clock may step back; the timeline takes its samples in order
            Instant previous = timeline.lastSample();
            try {
                timeline.add(previous != null && at.isBefore(previous) ? previous : at, read.topology());
            } catch (RuntimeException e) {
                LOG.debug("the failure report's timeline left a read out: {}", e.toString());
            }
        }
    }

    /**
     * Writes the report of a failed wait.
     *
     * @param title what waited for what, such as {@code wait of container node-a (3f2a...) for 2 active P2P connections}
     * @param name what to name the file after, such as the container's name and the wait
     * @param failure the wait's failure, as it will be thrown but for the report's path
     * @param environment the container or network and the engine, in words
     * @param fallback reads a topology to draw when the wait read none, or {@code null}
     * @return the words to end the exception's message with: the report's path, or why there is none
     */
    String write(String title, String name, Throwable failure, String environment, Supplier<Topology> fallback) {
        try {
            FailureReport.Builder report = FailureReport.builder(title).failure(failure).condition(condition)
                    .missing(missing).environment(environment);
            Topology shown = last != null ? last : readOrNull(fallback);
            if (shown != null) {
                report.topology(shown);
            }
            if (timeline.samples() > 0) {
                report.timeline(timeline);
            }
            Path file = report.build().writeTo(FailureReport.folder(), name);
            LOG.info("the failed {} is drawn in {}", title, file.toAbsolutePath());
            return "\nfailure report: " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the failure report of the {}: {}", title, e.toString());
            return "\n(no failure report: " + e + ")";
        }
    }

    private static Topology readOrNull(Supplier<Topology> fallback) {
        if (fallback == null) {
            return null;
        }
        try {
            return fallback.get();
        } catch (RuntimeException e) {
            LOG.debug("no topology for the failure report: {}", e.toString());
            return null;
        }
    }
}
