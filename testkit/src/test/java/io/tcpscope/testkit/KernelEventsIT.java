package io.tcpscope.testkit;

import io.tcpscope.core.ExecResult;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.LinkReset;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A cluster's recorder and waits reading the kernel's own TCP events, on real containers whose
 * programs the test drives: the oracle is the dials the test made itself (busybox {@code nc} in a
 * node, so many times, to a port it chose) and the firewall rules it set in a node's own network
 * namespace; for the timeline, busybox {@code netstat} in each node too, which reads the kernel's tables
 * apart from tcpscope. Each event must be counted exactly, and named by its nodes and direction.
 *
 * <p>Needs root and tracefs on the machine whose kernel runs the engine's containers; CI has both,
 * and under {@code CI=true} a missing one fails the test.
 */
class KernelEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SYNC = Duration.ofSeconds(10);

    private final List<Cluster> clusters = new ArrayList<>();

    @BeforeAll
    static void asRoot() {
        TestUser.requireRoot("KernelEventsIT, which reads the kernel's events through tracefs,");
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

    private static ExecResult dial(Cluster cluster, String from, String to, int port, int times) {
        String ip = cluster.node(to).ip();
        return cluster.execInContainer(from, "sh", "-c",
                "for i in $(seq " + times + "); do nc -w 2 " + ip + " " + port + " </dev/null; done; true");
    }

    private static TimelineRecorder recording(Cluster cluster, List<ConnectionEvent> told) {
        TimelineRecorder recorder = cluster.recorder().onEvent(told::add).start();
        assertThat(recorder.hasKernelEvents()).as(recorder.source()).isTrue();
        recorder.await().withTimeout(WAIT).forStable(Duration.ofMillis(300));
        return recorder;
    }

    @Test
    void counts_each_refused_and_each_completed_dial_and_names_their_nodes() {
        // given
        Cluster cluster = quietPair("ke1-");
        List<ConnectionEvent> told = new CopyOnWriteArrayList<>();
        try (TimelineRecorder recorder = recording(cluster, told)) {

            // when: 5 dials where nothing listens, then 3 where node b does
            dial(cluster, "ke1-a", "ke1-b", 9001, 5);
            dial(cluster, "ke1-a", "ke1-b", 9000, 3);
            // --8<-- [start:events]
            recorder.syncEvents(Duration.ofSeconds(10));   // every event the kernel recorded so far is read

            List<Dial> dials = recorder.events().dials();
            // [12:00:01.438931 DIAL_FAILED ke1-a -> ke1-b:9001 refused, ... 12:00:01.561 DIAL ke1-a -> ke1-b:9000 connected, ...]
            // --8<-- [end:events]

            // then
            assertThat(dials).filteredOn(d -> d.target().port() == 9001).hasSize(5).allSatisfy(d -> {
                assertThat(d.outcome()).isEqualTo(DialOutcome.REFUSED);
                assertThat(d.from()).isEqualTo("ke1-a");
                assertThat(d.to()).isEqualTo("ke1-b");
                assertThat(d.target().address().getHostAddress()).isEqualTo(cluster.node("ke1-b").ip());
            });
            assertThat(dials).filteredOn(d -> d.target().port() == 9000).hasSize(3)
                    .allMatch(d -> d.outcome() == DialOutcome.CONNECTED && d.from().equals("ke1-a"));
            assertThat(recorder.events().resets()).isEmpty();
            assertThat(told).filteredOn(e -> e.kind().equals("DIAL_FAILED")).hasSize(5);
            assertThat(recorder.events().diagnose(java.time.Instant.now(), WAIT)).containsExactly(
                    "ke1-a dialed ke1-b:9001 5 times in the last 60 s: 5 refused (nothing listens on ke1-b:9001)");
            assertThat(recorder.eventOverruns()).isZero();
        }
    }

    @Test
    void a_dial_whose_syns_are_dropped_times_out_and_a_reset_mid_stream_names_its_sender() throws Exception {
        // given: node b drops SYNs to 9001, and will answer node a's data on 9000 with a reset
        Cluster cluster = quietPair("ke2-");
        NodeFirewall.iptables(cluster, "ke2-b", "-A", "INPUT", "-p", "tcp", "--dport", "9001", "--syn", "-j", "DROP");
        List<ConnectionEvent> told = new CopyOnWriteArrayList<>();
        try (TimelineRecorder recorder = recording(cluster, told)) {

            // when: one dial that gives up after 2 s of unanswered SYNs
            dial(cluster, "ke2-a", "ke2-b", 9001, 1);
            recorder.syncEvents(SYNC);

            // then
            await().atMost(WAIT).until(() -> !recorder.events().failedDials().isEmpty());
            assertThat(recorder.events().failedDials()).singleElement().satisfies(d -> {
                assertThat(d.outcome()).isEqualTo(DialOutcome.TIMED_OUT);
                assertThat(d.synRetransmits()).isPositive();
                assertThat(d.to()).isEqualTo("ke2-b");
            });

            // when: node a holds a link to 9000 and sends on it after node b starts to reset it
            String ip = cluster.node("ke2-b").ip();
            Thread holder = new Thread(() -> cluster.execInContainer("ke2-a", "sh", "-c",
                    "(sleep 2; echo after) | nc -w 4 " + ip + " 9000; true"));
            holder.start();
            await().atMost(WAIT).until(() -> cluster.activeConnections("ke2-a") == 1);
            NodeFirewall.iptables(cluster, "ke2-b", "-I", "INPUT", "-p", "tcp", "--dport", "9000", "!", "--syn",
                    "-j", "REJECT", "--reject-with", "tcp-reset");
            holder.join(WAIT.toMillis());
            recorder.syncEvents(SYNC);

            // then: one reset, sent from node b's side to node a's end
            assertThat(recorder.events().resets()).singleElement().satisfies(r -> {
                assertThat(r.sender()).isEqualTo("ke2-b");
                assertThat(r.receiver()).isEqualTo("ke2-a");
                assertThat(r.senderEnd().port()).isEqualTo(9000);
            });
            assertThat(told).filteredOn(LinkReset.class::isInstance).hasSize(1);
        }
    }

    @Test
    void links_reset_moments_after_their_dial_are_each_counted_with_their_sender_and_on_the_timeline() throws Exception {
        // given: node b's kernel answers the last segment of each handshake from node a, its bare ACK, with a
        // reset. Node a's socket is ESTABLISHED as it sends that ACK and reset on the kernel's own path, with
        // no program's turn in between; node b's half-open side never becomes a socket, so no program holds it.
        int m = 5;
        Cluster cluster = quietPair("ke6-");
        String aIp = cluster.node("ke6-a").ip();
        String bIp = cluster.node("ke6-b").ip();
        NodeFirewall.iptables(cluster, "ke6-b", "-I", "INPUT", "-s", aIp, "-p", "tcp", "--dport", "9000",
                "--tcp-flags", "ALL", "ACK", "-j", "REJECT", "--reject-with", "tcp-reset");
        try (TimelineRecorder recorder = recording(cluster, new ArrayList<>())) {

            // when: node a dials node b m times; each nc reads a fifo that stays open, so it neither sends
            // nor closes before its link is reset (most often before its connect() returns, which then
            // fails with "Connection reset by peer")
            ExecResult dialed = cluster.execInContainer("ke6-a", "sh", "-c", "mkfifo /tmp/idle; exec 3<>/tmp/idle; "
                    + "for i in $(seq " + m + "); do nc -w 2 " + bIp + " 9000 <&3 >/dev/null; echo dialed; done");
            recorder.syncEvents(SYNC);

            // then: the program dialed m times, and node b's rule answered m segments, by the rule's own counter
            assertThat(dialed.stdoutText().lines()).as(dialed.stderrText()).hasSize(m).containsOnly("dialed");
            assertThat(rejected(cluster, "ke6-b")).isEqualTo(m);

            // and: m dials from node a to node b, each connected
            List<Dial> dials = recorder.events().dials();
            assertThat(dials).hasSize(m).allSatisfy(d -> {
                assertThat(d.outcome()).isEqualTo(DialOutcome.CONNECTED);
                assertThat(d.from()).isEqualTo("ke6-a");
                assertThat(d.to()).isEqualTo("ke6-b");
                assertThat(d.source().address().getHostAddress()).isEqualTo(aIp);
                assertThat(d.target().address().getHostAddress()).isEqualTo(bIp);
                assertThat(d.target().port()).isEqualTo(9000);
            });

            // and: m resets, each sent from node b's end of one of those links to node a's, and no other
            List<LinkReset> resets = recorder.events().resets();
            assertThat(resets).hasSize(m).allSatisfy(r -> {
                assertThat(r.sender()).isEqualTo("ke6-b");
                assertThat(r.receiver()).isEqualTo("ke6-a");
                assertThat(r.state()).isEqualTo(TcpState.ESTABLISHED);
            });
            assertThat(resets).extracting(LinkReset::receiverEnd, LinkReset::senderEnd).containsExactlyInAnyOrderElementsOf(
                    dials.stream().map(d -> tuple(d.source(), d.target())).toList());

            // and: by the kernel's own clock each link lived, from its dial to its reset, far too
            // short for a sample every 100 ms to see
            List<Duration> lifetimes = dials.stream().map(d -> Duration.between(d.at(), resets.stream()
                    .filter(r -> r.receiverEnd().equals(d.source())).findFirst().orElseThrow().at())).toList();
            LoggerFactory.getLogger(KernelEventsIT.class).info("lifetimes of the links node b reset: {}", lifetimes);
            // each lives tens of microseconds here (logged); the bound is the sampling interval, not 2 ms, so that
            // a busy machine whose softirqs run late cannot fail the test on the kernel's own latency
            assertThat(lifetimes).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(Duration.ZERO)
                    .isLessThan(TimelineRecorder.DEFAULT_INTERVAL));

            // and: on the timeline, which syncEvents brought up to date, m links from node a came up and went down
            assertThat(recorder.timeline().edgeHistory("ke6-a", "ke6-b")).filteredOn(LinkEvent::isRise).hasSize(m)
                    .allSatisfy(e -> assertThat(e.link().from()).isEqualTo("ke6-a"));
            assertThat(recorder.timeline().flaps("ke6-a", "ke6-b")).isEqualTo(m);
            assertThat(recorder.eventOverruns()).isZero();
        }
    }

    /** How many packets the node's REJECT rule in INPUT answered, as iptables counts them. */
    private static long rejected(Cluster cluster, String node) throws Exception {
        String rules = NodeFirewall.iptables(cluster, node, "-L", "INPUT", "-v", "-x", "-n");
        return rules.lines().filter(l -> l.contains("REJECT")).mapToLong(l -> Long.parseLong(l.strip().split("\\s+")[0]))
                .sum();
    }

    @Test
    void segments_a_firewall_drops_are_retransmitted_on_that_pair_only() throws Exception {
        // given: three built-in peers, each link heartbeating once a second
        Cluster cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(3).fullMesh().build().start();
        clusters.add(cluster);
        cluster.await().withTimeout(WAIT).forFullMesh();
        try (TimelineRecorder recorder = recording(cluster, new ArrayList<>())) {
            long before = recorder.events().retransmits("node-1", "node-2");

            // when: node-2 drops whatever node-1 sends it on an open link, for a few heartbeats
            String from = cluster.node("node-1").ip();
            NodeFirewall.iptables(cluster, "node-2", "-I", "INPUT", "-s", from, "-p", "tcp", "!", "--syn", "-j", "DROP");
            await().atMost(WAIT).until(() -> recorder.events().retransmits("node-1", "node-2") > before + 2);
            NodeFirewall.iptables(cluster, "node-2", "-D", "INPUT", "-s", from, "-p", "tcp", "!", "--syn", "-j", "DROP");
            recorder.syncEvents(SYNC);

            // then: node-1 sent again to node-2; nothing node-3 exchanged with node-1 was lost
            assertThat(recorder.events().retransmits("node-1", "node-2")).isGreaterThan(before + 2);
            assertThat(recorder.events().retransmits("node-1", "node-3")).isZero();
            assertThat(recorder.events().retransmits("node-3", "node-1")).isZero();
        }
    }

    @Test
    void two_recorders_at_once_each_see_only_their_own_clusters_dials() {
        // given
        Cluster first = quietPair("ke3-");
        Cluster second = quietPair("ke4-");
        try (TimelineRecorder one = recording(first, new ArrayList<>());
             TimelineRecorder two = recording(second, new ArrayList<>())) {

            // when
            dial(first, "ke3-a", "ke3-b", 9001, 4);
            dial(second, "ke4-b", "ke4-a", 9001, 2);
            one.syncEvents(SYNC);
            two.syncEvents(SYNC);

            // then
            assertThat(one.events().failedDials()).hasSize(4).allMatch(d -> d.from().equals("ke3-a"));
            assertThat(two.events().failedDials()).hasSize(2).allMatch(d -> d.from().equals("ke4-b"));
        }
    }

    @Test
    void a_failed_wait_says_why_the_dials_failed() {
        // given: node a dials node b on 9001 every second, where nothing listens
        Cluster cluster = Cluster.builder().withEngine(TestEngine.require())
                .node("ke5-a", n -> n.dial("ke5-b", 9001)).node("ke5-b", n -> n.listen(9000)).build().start();
        clusters.add(cluster);

        // when / then
        assertThatThrownBy(() -> {
            // --8<-- [start:wait]
            cluster.await().withTimeout(Duration.ofSeconds(4)).forConnected(NodePair.of("ke5-a", "ke5-b"));
            // WaitFailedError: cluster … did not become connected as [[ke5-a, ke5-b]] within 4 s; last seen: …
            // the kernel's events while it waited:
            //   ke5-a dialed ke5-b:9001 4 times in the last 5 s: 4 refused (nothing listens on ke5-b:9001)
            // --8<-- [end:wait]
        }).isInstanceOfSatisfying(WaitFailedError.class, e -> {
                    assertThat(e.diagnosis()).singleElement().asString()
                            .startsWith("ke5-a dialed ke5-b:9001 ")
                            .contains("refused (nothing listens on ke5-b:9001)");
                    assertThat(e.getMessage()).contains("the kernel's events while it waited:\n  ke5-a dialed ke5-b:9001");
                });
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
