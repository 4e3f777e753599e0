package io.tcpscope.testkit.report;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.topology.DrawnLink;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologySvg;
import io.tcpscope.testkit.WaitFailedError;
import io.tcpscope.testkit.TimelineRecorder;
import io.tcpscope.testkit.report.internal.KernelEventsView;
import io.tcpscope.testkit.report.internal.ReportData;
import io.tcpscope.testkit.report.internal.ReportPage;
import io.tcpscope.testkit.report.internal.TimelineView;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A failure as one self-contained HTML file: the test's name, the time, the failure's message; the
 * awaited condition and what was missing; the topology as a picture, its links coloured by state
 * and health (established and healthy, stalled, connecting, closing) and the pairs with no link;
 * the timeline, one lane per link, with every event also as text; the kernel's connection events,
 * each failed dial and each reset marked on the lanes and listed under what they diagnose; and each
 * node's table (state, queues, endpoints, timer, retransmits), nodes that could not be read marked
 * with the reason.
 *
 * <pre>{@code
 * try (TimelineRecorder recorder = cluster.recorder().start()) {
 *     cluster.disconnect("node-3");
 *     try {
 *         cluster.await().withTimeout(Duration.ofSeconds(5)).forFullMesh();
 *     } catch (WaitFailedError e) {
 *         Path html = FailureReport.builder("heals after a partition")
 *                 .failure(e)                   // its condition, what was missing, its last topology
 *                 .recorder(recorder)           // the timeline, read under the recorder's lock
 *                 .environment(cluster.toString())
 *                 .build()
 *                 .writeTo(FailureReport.folder());
 *         throw e;
 *     }
 * }
 * }</pre>
 *
 * <p>The file fetches nothing: its CSS, its SVG pictures and a script of a few lines are inside it,
 * and every string from outside (a container's name, a failure's message) is escaped. Nothing is
 * cut: every event the timeline kept is drawn and listed (but a dial's handshake steps, where the
 * kernel's events told them: each failed dial is a mark and a row of its own), and those it dropped
 * are counted. The
 * topology's picture is {@link TopologySvg}'s, the same that {@link #svg()} gives as a file of its own.
 *
 * <p>Immutable and thread-safe once built.
 *
 * @since 0.1.0
 */
public final class FailureReport {

    /** The system property that names the reports' folder. */
    public static final String REPORTS_PROPERTY = "tcpscope.reports";
    /** The reports' folder when the property is not set, relative to the working directory. */
    public static final String DEFAULT_FOLDER = "target/tcpscope-reports";

    private static final int LONGEST_NAME = 150;

    private final String title;
    private final String html;
    private final Topology topology;
    private final List<DrawnLink> links;

    private FailureReport(String title, String html, Topology topology, List<DrawnLink> links) {
        this.title = title;
        this.html = html;
        this.topology = topology;
        this.links = links;
    }

    /**
     * Starts describing a report.
     *
     * @param title the test's or the wait's name, shown first
     * @return a builder
     */
    public static Builder builder(String title) {
        return new Builder(Objects.requireNonNull(title, "title must not be null"));
    }

    /** {@return the folder reports go to: the system property {@value #REPORTS_PROPERTY}, else {@value #DEFAULT_FOLDER}} */
    public static Path folder() {
        return Path.of(System.getProperty(REPORTS_PROPERTY, DEFAULT_FOLDER));
    }

    /**
     * A file name made of a text: each run of characters other than letters, digits, {@code _},
     * {@code .} and {@code -} becomes one {@code -}. A name longer than 150 characters keeps its
     * first 141 and ends in a hash of the whole text, so that two long names stay apart.
     *
     * @param text the text, such as a test's or a container's name
     * @return the name, without an extension; {@code report} when nothing is left
     */
    public static String fileName(String text) {
        String name = Objects.requireNonNull(text, "text must not be null").replaceAll("[^A-Za-z0-9_.-]+", "-")
                .replaceAll("^[-.]+|-+$", "");
        if (name.isEmpty()) {
            return "report";
        }
        return name.length() <= LONGEST_NAME ? name
                : name.substring(0, LONGEST_NAME - 9) + "-" + String.format("%08x", text.hashCode());
    }

    /** {@return the report's title} */
    public String title() {
        return title;
    }

    /** {@return the report as an HTML document} */
    public String html() {
        return html;
    }

    /** {@return the topology the report draws, if it has one; {@link Builder#build()} says which} */
    public Optional<Topology> topology() {
        return Optional.ofNullable(topology);
    }

    /**
     * The report's picture of its topology as a standalone SVG document, with its caption and
     * legend: the same links, colours and stalls as the page's ({@link TopologySvg#document}).
     *
     * @return the SVG document, if the report has a topology
     */
    public Optional<String> svg() {
        return topology().map(t -> TopologySvg.document(t, links));
    }

    /**
     * Writes the report into a folder, named after its title (see {@link #fileName}).
     *
     * @param folder the folder, made if missing
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public Path writeTo(Path folder) throws IOException {
        return writeTo(folder, title);
    }

    /**
     * Writes the report into a folder under a name of the caller's, replacing a report of that name.
     * The file appears whole or not at all: it is written aside, then moved into place. It is UTF-8; a
     * character that UTF-8 cannot encode (half a surrogate pair) is written as {@code ?}.
     *
     * @param folder the folder, made if missing
     * @param name the file's name without {@code .html}; made safe with {@link #fileName}
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public Path writeTo(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(fileName(name) + ".html");
        Path aside = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            // getBytes replaces what UTF-8 cannot encode (half a surrogate pair) with '?': the report is never lost to it
            Files.write(aside, html.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(aside);
        }
        return file;
    }

    @Override
    public String toString() {
        return "FailureReport[" + title + ", " + html.length() + " characters]";
    }

    /**
     * Describes a report. Everything but the title may be left out; the report then says what it
     * does not know.
     *
     * <p>Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String title;
        private Throwable failure;
        private String condition;
        private List<String> missing;
        private Topology topology;
        private TimelineRecorder recorder;
        private Timeline timeline;
        private EventLog events;
        private String environment;
        private Instant at;

        private Builder(String title) {
            this.title = title;
        }

        /**
         * The failure. When it is a {@link WaitFailedError}, or one is among its causes, the
         * report shows its condition, what was missing, and its last topology or table.
         *
         * @param failure the failure
         * @return this builder
         */
        public Builder failure(Throwable failure) {
            this.failure = Objects.requireNonNull(failure, "failure must not be null");
            return this;
        }

        /**
         * What was awaited, for a failure that does not say it itself.
         *
         * @param condition for example {@code 2 active P2P connections}
         * @return this builder
         */
        public Builder condition(String condition) {
            this.condition = Objects.requireNonNull(condition, "condition must not be null");
            return this;
        }

        /**
         * What the last read lacked, one line each, for a failure that does not say it itself.
         *
         * @param missing for example {@code node-1 and node-3 are not connected}
         * @return this builder
         */
        public Builder missing(List<String> missing) {
            this.missing = List.copyOf(missing);
            return this;
        }

        /**
         * The topology to draw, instead of the failure's last one or the recorder's last sample.
         *
         * @param topology the snapshot
         * @return this builder
         */
        public Builder topology(Topology topology) {
            this.topology = Objects.requireNonNull(topology, "topology must not be null");
            return this;
        }

        /**
         * The recorder whose timeline to show; it is read once, under its lock, by {@link #build()},
         * and may go on recording. Its kernel events ({@link TimelineRecorder#events()}) are shown too,
         * with where they come from ({@link TimelineRecorder#source()}): a recorder that samples only
         * has the report say that a failed dial could not be seen.
         *
         * @param recorder the recorder
         * @return this builder
         */
        public Builder recorder(TimelineRecorder recorder) {
            this.recorder = Objects.requireNonNull(recorder, "recorder must not be null");
            this.timeline = null;
            return this;
        }

        /**
         * A timeline to show, that nothing adds to while {@link #build()} reads it.
         *
         * @param timeline the timeline
         * @return this builder
         */
        public Builder timeline(Timeline timeline) {
            this.timeline = Objects.requireNonNull(timeline, "timeline must not be null");
            this.recorder = null;
            return this;
        }

        /**
         * The kernel's connection events to show, for a caller with a log but no recorder; they win
         * over the recorder's. The report marks each failed dial and each reset on the timeline's
         * lanes, and lists them under the log's diagnosis.
         *
         * <pre>{@code
         * FailureReport.builder("dials node-3").timeline(timeline).events(log.snapshot()).build();
         * }</pre>
         *
         * @param events the log, which nothing adds to while {@link #build()} reads it: a
         *     {@link EventLog#snapshot()}
         * @return this builder
         */
        public Builder events(EventLog events) {
            this.events = Objects.requireNonNull(events, "events must not be null");
            return this;
        }

        /**
         * What the test ran on, such as the cluster and its mode, or the container and its engine.
         *
         * @param environment in words
         * @return this builder
         */
        public Builder environment(String environment) {
            this.environment = Objects.requireNonNull(environment, "environment must not be null");
            return this;
        }

        /**
         * When it failed.
         *
         * @param at the time; now unless set
         * @return this builder
         */
        public Builder at(Instant at) {
            this.at = Objects.requireNonNull(at, "at must not be null");
            return this;
        }

        /**
         * Reads the recorder or the timeline, and the kernel's events, and draws the report. The
         * topology it draws is the one given to {@link #topology}, else the failed wait's last one,
         * else the timeline's last sample.
         *
         * @return the report
         */
        public FailureReport build() {
            Instant when = at != null ? at : Instant.now();
            WaitFailedError wait = waitIn(failure);
            TimelineView view = recorder != null
                    ? TimelineView.of(recorder.timeline()).sampled(recorder.failedSamples(),
                            recorder.lastFailure().map(Throwable::toString).orElse(null), recorder.interval())
                    : timeline != null ? TimelineView.of(timeline) : null;
            Topology shown = topology;
            String source = "The topology given";
            if (shown == null && wait != null && wait.lastTopology().isPresent()) {
                shown = wait.lastTopology().get();
                source = "The last topology the wait read";
            }
            if (shown == null && view != null && view.latest() != null) {
                shown = view.latest();
                source = "The timeline's last sample, at " + view.lastSample();
            }
            List<TcpConnection> table = shown == null && wait != null ? wait.lastTable().orElse(null) : null;
            String awaited = condition != null ? condition : wait != null ? wait.condition() : null;
            List<String> lacking = missing != null ? missing : wait != null ? wait.missing() : List.of();
            List<DrawnLink> links = shown == null ? List.of()
                    : DrawnLink.of(shown, view == null ? List.of() : view.stalled());
            ReportData data = new ReportData(title, when, environment, failure == null ? null : failure.toString(),
                    failure == null ? null : stackTrace(failure), awaited, lacking, shown, source, links, table, view,
                    kernelEvents(view));
            return new FailureReport(title, ReportPage.render(data), shown, links);
        }

        /** The events given, else the recorder's, over the recording's span; null when there are none. */
        private KernelEventsView kernelEvents(TimelineView view) {
            Instant first = view == null ? null : view.firstSample();
            Instant last = view == null ? null : view.lastSample();
            if (events != null) {
                return KernelEventsView.of(events, null, first, last);
            }
            return recorder == null ? null : KernelEventsView.of(recorder.events(), recorder.source(), first, last);
        }

        /** The first WaitFailedError in a failure's chain of causes. */
        private static WaitFailedError waitIn(Throwable failure) {
            Map<Throwable, Boolean> seen = new IdentityHashMap<>();
            for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
                if (t instanceof WaitFailedError e) {
                    return e;
                }
            }
            return null;
        }

        private static String stackTrace(Throwable failure) {
            StringWriter out = new StringWriter();
            try (PrintWriter writer = new PrintWriter(out)) {
                failure.printStackTrace(writer);
            }
            return out.toString();
        }
    }
}
