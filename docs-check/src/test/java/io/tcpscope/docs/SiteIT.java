package io.tcpscope.docs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tcpscope.testkit.report.Chromium;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation site as a reader gets it: {@code mkdocs build --strict} builds it (a warning, a
 * missing include or a missing section fails), a server on this machine serves it, and a real headless
 * Chromium opens every page. No link into the site may lead nowhere, to a page or to an anchor; no page
 * may write to the console or ask for a file the site lacks; and the front page is saved as a picture,
 * {@code target/site-front-page.png}.
 *
 * <p>MkDocs is {@code $TCPSCOPE_MKDOCS}, else {@code mkdocs} on the {@code PATH}, with the Material
 * theme and pymdown-extensions. Under {@code CI=true} a missing one fails the test; elsewhere the test is
 * skipped, saying how to install them.
 */
class SiteIT {

    private static final long BUILD_SECONDS = 120;
    private static final String INSTALL = "install them (apt-get install mkdocs mkdocs-material python3-pymdownx,"
            + " or bash .ci/docs-tools)";

    private static Path site;
    private static HttpServer server;
    private static URI base;
    private static final Set<String> missing = Collections.synchronizedSet(new TreeSet<>());
    private static final Map<String, Chromium.Rendered> rendered = new LinkedHashMap<>();
    private static long buildMillis;
    private static Throwable failure;

    /**
     * Builds, serves and renders the site once, for every test; a missing tool ends each test the same
     * way (skipped, or failed under CI=true), and so does a build that failed. (Done in the tests rather
     * than in a @BeforeAll, where an aborted class is counted by failsafe as a failure.)
     */
    private static synchronized void ready() throws Exception {
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw (Exception) failure;
        }
        if (base != null) {
            return;
        }
        try {
            Chromium chromium = Chromium.require();
            site = Path.of(System.getProperty("tcpscope.site", "target/site")).toAbsolutePath().normalize();
            long start = System.nanoTime();
            build(mkdocs());
            buildMillis = (System.nanoTime() - start) / 1_000_000;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", SiteIT::serve);
            server.start();
            URI served = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            // A browser per page, a few at once: each start of Chromium costs about a second.
            ExecutorService browsers = Executors.newFixedThreadPool(Math.min(4, Runtime.getRuntime().availableProcessors()));
            try {
                Map<String, Future<Chromium.Rendered>> pages = new LinkedHashMap<>();
                for (String page : pages()) {
                    pages.put(page, browsers.submit(() -> chromium.render(served.resolve(page))));
                }
                for (Map.Entry<String, Future<Chromium.Rendered>> page : pages.entrySet()) {
                    try {
                        rendered.put(page.getKey(), page.getValue().get());
                    } catch (ExecutionException e) {
                        throw new AssertionError("Chromium could not render " + page.getKey(), e.getCause());
                    }
                }
            } finally {
                browsers.shutdownNow();
            }
            base = served;
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        }
    }

    @AfterAll
    static void stopServing() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void every_page_of_the_nav_is_built() throws Exception {
        ready();
        // then: the pages mkdocs.yml lists, each built to its HTML file
        List<String> nav = Docs.lines(Docs.root().resolve("mkdocs.yml")).stream()
                .map(String::strip).filter(l -> l.startsWith("- ") && l.endsWith(".md"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1).replaceAll("\\.md$", ".html")).toList();
        assertThat(nav).hasSizeGreaterThanOrEqualTo(14);
        assertThat(rendered.keySet()).containsAll(nav);
        System.out.println("site: built in " + buildMillis + " ms, " + rendered.size() + " pages");
    }

    @Test
    void every_link_into_the_site_leads_to_a_page_and_an_anchor_that_exist() throws Exception {
        ready();
        // given
        List<String> broken = new ArrayList<>();
        int checked = 0;

        // when
        for (Map.Entry<String, Chromium.Rendered> page : rendered.entrySet()) {
            for (Element a : page.getValue().dom().select("a[href]")) {
                URI target = base.resolve(page.getKey()).resolve(a.attr("href").strip());
                if (!"http".equals(target.getScheme()) || !base.getAuthority().equals(target.getAuthority())) {
                    continue; // another site: not checked here, and this test fetches nothing from the network
                }
                checked++;
                String path = target.getPath().endsWith("/") ? target.getPath() + "index.html" : target.getPath();
                Optional<Path> file = file(path);
                String where = page.getKey() + ": <a href=\"" + a.attr("href") + "\">" + a.text() + "</a>";
                if (file.isEmpty()) {
                    broken.add(where + ": no such page");
                } else if (target.getFragment() != null && !target.getFragment().isEmpty()
                        && path.endsWith(".html") && !hasAnchor(file.get(), target.getFragment())) {
                    broken.add(where + ": no anchor '" + target.getFragment() + "' in " + path);
                }
            }
        }

        // then
        assertThat(checked).as("links checked").isGreaterThan(rendered.size());
        assertThat(broken).isEmpty();
    }

    @Test
    void no_page_writes_to_the_console_or_asks_for_a_file_the_site_lacks() throws Exception {
        ready();
        Map<String, List<String>> console = new LinkedHashMap<>();
        rendered.forEach((page, r) -> {
            if (!r.console().isEmpty()) {
                console.put(page, r.console());
            }
        });
        assertThat(console).as("console lines, by page").isEmpty();
        assertThat(missing).as("files the pages asked for that the site does not have").isEmpty();
    }

    @Test
    void the_front_page_shows_the_site_and_is_saved_as_a_picture() throws Exception {
        ready();
        // when
        Path png = site.getParent().resolve("site-front-page.png");
        byte[] picture = Chromium.require().screenshot(base.resolve("index.html"), png, 1280, 900);

        // then
        assertThat(Chromium.pngSize(picture)).containsExactly(1280, 900);
        Document front = rendered.get("index.html").dom();
        assertThat(front.title()).contains("tcpscope");
        assertThat(front.select("nav a").eachText()).contains("Quickstart", "Concepts", "Troubleshooting");
        System.out.println("site: the front page is in " + png);
    }

    /** mkdocs, or the test ends: failed under CI=true, skipped elsewhere. */
    private static String mkdocs() {
        String given = System.getenv("TCPSCOPE_MKDOCS");
        if (given != null && !given.isBlank()) {
            if (!Files.isExecutable(Path.of(given))) {
                missingTools("$TCPSCOPE_MKDOCS names " + given + ", which is not an executable");
            }
            return given;
        }
        String path = System.getenv("PATH");
        Optional<Path> found = Stream.of(path == null ? new String[0] : path.split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, "mkdocs")).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            missingTools("no mkdocs: neither $TCPSCOPE_MKDOCS nor mkdocs on the PATH");
        }
        return found.get().toString();
    }

    private static void missingTools(String why) {
        String message = why + "; " + INSTALL + " to build and check the documentation site";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so the site must be built and checked, but " + message);
        }
        Assumptions.abort(message);
    }

    private static void build(String mkdocs) throws IOException, InterruptedException {
        Path root = Docs.root();
        Path log = Files.createTempFile("tcpscope-mkdocs-", ".log");
        try {
            List<String> command = List.of(mkdocs, "build", "--strict", "--clean",
                    "--config-file", root.resolve("mkdocs.yml").toString(), "--site-dir", site.toString());
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(BUILD_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("mkdocs build did not end within " + BUILD_SECONDS + " s: " + command);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                if (output.contains("Unrecognised theme name") || output.contains("No module named 'pymdownx'")
                        || output.contains("Failed to load extension 'pymdownx")) {
                    missingTools("mkdocs is there, but not the Material theme or pymdown-extensions:\n" + output);
                }
                throw new AssertionError("mkdocs build --strict failed (" + p.exitValue() + "):\n" + output);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@return every page the build made, as paths relative to the site's root} */
    private static List<String> pages() throws IOException {
        try (Stream<Path> files = Files.walk(site)) {
            return files.filter(f -> f.toString().endsWith(".html"))
                    .map(f -> site.relativize(f).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static Optional<Path> file(String urlPath) {
        String decoded = URLDecoder.decode(urlPath, StandardCharsets.UTF_8);
        Path file = site.resolve(decoded.replaceFirst("^/+", "")).normalize();
        return file.startsWith(site) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static boolean hasAnchor(Path page, String fragment) {
        try {
            Document dom = Jsoup.parse(page.toFile(), "UTF-8");
            String id = URLDecoder.decode(fragment, StandardCharsets.UTF_8);
            return dom.getElementById(id) != null || !dom.getElementsByAttributeValue("name", id).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<Path> file = file(path.endsWith("/") ? path + "index.html" : path);
            if (!"GET".equals(exchange.getRequestMethod()) || file.isEmpty()) {
                if (!path.equals("/favicon.ico")) {
                    missing.add(path);
                }
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file.get());
            exchange.getResponseHeaders().set("Content-Type", type(file.get()));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String type(Path file) {
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "json" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "xml" -> "application/xml";
            case "woff2" -> "font/woff2";
            case "woff" -> "font/woff";
            default -> "application/octet-stream";
        };
    }
}
