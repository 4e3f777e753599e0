package io.tcpscope.testkit.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real headless Chromium, for the tests of failure reports and of the documentation site: it renders
 * a page from its file or its address and gives the DOM it made, what the page's scripts wrote to the
 * console, or a screenshot.
 *
 * <p>Found as {@code $TCPSCOPE_CHROMIUM}, else {@code chromium}, {@code chromium-browser},
 * {@code google-chrome} or {@code google-chrome-stable} on the {@code PATH}. With {@code CI=true} a
 * missing browser fails the test; elsewhere it skips, saying how to install one
 * ({@code apt-get install chromium}).
 */
public final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /**
     * The browser, or the test ends: failed under {@code CI=true}, skipped elsewhere.
     *
     * @return the browser
     */
    public static Chromium require() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String why = "no Chromium: neither $TCPSCOPE_CHROMIUM nor any of " + NAMES + " on the PATH;"
                    + " install it (apt-get install chromium) to run the browser tests";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true, so the browser tests must run, but " + why);
            }
            Assumptions.abort(why);
        }
        return new Chromium(found.get());
    }

    private static Optional<Path> find() {
        String given = System.getenv("TCPSCOPE_CHROMIUM");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        String path = System.getenv("PATH");
        return Stream.of(path == null ? new String[0] : path.split(java.io.File.pathSeparator))
                .flatMap(dir -> NAMES.stream().map(n -> Path.of(dir, n)))
                .filter(Files::isExecutable).findFirst();
    }

    /** {@return the browser's executable} */
    public Path binary() {
        return binary;
    }

    /**
     * Renders a page from its file, as {@code chromium --headless --dump-dom} does.
     *
     * @param page the HTML file
     * @return the DOM after its scripts ran, and the browser's log
     * @throws IOException if the browser cannot be run
     * @throws InterruptedException if interrupted while it runs
     */
    public Rendered render(Path page) throws IOException, InterruptedException {
        return render(page.toAbsolutePath().toUri());
    }

    /**
     * Renders a page from its address, such as a page of a site served on this machine.
     *
     * @param page the page's address
     * @return the DOM after its scripts ran, and the browser's log
     * @throws IOException if the browser cannot be run
     * @throws InterruptedException if interrupted while it runs
     */
    public Rendered render(URI page) throws IOException, InterruptedException {
        Run run = run(page, "--dump-dom");
        return new Rendered(Jsoup.parse(run.stdout, page.toString()), run.stderr);
    }

    /**
     * Takes a screenshot of a page, in a window of the given size.
     *
     * @param page the HTML file
     * @param png where to write the picture
     * @param width the window's width
     * @param height the window's height
     * @return the picture's bytes
     * @throws IOException if the browser cannot be run or wrote nothing
     * @throws InterruptedException if interrupted while it runs
     */
    public byte[] screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        return screenshot(page.toAbsolutePath().toUri(), png, width, height);
    }

    /**
     * Takes a screenshot of a page from its address, in a window of the given size.
     *
     * @param page the page's address
     * @param png where to write the picture
     * @param width the window's width
     * @param height the window's height
     * @return the picture's bytes
     * @throws IOException if the browser cannot be run or wrote nothing
     * @throws InterruptedException if interrupted while it runs
     */
    public byte[] screenshot(URI page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(page, "--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath());
        if (!Files.exists(png)) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
        return Files.readAllBytes(png);
    }

    private Run run(URI page, String... what) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("tcpscope-chromium-");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--enable-logging=stderr", "--v=0",
                    "--user-data-dir=" + work.resolve("profile")));
            command.addAll(Arrays.asList(what));
            command.add(page.toString());
            Path out = work.resolve("stdout");
            Path err = work.resolve("stderr");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("chromium ended with " + p.exitValue() + ": " + command + "\n" + stderr);
            }
            return new Run(Files.readString(out, StandardCharsets.UTF_8), stderr);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * The width and height of a PNG picture, from its header.
     *
     * @param png the picture's bytes
     * @return {width, height}
     * @throws AssertionError if the bytes are not a PNG picture
     */
    public static int[] pngSize(byte[] png) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (png.length < 24 || !Arrays.equals(Arrays.copyOf(png, 8), signature)
                || !new String(png, 12, 4, StandardCharsets.US_ASCII).equals("IHDR")) {
            throw new AssertionError("not a PNG picture: " + png.length + " bytes");
        }
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(png, 16, 8);
        return new int[] {header.getInt(), header.getInt()};
    }

    private record Run(String stdout, String stderr) {
    }

    /**
     * What the browser made of a page.
     *
     * @param dom the DOM after the page's scripts ran
     * @param log the browser's log on stderr
     */
    public record Rendered(Document dom, String log) {

        /** {@return the lines the page's scripts wrote to the console, errors included ("Uncaught ...")} */
        public List<String> console() {
            return log.lines().filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")).toList();
        }
    }
}
