package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.ExecResult;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestUser;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.NodeFirewall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tcpscope watch} showing the kernel's own TCP events, as a user runs it as root against a
 * local engine: the runnable jar, its output read by another program, while this test dials a port
 * nothing listens on and resets a link of its own. A refused dial leaves no socket, so no sample
 * sees it; the oracle is the test's own dials, counted by the test.
 */
class WatchKernelEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Cluster cluster;
    private Process watch;

    @BeforeAll
    static void asRoot() {
        TestUser.requireRoot("WatchKernelEventsIT, whose watch reads the kernel's events through tracefs,");
    }

    @AfterEach
    void stopWhatWasStarted() throws InterruptedException {
        if (watch != null) {
            watch.destroyForcibly().waitFor();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Two nodes that listen on 9000 and dial nobody; nothing listens on 9001. */
    private Cluster quietPair() {
        cluster = Cluster.builder().withEngine(TestEngine.require())
                .node("a", n -> n.listen(9000)).node("c", n -> n.listen(9000)).build().start();
        cluster.await().withTimeout(WAIT).forListeningPort("a", 9000);
        cluster.await().withTimeout(WAIT).forListeningPort("c", 9000);
        return cluster;
    }

    @Test
    void json_says_where_its_events_come_from_then_shows_each_refused_dial_with_both_nodes_named() throws Exception {
        // given
        Cluster pair = quietPair();
        String a = pair.id() + "-a";
        String c = pair.id() + "-c";
        String aIp = pair.node("a").ip();
        String cIp = pair.node("c").ip();
        List<String> lines = new CopyOnWriteArrayList<>();
        Path err = dir.resolve("stderr");
        watch = new ProcessBuilder(command(a, c, "--json", "--interval", "100ms")).redirectError(err.toFile()).start();
        Thread reader = readLines(watch, lines);
        await().atMost(WAIT).until(() -> !lines.isEmpty());

        // when: c dials a where nothing listens, 3 times; then a dials c once
        dial(pair, "c", aIp, 9001, 3);
        dial(pair, "a", cIp, 9001, 1);
        await().atMost(WAIT).until(() -> count(lines, failedDial(c, a)) >= 3 && count(lines, failedDial(a, c)) >= 1);
        List<JsonNode> written = stop(reader, lines);

        // then: the source first and once, and exactly the test's dials, each as the kernel told it
        assertThat(written.get(0).get("kind").asText()).isEqualTo("SOURCE");
        assertThat(written.get(0).get("kernelEvents").asBoolean()).as(written.get(0).toString()).isTrue();
        assertThat(written.get(0).get("source").asText()).isEqualTo("kernel events (tracefs) and samples every 100 ms");
        assertThat(written).filteredOn(kind("SOURCE")).hasSize(1);
        assertThat(written).filteredOn(failedDial(c, a)).hasSize(3).allSatisfy(dial -> {
            assertThat(dial.get("reason").asText()).isEqualTo("refused");
            assertThat(dial.get("target").get("address").asText()).isEqualTo(aIp);
            assertThat(dial.get("target").get("port").asInt()).isEqualTo(9001);
            assertThat(dial.get("fromEnd").get("address").asText()).isEqualTo(cIp);
            assertThat(dial.get("synRetransmits").asInt()).isZero();
            assertThat(dial.get("at").asText()).endsWith("Z");
        });
        assertThat(written).filteredOn(failedDial(a, c)).singleElement()
                .satisfies(dial -> assertThat(dial.get("reason").asText()).isEqualTo("refused"));
        assertThat(written).as("no other failed dial, no reset, no connected dial")
                .filteredOn(kind("DIAL_FAILED").or(kind("RESET")).or(kind("DIAL"))).hasSize(4);
        assertThat(watch.exitValue()).isEqualTo(130);
        assertThat(Files.readString(err)).doesNotContain("Exception", "\tat ");
    }

    @Test
    void json_shows_a_reset_of_a_live_link_naming_who_sent_it_and_who_received_it() throws Exception {
        // given: c holds a link to a, sending a heartbeat each second
        Cluster pair = quietPair();
        String a = pair.id() + "-a";
        String c = pair.id() + "-c";
        String aIp = pair.node("a").ip();
        String cIp = pair.node("c").ip();
        List<String> lines = new CopyOnWriteArrayList<>();
        watch = new ProcessBuilder(command(a, c, "--json", "--interval", "100ms"))
                .redirectError(dir.resolve("stderr").toFile()).start();
        Thread reader = readLines(watch, lines);
        ExecResult started = pair.execInContainer("c", "sh", "-c",
                "(while echo hb; do sleep 1; done | nc " + aIp + " 9000 >/dev/null 2>&1 &)");
        assertThat(started.exitCode()).as(started.toString()).isZero();
        JsonNode opened = await().atMost(WAIT).until(() -> parsed(lines).stream().filter(kind("OPENED"))
                .filter(e -> e.get("from").asText().equals(c)).findFirst(), java.util.Optional::isPresent).orElseThrow();
        int port = opened.get("fromEnd").get("port").asInt();

        // when: a's kernel answers c's next heartbeat with a reset
        NodeFirewall.iptables(pair, "a", "-I", "INPUT", "-p", "tcp", "--dport", "9000", "!", "--syn",
                "-j", "REJECT", "--reject-with", "tcp-reset");
        Predicate<JsonNode> reset = kind("RESET").and(e -> a.equals(e.get("sender").asText(null))
                && c.equals(e.get("receiver").asText(null)));
        await().atMost(WAIT).until(() -> count(lines, reset) >= 1);
        List<JsonNode> written = stop(reader, lines);

        // then: one reset, from a's end of the link the test made to c's
        assertThat(written).filteredOn(reset).singleElement().satisfies(r -> {
            assertThat(r.get("senderEnd").get("address").asText()).isEqualTo(aIp);
            assertThat(r.get("senderEnd").get("port").asInt()).isEqualTo(9000);
            assertThat(r.get("receiverEnd").get("address").asText()).isEqualTo(cIp);
            assertThat(r.get("receiverEnd").get("port").asInt()).isEqualTo(port);
            assertThat(r.get("state").asText()).isEqualTo("ESTABLISHED");
        });
        assertThat(written).as("nothing dialed where nothing listens").filteredOn(kind("DIAL_FAILED")).isEmpty();
    }

    @Test
    void the_screen_says_where_its_events_come_from_and_shows_a_refused_dial_on_its_next_screen() throws Exception {
        // given: to a pipe, wide enough for the containers' long names
        Cluster pair = quietPair();
        String a = pair.id() + "-a";
        String c = pair.id() + "-c";
        StringBuilder out = new StringBuilder();
        ProcessBuilder builder = new ProcessBuilder(command(a, c, "--interval", "100ms"))
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().putAll(Map.of("COLUMNS", "250", "LINES", "40"));
        watch = builder.start();
        Thread reader = readText(watch, out);
        await().atMost(WAIT).until(() -> text(out).contains("sample 1"));

        // when
        dial(pair, "c", pair.node("a").ip(), 9001, 2);

        // then
        String line = " DIAL_FAILED " + c + " -> " + a + ":9001 refused (nothing listens on " + a + ":9001)";
        await().atMost(WAIT).until(() -> text(out).lines().filter(l -> l.endsWith(line)).count() >= 2);
        String screens = stop(reader, out);
        String last = screens.substring(screens.lastIndexOf("tcpscope watch  "));
        assertThat(last).contains("\nsource: kernel events (tracefs) and samples every 100 ms\n");
        assertThat(last.lines().filter(l -> l.endsWith(line))).as(last).hasSize(2)
                .allMatch(l -> l.matches("[* ]  \\d\\d:\\d\\d:\\d\\d\\.\\d{3}" + java.util.regex.Pattern.quote(line)));
        assertThat(screens).doesNotContain("\033");
    }

    private static ExecResult dial(Cluster cluster, String from, String toIp, int port, int times) {
        ExecResult dialed = cluster.execInContainer(from, "sh", "-c",
                "for i in $(seq " + times + "); do nc -w 2 " + toIp + " " + port + " </dev/null; done; true");
        assertThat(dialed.exitCode()).as(dialed.toString()).isZero();
        return dialed;
    }

    /** Ctrl-C, as a user ends it; then every line it wrote. */
    private List<JsonNode> stop(Thread reader, List<String> lines) throws Exception {
        interrupt();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return parsed(lines);
    }

    private String stop(Thread reader, StringBuilder out) throws Exception {
        interrupt();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(watch.exitValue()).isEqualTo(130);
        return text(out);
    }

    private void interrupt() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(watch.pid())).start().waitFor();
        assertThat(watch.waitFor(30, TimeUnit.SECONDS)).as("watch ended").isTrue();
    }

    private static Predicate<JsonNode> kind(String kind) {
        return e -> e.has("kind") && e.get("kind").asText().equals(kind);
    }

    private static Predicate<JsonNode> failedDial(String from, String to) {
        return kind("DIAL_FAILED").and(e -> e.get("from").asText().equals(from) && to.equals(e.get("to").asText(null)));
    }

    private static long count(List<String> lines, Predicate<JsonNode> which) {
        return parsed(lines).stream().filter(which).count();
    }

    private static List<JsonNode> parsed(List<String> lines) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            try {
                nodes.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return nodes;
    }

    private static String text(StringBuilder out) {
        synchronized (out) {
            return out.toString();
        }
    }

    private static Thread readLines(Process process, List<String> lines) {
        return reading(process, in -> in.lines().forEach(lines::add));
    }

    private static Thread readText(Process process, StringBuilder out) {
        return reading(process, in -> {
            char[] buffer = new char[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (out) {
                    out.append(buffer, 0, n);
                }
            }
        });
    }

    private interface Reading {
        void read(BufferedReader in) throws IOException;
    }

    private static Thread reading(Process process, Reading reading) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reading.read(in);
            } catch (IOException | UncheckedIOException e) {
                // the process ended
            }
        }, "watch-stdout");
        reader.start();
        return reader;
    }

    /** The runnable jar that ./tcpscope starts, built by this module's package phase. */
    private static List<String> command(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Child.jar().toString(), "io.tcpscope.cli.Main", "watch"));
        command.addAll(List.of(args));
        return command;
    }
}
