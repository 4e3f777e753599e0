package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.ExecResult;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tcpscope watch} as a user runs it: the runnable jar in a real terminal (tmux), and its JSON
 * stream read by another program, while this test makes a link on purpose (c dials a) and hangs it
 * up. The oracle is what the test did; the addresses are the engine's. A test that makes links
 * starts a cluster of its own; the others read one that no test changes, so that no test depends
 * on what another left (a link in TIME_WAIT, a dialer still running).
 */
class WatchIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger DIALS = new AtomicInteger();

    /** Read by the tests that make no link, and never changed. */
    private static Mesh shared;
    private static Cluster cluster;
    private static String a;
    private static String b;
    private static String c;

    /** The cluster of a test that makes links, removed after it. */
    private Mesh own;

    @TempDir
    Path dir;

    /** A tmux server of the test's own, whose socket goes with the test's folder. */
    private Path tmuxSocket;
    private Process watch;

    @BeforeAll
    static void startCluster() {
        shared = Mesh.start();
        cluster = shared.cluster();
        a = shared.a();
        b = shared.b();
        c = shared.c();
    }

    @AfterAll
    static void removeCluster() {
        if (shared != null) {
            shared.cluster().close();
        }
    }

    @AfterEach
    void stopWhatWasStarted() throws Exception {
        if (watch != null) {
            watch.destroyForcibly().waitFor();
        }
        if (tmuxSocket != null) {
            new ProcessBuilder("tmux", "-S", tmuxSocket.toString(), "kill-server").redirectErrorStream(true).start().waitFor();
        }
        if (own != null) {
            own.cluster().close();
        }
    }

    /** b dials a on 9000; c listens and dials nobody until a test makes it. */
    private record Mesh(Cluster cluster, String a, String b, String c) {
        static Mesh start() {
            Cluster cluster = Cluster.builder().withEngine(TestEngine.require()).node("a").node("b", n -> n.dial("a")).node("c")
                    .build().start();
            try {
                cluster.await().withTimeout(WAIT).forActiveConnections("b", 1);
            } catch (RuntimeException | AssertionError e) {
                cluster.close();
                throw e;
            }
            return new Mesh(cluster, cluster.id() + "-a", cluster.id() + "-b", cluster.id() + "-c");
        }
    }

    @Test
    void in_a_terminal_it_shows_a_new_link_and_its_events_and_ctrl_c_ends_it_cleanly() throws Exception {
        // given: watch in a 120x40 terminal, which stays open after it exits. tmux 3.3 does not always
        // learn a dead pane's status, so bash says it: bash waits for its command on Ctrl-C, and goes on
        // unless the command died of the signal itself.
        requireTmux();
        Mesh m = own = Mesh.start();
        tmuxSocket = dir.resolve("tmux.sock");
        Path typescript = dir.resolve("typescript");
        tmux("new-session", "-d", "-s", "watch", "-x", "120", "-y", "40",
                "bash -c '" + String.join(" ", command(m.a(), m.b(), m.c())) + "; echo \"watch exited with status $?\"'",
                ";", "set-option", "-t", "watch", "remain-on-exit", "on",
                ";", "pipe-pane", "-t", "watch", "-o", "cat >> " + typescript);
        String aIp = m.cluster().node("a").ip();
        String cIp = m.cluster().node("c").ip();
        await().atMost(WAIT).until(() -> pane().contains("OPENED " + m.b() + " "));

        // when: c dials a
        Dial dial = dial(m.cluster(), "c", aIp);

        // then: the link and its event show
        Pattern link = Pattern.compile("(?m)^[* ][! ] " + Pattern.quote(m.c() + " " + cIp) + ":(\\d+) -> " + Pattern.quote(m.a() + " " + aIp + ":9000")
                + " {2}\\[ESTAB \\| ESTAB]");
        Matcher shown = await().atMost(WAIT).until(() -> link.matcher(pane()), Matcher::find);
        String port = shown.group(1);
        String opened = " OPENED " + m.c() + " " + cIp + ":" + port + " -> " + m.a() + " " + aIp + ":9000 [";
        assertThat(pane()).contains(opened);

        // when: c hangs up
        dial.hangUp();

        // then
        String closed = " CLOSED " + m.c() + " " + cIp + ":" + port + " -> " + m.a() + " " + aIp + ":9000 was [";
        await().atMost(WAIT).until(() -> pane().contains(closed));
        assertThat(pane()).doesNotContain(m.c() + " " + cIp + ":" + port + " -> " + m.a() + " " + aIp + ":9000  [ESTAB");

        // when: Ctrl-C
        tmux("send-keys", "-t", "watch", "C-c");

        // then: it ends as an interrupted command does, gives the terminal back, and leaves its last screen
        await().atMost(WAIT).until(() -> tmux("display-message", "-p", "-t", "watch", "#{pane_dead}").equals("1"));
        String written = Files.readString(typescript);
        assertThat(written).as("the cursor was hidden while drawing").contains(Terminal.HIDE_CURSOR);
        assertThat(written.substring(written.lastIndexOf(Terminal.HIDE_CURSOR)))
                .as("then shown again, with colours reset").contains("\033[0m\033[?25h");
        String everything = tmux("capture-pane", "-p", "-t", "watch", "-S", "-");
        assertThat(everything).contains(opened, closed, "tcpscope watch  3 containers: " + m.a() + ", " + m.b() + ", " + m.c(),
                        "watch exited with status 130")
                .doesNotContain("Exception", "\tat ", "tcpscope: ");
    }

    @Test
    void json_streams_one_object_a_line_with_the_links_the_test_made_and_ctrl_c_ends_it() throws Exception {
        // given
        Mesh m = own = Mesh.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Path err = dir.resolve("stderr");
        watch = new ProcessBuilder(command(m.a(), m.b(), m.c(), "--json", "--interval", "100ms")).redirectError(err.toFile()).start();
        Thread reader = readLines(watch, lines);
        String aIp = m.cluster().node("a").ip();
        String cIp = m.cluster().node("c").ip();
        await().atMost(WAIT).until(() -> find(lines, "OPENED", m.b(), m.a()).isPresent());

        // when: c dials a, then hangs up
        Dial dial = dial(m.cluster(), "c", aIp);
        JsonNode opened = await().atMost(WAIT).until(() -> find(lines, "OPENED", m.c(), m.a()), Optional::isPresent).orElseThrow();
        dial.hangUp();
        int port = opened.get("fromEnd").get("port").asInt();
        JsonNode closed = await().atMost(WAIT).until(() -> find(lines, "CLOSED", m.c(), m.a()).filter(
                e -> e.get("fromEnd").get("port").asInt() == port), Optional::isPresent).orElseThrow();

        // then: the links are the test's
        assertThat(opened.get("fromEnd").get("address").asText()).isEqualTo(cIp);
        assertThat(opened.get("toEnd").get("address").asText()).isEqualTo(aIp);
        assertThat(opened.get("toEnd").get("port").asInt()).isEqualTo(9000);
        assertThat(opened.get("direction").asText()).isEqualTo("DIALED");
        assertThat(opened.get("before").get("from").isNull()).isTrue();
        assertThat(closed.get("after").get("from").isNull()).isTrue();
        assertThat(closed.get("after").get("to").isNull()).isTrue();

        // when: Ctrl-C
        new ProcessBuilder("kill", "-INT", Long.toString(watch.pid())).start().waitFor();

        // then
        assertThat(watch.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(watch.exitValue()).isEqualTo(130);
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            JsonNode object = JSON.readTree(line);
            assertThat(object.isObject()).as(line).isTrue();
            assertThat(object.has("kind") || object.has("error")).as(line).isTrue();
        });
        assertThat(Files.readString(err)).doesNotContain("Exception", "\tat ");
    }

    @Test
    void count_ends_it_by_itself_after_that_many_samples() throws Exception {
        // when: the first sample opens the one link between a and b; the second sees no change
        Run json = Run.of("watch", a, b, "--json", "--count", "2");
        Run screen = Run.of("watch", a, b, "--count", "2", "--no-color");

        // then: where the events come from, then the link
        assertThat(json.status()).isZero();
        List<String> lines = json.out().lines().toList();
        assertThat(JSON.readTree(lines.get(0)).get("kind").asText()).as(lines.get(0)).isEqualTo("SOURCE");
        assertThat(lines.subList(1, lines.size())).singleElement().satisfies(line -> {
            JsonNode event = JSON.readTree(line);
            assertThat(event.get("kind").asText()).isEqualTo("OPENED");
            assertThat(event.get("from").asText()).isEqualTo(b);
            assertThat(event.get("to").asText()).isEqualTo(a);
            assertThat(event.get("toEnd").get("port").asInt()).isEqualTo(9000);
        });
        assertThat(screen.status()).isZero();
        assertThat(screen.out()).contains("sample 2", "Links: 1 open", "OPENED " + b + " ", "\nsource: ");
        assertThat(screen.out()).as("stdout is no terminal: no cursor movement, no colour, no escape byte at all")
                .doesNotContain("\033");
        assertThat(screen.err()).isEmpty();
    }

    @Test
    void a_network_is_watched_with_its_containers_named() throws Exception {
        // when
        Run run = Run.of("watch", "--network", cluster.id(), "--json", "--count", "1");

        // then: where the events come from; b's link to a; c has none
        assertThat(run.status()).isZero();
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        assertThat(events.remove(0).get("kind").asText()).isEqualTo("SOURCE");
        assertThat(events).extracting(e -> e.get("kind").asText() + " " + e.get("from").asText() + " -> " + e.get("to").asText())
                .containsExactly("OPENED " + b + " -> " + a);
    }

    @Test
    void a_missing_container_exits_1_naming_it() {
        Run run = Run.of("watch", a, "no-such-container-here");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("tcpscope: container 'no-such-container-here' was not found;"
                + " check the name or id with 'docker ps -a'\n");
    }

    /** c's dial to a: the dialer sends a heartbeat, as a peer does, and reads nothing, so a hang-up resets the link at once. */
    private record Dial(Cluster cluster, String node, String id) {
        void hangUp() {
            ExecResult killed = cluster.execInContainer(node, "sh", "-c", "kill $(cat /tmp/" + id + ".pid)");
            assertThat(killed.exitCode()).as(killed.toString()).isZero();
        }
    }

    private static Dial dial(Cluster cluster, String node, String toIp) {
        String id = "dial" + DIALS.incrementAndGet();
        String script = "#!/bin/sh\\necho $$ > /tmp/" + id + ".pid\\nwhile echo hb; do sleep 1; done\\n";
        ExecResult started = cluster.execInContainer(node, "sh", "-c", "mkdir -p /tmp && printf '" + script + "' > /tmp/" + id
                + " && chmod +x /tmp/" + id + " && (nc " + toIp + " 9000 -e /tmp/" + id + " </dev/null >/dev/null 2>&1 &)");
        assertThat(started.exitCode()).as(started.toString()).isZero();
        return new Dial(cluster, node, id);
    }

    /** The first event of that kind from one container to another, among the lines read so far. */
    private static Optional<JsonNode> find(List<String> lines, String kind, String from, String to) {
        return lines.stream().map(WatchIT::parse).filter(e -> e.has("kind") && e.get("kind").asText().equals(kind)
                && e.get("from").asText().equals(from) && e.get("to").asText().equals(to)).findFirst();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static Thread readLines(Process process, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // the process ended
            }
        }, "watch-stdout");
        reader.start();
        return reader;
    }

    /** The runnable jar that ./tcpscope starts, built by this module's package phase. */
    private static List<String> command(String... args) throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("tcpscope-cli-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no runnable jar in target/; run the ITs through 'mvn verify'"));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toAbsolutePath().toString(), "io.tcpscope.cli.Main", "watch"));
        command.addAll(List.of(args));
        return command;
    }

    private String pane() throws Exception {
        return tmux("capture-pane", "-p", "-t", "watch");
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", tmuxSocket.toString(), "-f", "/dev/null"));
        command.addAll(List.of(args));
        Process tmux = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(tmux.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tmux.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tmux.exitValue()).as("tmux " + String.join(" ", args) + ": " + out).isZero();
        return out.stripTrailing();
    }

    /** With CI=true a missing tmux fails the test; elsewhere it is skipped, saying why. */
    private static void requireTmux() {
        try {
            Process version = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            if (version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = "WatchIT runs tcpscope watch in a real terminal, and needs tmux: apt-get install tmux";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so " + why);
        }
        Assumptions.abort(why);
    }
}
