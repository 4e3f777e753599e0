package io.tcpscope.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the {@link ManyRuns} driver wrote, cut into runs at its separator lines; and the driver's
 * classes alone, for a child's class path.
 */
final class RunsOfDriver {

    private static final Pattern END = Pattern.compile(Pattern.quote(ManyRuns.SEPARATOR) + "(\\d+)[^\n]*\n");

    /** What a run wrote, and the status its separator line gives. */
    record Ended(String text, int status) {
    }

    private RunsOfDriver() {
    }

    /**
     * Copies the driver's classes alone into {@code dir}: the test classes' logback-test.xml must not
     * replace the jar's logback.xml.
     *
     * @return {@code dir}, to put on the child's class path after the jar
     */
    static Path driverClasses(Path dir) throws IOException, URISyntaxException {
        Path classes = Path.of(ManyRuns.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path from = classes.resolve("io/tcpscope/cli");
        Path to = Files.createDirectories(dir.resolve("io/tcpscope/cli"));
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("ManyRuns(\\$.*)?\\.class")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    /** Each run's part of a stream, cut at the driver's separator lines. */
    static List<Ended> runs(String stream) {
        List<Ended> runs = new ArrayList<>();
        Matcher end = END.matcher(stream);
        int from = 0;
        while (end.find()) {
            runs.add(new Ended(stream.substring(from, end.start()), Integer.parseInt(end.group(1))));
            from = end.end();
        }
        return runs;
    }

    /** What a stream has after its last separator line. */
    static String tail(String stream) {
        Matcher end = END.matcher(stream);
        int from = 0;
        while (end.find()) {
            from = end.end();
        }
        return stream.substring(from);
    }
}
