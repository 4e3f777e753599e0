package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.DrawnLink;
import io.tcpscope.core.topology.Topology;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a failure report shows, gathered before it is drawn.
 *
 * <p>Immutable and thread-safe.
 *
 * @param title the test's or the wait's name
 * @param at when it failed
 * @param environment the cluster or engine it ran on, or {@code null}
 * @param failure the failure's class and message, or {@code null} when none was given
 * @param stackTrace the failure's stack trace, causes included, or {@code null}
 * @param condition what was awaited, or {@code null} when not known
 * @param missing what the last read lacked, one line each
 * @param topology the topology to draw, or {@code null} when none was read
 * @param topologySource where that topology comes from, in words
 * @param links that topology's links as the picture draws them, with the timeline's stalls; empty
 *     when there is no topology
 * @param lastTable the last table a wait on one node read, or {@code null}
 * @param timeline the recorded timeline, or {@code null} when none was recorded
 * @param kernel the kernel's connection events, or {@code null} when none were given
 */
public record ReportData(String title, Instant at, String environment, String failure, String stackTrace,
                         String condition, List<String> missing, Topology topology, String topologySource,
                         List<DrawnLink> links, List<TcpConnection> lastTable, TimelineView timeline,
                         KernelEventsView kernel) {

    /**
     * Validates and copies.
     *
     * @param title the name
     * @param at when
     * @param environment where, or {@code null}
     * @param failure the failure, or {@code null}
     * @param stackTrace its stack trace, or {@code null}
     * @param condition what was awaited, or {@code null}
     * @param missing what was missing
     * @param topology the topology, or {@code null}
     * @param topologySource where it comes from
     * @param links its links as drawn
     * @param lastTable a wait's last table, or {@code null}
     * @param timeline the timeline, or {@code null}
     * @param kernel the kernel's events, or {@code null}
     */
    public ReportData {
        Objects.requireNonNull(title, "title must not be null");
        Objects.requireNonNull(at, "at must not be null");
        missing = List.copyOf(missing);
        links = List.copyOf(links);
        lastTable = lastTable == null ? null : List.copyOf(lastTable);
    }
}
