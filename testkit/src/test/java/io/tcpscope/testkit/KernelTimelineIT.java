package io.tcpscope.testkit;

import io.tcpscope.core.ExecResult;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A recorder's timeline fed by the kernel's own events, on real containers whose programs the test
 * drives. The oracles: the dials the test made itself, and busybox {@code netstat} in each node, a
 * tool that reads the kernel's tables apart from tcpscope.
 *
 * <p>Needs root and tracefs on the machine whose kernel runs the engine's containers; CI has both,
 * and under {@code CI=true} a missing one fails the test.
 */
class KernelTimelineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SYNC = Duration.ofSeconds(10);

    private final List<Cluster> clusters = new ArrayList<>();

    @BeforeAll
    static void asRoot() {
        TestUser.requireRoot("KernelTimelineIT, which reads the kernel's events through tracefs,");
    }

    @AfterEach
    void removeClusters() {
        clusters.forEach(Cluster::close);
    }

    /** Two nodes that only listen, on 9000; nothing listens on 9001. */
    private Cluster quietPair(String prefix) {
        Cluster cluster = Cluster.builder().withEngine(TestEngine.require())
                .node(prefix + "a", n -> n.listen(9000)).node(prefix + "b", n -> n.listen(9000)).build().start();
        clusters.add(cluster);
        cluster.await().withTimeout(WAIT).forListeningPort(prefix + "b", 9000);
        return cluster;
    }

    @Test
    void dials_refused_between_two_samples_are_links_opened_and_closed_at_the_kernel_s_times() {
        // given
        Cluster cluster = quietPair("kt1-");
        try (TimelineRecorder recorder = cluster.recorder().start()) {
            assertThat(recorder.source()).startsWith("kernel events (tracefs) and samples every");
            recorder.await().withTimeout(WAIT).forStable(Duration.ofMillis(300));

            // when: node a dials node b's port 9001, where nothing listens, 5 times
            cluster.execInContainer("kt1-a", "sh", "-c",
                    "for i in 1 2 3 4 5; do nc -w 2 " + cluster.node("kt1-b").ip() + " 9001 </dev/null; done; true");
            recorder.syncEvents(SYNC);

            // then: each refused dial is a link from node a that opened in SYN-SENT and closed
            // --8<-- [start:refused]
            // 12:00:01.438931 OPENED kt1-a 172.24.0.2:40172 -> kt1-b 172.24.0.3:9001 [SYN-SENT | -]
            // 12:00:01.439012 CLOSED kt1-a 172.24.0.2:40172 -> kt1-b 172.24.0.3:9001 [SYN-SENT | -]
            // --8<-- [end:refused]
            List<LinkEvent> history = on9001(recorder.timeline()); // syncEvents put them on the timeline
            assertThat(history).hasSize(10);
            for (int i = 0; i < 10; i += 2) {
                LinkEvent opened = history.get(i);
                LinkEvent closed = history.get(i + 1);
                assertThat(opened.kind()).isEqualTo(LinkEvent.Kind.OPENED);
                assertThat(opened.after()).isEqualTo(new LinkEvent.Ends(TcpState.SYN_SENT, null));
                assertThat(opened.link().from()).isEqualTo("kt1-a");
                assertThat(opened.link().direction()).isEqualTo(Edge.Direction.DIALED);
                assertThat(closed.kind()).isEqualTo(LinkEvent.Kind.CLOSED);
                assertThat(closed.link()).isEqualTo(opened.link());
            }
            assertThat(recorder.timeline().changesFromEvents()).isGreaterThanOrEqualTo(10);
            assertThat(history).allMatch(LinkEvent::isHandshake);
        }
    }

    @Test
    void without_sampling_the_links_follow_the_kernel_s_events_and_agree_with_netstat() {
        // given: a recorder that reads one snapshot, then the kernel's events only
        Cluster cluster = quietPair("kt2-");
        // --8<-- [start:without-sampling]
        try (TimelineRecorder recorder = cluster.recorder().withoutSampling().start()) {
            // "kernel events (tracefs), with a snapshot at the start and after each overrun"
            // --8<-- [end:without-sampling]
            assertThat(recorder.source()).isEqualTo("kernel events (tracefs), with a snapshot at the start and after each overrun");
            recorder.await().withTimeout(WAIT).forStable(Duration.ofMillis(300));

            // when: node a dials node b's 9000 three times, says hello on each and closes it
            ExecResult dialed = cluster.execInContainer("kt2-a", "sh", "-c", "for i in 1 2 3; do echo hello | nc -w 1 "
                    + cluster.node("kt2-b").ip() + " 9000 >/dev/null; echo dialed; done");
            assertThat(dialed.stdoutText().lines()).as(dialed.stderrText()).containsExactly("dialed", "dialed", "dialed");
            recorder.syncEvents(SYNC);

            // then: the timeline's sockets are the ones netstat shows in the two nodes, state for state
            await().atMost(WAIT).untilAsserted(() -> assertThat(ends(recorder.timeline()))
                    .isEqualTo(netstat(cluster, "kt2-a", "kt2-b")));
            Timeline timeline = recorder.timeline();
            assertThat(timeline.edgeHistory("kt2-a", "kt2-b")).filteredOn(LinkEvent::isRise).hasSize(3)
                    .allSatisfy(e -> assertThat(e.link().from()).isEqualTo("kt2-a"));
            assertThat(timeline.samples()).isEqualTo(1);
            assertThat(timeline.reconciledChanges()).isZero();
            assertThat(recorder.eventOverruns()).isZero();
        }
    }

    private static List<LinkEvent> on9001(Timeline timeline) {
        return timeline.events().stream().filter(e -> e.link().toEnd().port() == 9001).toList();
    }

    /** Each socket the timeline holds open, as {@code node local remote STATE}. */
    private static Set<String> ends(Timeline timeline) {
        Set<String> ends = new TreeSet<>();
        for (Map.Entry<Edge, LinkEvent.Ends> link : timeline.links().entrySet()) {
            Edge e = link.getKey();
            if (link.getValue().from() != null) {
                ends.add(e.from() + " " + e.fromEnd() + " " + e.toEnd() + " " + link.getValue().from().name());
            }
            if (link.getValue().to() != null) {
                ends.add(e.to() + " " + e.toEnd() + " " + e.fromEnd() + " " + link.getValue().to().name());
            }
        }
        return ends;
    }

    /** Each TCP socket between the nodes that busybox netstat shows in them, as {@code node local remote STATE}. */
    private static Set<String> netstat(Cluster cluster, String... nodes) {
        Set<String> ips = new TreeSet<>();
        for (String node : nodes) {
            ips.add(cluster.node(node).ip());
        }
        Set<String> ends = new TreeSet<>();
        for (String node : nodes) {
            ExecResult listing = cluster.execInContainer(node, "netstat", "-tn");
            for (String line : listing.stdoutText().lines().toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 6 && f[0].equals("tcp") && ips.contains(f[3].split(":")[0])
                        && ips.contains(f[4].split(":")[0])) {
                    ends.add(node + " " + f[3] + " " + f[4] + " " + f[5]);
                }
            }
        }
        return ends;
    }
}
