package io.tcpscope.junit;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.WaitFailedError;
import io.tcpscope.testkit.TimelineRecorder;
import io.tcpscope.testkit.report.FailureReport;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes what a cluster looked like when a test failed, under
 * {@code target/tcpscope-reports/<test class>/<test method>}: a {@link FailureReport} in HTML, with
 * the test's timeline when it was recorded; and, when the configuration parameter
 * {@value ClusterExtension#REPORT_FORMATS_PROPERTY} asks for them, the same topology as text and
 * the report's picture alone as SVG. A report that cannot be written is logged, never thrown: the
 * test's own failure is what matters.
 */
final class FailureReports {

    /** The formats written when the configuration does not name any. */
    static final Set<Format> DEFAULT = Collections.unmodifiableSet(EnumSet.of(Format.HTML));

    private static final Logger LOG = LoggerFactory.getLogger(FailureReports.class);

    /** What a failure can be written as, each by its file's extension. */
    enum Format {
        /** The {@link FailureReport}: condition, picture, timeline, tables. */
        HTML,
        /** The topology as text, {@link TopologyRenderer#text}, after the test, the cluster and the failure. */
        TXT,
        /** The report's picture alone, {@link FailureReport#svg()}. */
        SVG;

        String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private FailureReports() {
    }

    /**
     * The formats the configuration parameter {@value ClusterExtension#REPORT_FORMATS_PROPERTY} (or
     * the system property of that name) asks for; {@link #DEFAULT} when it is not set.
     *
     * @throws ExtensionConfigurationException if it names a format there is not, or none
     */
    static Set<Format> formats(ExtensionContext context) {
        return context.getConfigurationParameter(ClusterExtension.REPORT_FORMATS_PROPERTY).map(FailureReports::parse)
                .orElse(DEFAULT);
    }

    /**
     * Formats by their names, separated by commas, in any case, with spaces around them or not.
     *
     * @throws ExtensionConfigurationException if a name is not a format's, or there is no name
     */
    static Set<Format> parse(String names) {
        String known = Arrays.stream(Format.values()).map(Format::extension).collect(Collectors.joining(", "));
        Set<Format> formats = EnumSet.noneOf(Format.class);
        for (String word : names.split(",", -1)) {
            String name = word.trim();
            if (name.isEmpty()) {
                continue;
            }
            formats.add(Arrays.stream(Format.values()).filter(f -> f.extension().equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new ExtensionConfigurationException(ClusterExtension.REPORT_FORMATS_PROPERTY + "="
                            + names + " names the report format '" + name + "', which tcpscope does not write;"
                            + " name some of " + known + ", separated by commas")));
        }
        if (formats.isEmpty()) {
            throw new ExtensionConfigurationException(ClusterExtension.REPORT_FORMATS_PROPERTY + " names no report format;"
                    + " name some of " + known + ", separated by commas, or remove it to write html alone");
        }
        return Collections.unmodifiableSet(formats);
    }

    static void write(ExtensionContext context, Cluster cluster, Throwable failure, TimelineRecorder recorder) {
        Set<Format> formats;
        try {
            formats = formats(context);
        } catch (ExtensionConfigurationException e) {
            // checked before the cluster started; a value changed since then is no reason to lose the report
            LOG.warn("{}; writing {} alone", e.getMessage(), Format.HTML.extension());
            formats = DEFAULT;
        }
        Path folder = FailureReport.folder().resolve(context.getRequiredTestClass().getName());
        String name = context.getRequiredTestMethod().getName() + invocation(context.getDisplayName());
        FailureReport report;
        try {
            FailureReport.Builder builder = FailureReport.builder(context.getRequiredTestClass().getSimpleName() + " > "
                    + context.getDisplayName()).failure(failure).environment(cluster.toString());
            if (recorder != null) {
                builder.recorder(recorder);
            }
            // a failed wait's report draws the topology the wait last saw, which is what it names as missing
            if (!(failure instanceof WaitFailedError wait && wait.lastTopology().isPresent())) {
                Topology now = now(context, cluster);
                if (now != null) {
                    builder.topology(now);
                }
            }
            report = builder.build();
        } catch (RuntimeException e) {
            LOG.warn("could not draw the report of {}: {}", context.getDisplayName(), e.getMessage());
            return;
        }
        List<Path> written = write(formats, folder, name, report,
                "test: " + context.getDisplayName() + "\ncluster: " + cluster.id() + "\nfailure: " + failure + "\n");
        if (!written.isEmpty()) {
            LOG.info("the failure of {} is drawn in {}", context.getDisplayName(),
                    written.size() == 1 ? written.get(0) : written);
        }
    }

    /**
     * Writes a report in each of the formats, each file named after the test ({@link FailureReport#fileName})
     * with the format's extension.
     *
     * @param header the test, the cluster and the failure, a line each, for the text
     * @return the files written; a file that could not be written is logged and left out
     */
    static List<Path> write(Set<Format> formats, Path folder, String name, FailureReport report, String header) {
        List<Path> written = new ArrayList<>();
        for (Format format : formats) {
            try {
                switch (format) {
                    case HTML -> written.add(report.writeTo(folder, name));
                    case TXT -> written.add(writeFile(folder, name, format, header + "\n"
                            + report.topology().map(TopologyRenderer::text).orElse("No topology was read.\n")));
                    case SVG -> {
                        if (report.topology().isPresent()) {
                            written.add(writeFile(folder, name, format, report.svg().orElseThrow()));
                        } else {
                            LOG.warn("no picture of {}: no topology was read", report.title());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not write the {} report of {}: {}", format.extension(), report.title(), e.getMessage());
            }
        }
        return List.copyOf(written);
    }

    private static Path writeFile(Path folder, String name, Format format, String content) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve(FailureReport.fileName(name) + "." + format.extension()), content);
    }

    private static Topology now(ExtensionContext context, Cluster cluster) {
        try {
            return cluster.topology();
        } catch (RuntimeException e) {
            LOG.warn("could not read the topology of {} for its report: {}", context.getDisplayName(), e.getMessage());
            return null;
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
