package io.tcpscope.testkit;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.StalledLink;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Link health from the kernel's own fields, made for real: a writer streams to a reader, and the
 * test freezes the reader ({@code docker pause}, or SIGSTOP from the host) or cuts it off the
 * network. The writer's link must be reported stalled, by one snapshot and by a recorder across
 * samples, and healthy again once the reader thaws.
 *
 * <p>The oracle is what the test did, and the kernel's view through another tool: the host's
 * {@code ss -tano}, run in the writer's network namespace, must show the same socket with bytes
 * unsent and the zero-window probe or retransmit timer running.
 */
class LinkHealthIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** 512 KiB every 100 ms: fills a frozen reader's receive buffer (up to 6 MiB, autotuned) in seconds, and is cheap. */
    private static final String WRITER = "while true; do (while head -c 524288 /dev/zero; do sleep 0.1; done)"
            + " | nc reader 9000; sleep 1; done"; // a dial that fails ends the writing loop too, and it dials again
    private static final Pattern SS_ROW = Pattern.compile(
            "^ESTAB\\s+\\d+\\s+(\\d+)\\s+(\\S+)\\s+(\\S+):9000\\s+timer:\\((\\w+),[^,]*,(\\d+)\\)");

    private Cluster cluster;

    @AfterEach
    void removeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void start(InspectorMode mode) {
        cluster = Cluster.builder().withEngine(TestEngine.require()).withInspectorMode(mode)
                .node("reader", n -> n.listen(9000).command("sh", "-c", "sleep 1000000 | nc -l -p 9000 > /dev/null"))
                .node("writer", n -> n.command("sh", "-c", WRITER))
                .build().start();
        cluster.await().withTimeout(WAIT).forActiveConnections("writer", 1);
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void a_paused_reader_stalls_the_writer_s_link_until_it_thaws(InspectorMode mode) {
        // given
        start(mode);
        try (TimelineRecorder recorder = recording(cluster.recorder().withStallTime(Duration.ofSeconds(1)).start())) {
            // a reader that reads: a busy machine may leave its window shut for a moment, so one snapshot of
            // a free link is awaited, not asked of the first
            await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.topology().stalledLinks())
                    .as("a reader that reads").isEmpty());

            // when
            cluster.pause("reader");

            // then: the snapshot and the recorder both see the writer unable to send, as the kernel does
            StalledLink stalled = awaitStalled(recorder);
            assertWriterStalled(stalled, TcpTimer.ZERO_WINDOW_PROBE);
            assertThat(stalled.samples()).isGreaterThanOrEqualTo(2);
            assertThat(cluster.topology().stalledLinks()).extracting(StalledLink::node).contains("writer");
            assertKernelAgrees(stalled);

            // when
            cluster.unpause("reader");

            // then
            await().atMost(WAIT).until(() -> recorder.timeline().stalledLinks().isEmpty() && cluster.topology().stalledLinks().isEmpty());
            assertThat(cluster.topology().isConnected("reader", "writer")).isTrue();
        }
    }

    @Test
    void a_reader_stopped_by_sigstop_stalls_the_link_as_a_paused_one_does() {
        // given
        start(InspectorMode.PROCFS);
        List<String> reader = processesOf(cluster.node("reader").containerId());
        try (TimelineRecorder recorder = recording(cluster.recorder().start())) {
            // when: every process of the reader stops (its shell, sleep and nc), as a debugger would stop it
            signal("STOP", reader);

            // then
            StalledLink stalled = awaitStalled(recorder);
            assertWriterStalled(stalled, TcpTimer.ZERO_WINDOW_PROBE);
            assertKernelAgrees(stalled);

            // when
            signal("CONT", reader);

            // then
            await().atMost(WAIT).until(() -> recorder.timeline().stalledLinks().isEmpty());
        }
    }

    @Test
    void a_reader_cut_off_the_network_leaves_the_writer_retransmitting() {
        // given
        start(InspectorMode.PROCFS);
        try (TimelineRecorder recorder = recording(cluster.recorder().start())) {
            // when
            cluster.disconnect("reader");

            // then
            StalledLink stalled = awaitStalled(recorder);
            assertWriterStalled(stalled, TcpTimer.RETRANSMIT);
            assertThat(stalled.socket().retransmits()).isPositive();
            assertKernelAgrees(stalled);
        }
    }

    /** The recorder, once it has seen the link from both ends: a node it never saw reachable has no name to it. */
    private static TimelineRecorder recording(TimelineRecorder recorder) {
        LinkEvent.Ends both = new LinkEvent.Ends(TcpState.ESTABLISHED, TcpState.ESTABLISHED);
        await().atMost(WAIT).until(() -> recorder.timeline().links().containsValue(both));
        return recorder;
    }

    /** The first stalled link the recorder reports; on a timeout, what it saw of the writer instead. */
    private StalledLink awaitStalled(TimelineRecorder recorder) {
        try {
            return await().atMost(WAIT).until(() -> recorder.timeline().stalledLinks(), s -> !s.isEmpty()).get(0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no stalled link after " + recorder.timeline().samples() + " samples (" + recorder.failedSamples()
                    + " failed, last failure " + recorder.lastFailure().map(Throwable::toString).orElse("none")
                    + "); the writer's table: " + Optional.ofNullable(recorder.timeline().latest()).map(t -> t.table("writer").connections().stream()
                    .map(c -> c + " sendQ=" + c.sendQueue() + " " + c.timer() + "/" + c.retransmits()).toList())
                    .orElse(List.of()) + "; links: " + recorder.timeline().links() + "; addresses: " + Optional.ofNullable(recorder.timeline().latest())
                    .map(t -> t.tables().stream().map(n -> n.name() + "=" + n.addresses()).toList()).orElse(List.of())
                    + "; events: " + recorder.timeline().events(), e);
        }
    }

    private static void assertWriterStalled(StalledLink stalled, TcpTimer timer) {
        assertThat(stalled.node()).isEqualTo("writer");
        assertThat(stalled.link().joins("writer", "reader")).isTrue();
        assertThat(stalled.socket().remote().port()).isEqualTo(9000);
        assertThat(stalled.socket().sendQueue()).isPositive();
        assertThat(stalled.socket().timer()).isEqualTo(timer);
    }

    /**
     * The host's ss, in the writer's namespace, shows the same socket (its local port) with bytes
     * unsent and the same timer, and for the retransmit timer a retransmit count above 0.
     */
    private void assertKernelAgrees(StalledLink stalled) {
        TcpTimer timer = stalled.socket().timer();
        String ssName = timer == TcpTimer.ZERO_WINDOW_PROBE ? "persist" : "on";
        String local = ":" + stalled.socket().local().port();
        long writerPid = TestEngine.require().hostPids().hostPid(cluster.node("writer").containerId());
        await().atMost(WAIT).untilAsserted(() -> assertThat(ssRows(writerPid)).anySatisfy(m -> {
            assertThat(m[4]).endsWith(local);
            assertThat(Long.parseLong(m[0])).as("Send-Q").isPositive();
            assertThat(m[2]).isEqualTo(ssName);
            if (timer == TcpTimer.RETRANSMIT) {
                assertThat(Long.parseLong(m[3])).as("retransmits").isPositive();
            }
        }));
    }

    private static List<String[]> ssRows(long pid) {
        String out = run("nsenter", "-t", Long.toString(pid), "-n", "ss", "-tanoH");
        return out.lines().map(SS_ROW::matcher).filter(Matcher::find)
                .map(m -> new String[] {m.group(1), m.group(3), m.group(4), m.group(5), m.group(2)}).toList();
    }

    /** The host PIDs of a container's processes: those whose cgroup names its id. */
    private static List<String> processesOf(String containerId) {
        List<String> pids = new java.util.ArrayList<>();
        try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (java.nio.file.Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (java.nio.file.Files.readString(proc.resolve("cgroup")).contains(containerId)) {
                        pids.add(proc.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the process ended while listed
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(pids).as("the reader's processes").hasSizeGreaterThanOrEqualTo(3);
        return pids;
    }

    private static void signal(String signal, List<String> pids) {
        List<String> argv = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        argv.addAll(pids);
        run(argv.toArray(String[]::new));
    }

    private static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", argv) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
