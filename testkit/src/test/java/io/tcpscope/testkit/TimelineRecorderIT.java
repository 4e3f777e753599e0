package io.tcpscope.testkit;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Outage;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A recorder watching a real cluster of built-in peers while the test breaks it on purpose: a
 * partition, a crash, a restart. The oracle is what the test did, and when: each fault must show
 * as a drop of the links of the node it hit, after the fault, and the links must come back.
 */
class TimelineRecorderIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Cluster cluster;

    @AfterEach
    void removeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startMesh(int nodes) {
        cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(nodes).fullMesh().build().start();
        cluster.await().withTimeout(WAIT).forFullMesh();
    }

    @Test
    void a_partition_a_crash_and_a_restart_show_as_drops_after_them_and_heal() {
        // given
        startMesh(3);
        try (TimelineRecorder recorder = cluster.recorder().start()) {
            recorder.await().withTimeout(WAIT).forStable(Duration.ofSeconds(1));
            assertThat(recorder.timeline().events()).as("the mesh as first seen").isNotEmpty()
                    .allMatch(e -> e.kind() == LinkEvent.Kind.OPENED || e.isRise());

            // when: node-3 is cut off, then let back
            List<LinkEvent> beforeCut = recorder.timeline().events();
            Instant lastSampleBeforeCut = recorder.read(Timeline::lastSample);
            cluster.disconnect("node-3");

            // then: both its pairs drop, each seen by a snapshot begun after the last one before the cut
            // (a snapshot under way during the call begins later than that one), and stay down
            assertThat(beforeCut).noneMatch(LinkEvent::isDrop);
            for (String peer : List.of("node-1", "node-2")) {
                LinkEvent drop = recorder.await().withTimeout(WAIT).forEvent(e -> e.joins(peer, "node-3") && e.isDrop());
                assertThat(drop.at()).as("when %s was seen", drop).isAfter(lastSampleBeforeCut);
            }
            await().atMost(WAIT).until(() -> !recorder.timeline().outages("node-1", "node-3").isEmpty());
            assertThat(recorder.timeline().outages("node-1", "node-3")).last().satisfies(o -> assertThat(o.isHealed()).isFalse());
            assertThat(recorder.timeline().flaps("node-1", "node-2")).as("a pair the cut did not touch").isZero();

            // when
            cluster.reconnect("node-3");

            // then: the outage heals
            await().atMost(WAIT).until(() -> recorder.timeline().outages("node-1", "node-3").stream().allMatch(Outage::isHealed)
                    && recorder.timeline().outages("node-2", "node-3").stream().allMatch(Outage::isHealed));
            assertThat(recorder.timeline().flaps("node-1", "node-3")).isPositive();

            // when: node-2 crashes, and starts again
            List<LinkEvent> beforeCrash = recorder.timeline().events();
            Instant lastSampleBeforeCrash = recorder.read(Timeline::lastSample);
            cluster.stop("node-2");
            assertThat(beforeCrash).noneMatch(e -> e.joins("node-1", "node-2") && e.isDrop());
            LinkEvent lost = recorder.await().withTimeout(WAIT).forEvent(e -> e.joins("node-1", "node-2") && e.isDrop());
            assertThat(lost.at()).as("when %s was seen", lost).isAfter(lastSampleBeforeCrash);
            cluster.start("node-2");
            cluster.await().withTimeout(WAIT).forFullMesh();

            // when: node-1 restarts
            long before = recorder.timeline().flaps("node-1", "node-3");
            cluster.restart("node-1");

            // then
            await().atMost(WAIT).until(() -> recorder.timeline().flaps("node-1", "node-3") > before);
            recorder.await().withTimeout(WAIT).forStable(Duration.ofSeconds(1));
            assertThat(recorder.timeline().outages("node-1", "node-3")).allMatch(Outage::isHealed);
            assertThat(recorder.failedSamples()).as("a stopped node reads as empty, not as a failure").isZero();
            assertThat(recorder.untypedFailures()).isZero();
            assertThat(recorder.timeline().edgeHistory("node-1", "node-2")).extracting(LinkEvent::kind).contains(LinkEvent.Kind.CLOSED);
        }
    }

    @Test
    void keeps_only_its_capacity_and_counts_the_rest() {
        // given
        startMesh(2);
        try (TimelineRecorder recorder = cluster.recorder().withCapacity(2).start()) {
            recorder.await().withTimeout(WAIT).forStable(Duration.ofSeconds(1));

            // when: two partitions, each a drop and a rise at least
            for (int i = 0; i < 2; i++) {
                cluster.disconnect("node-2");
                long flaps = recorder.timeline().flaps("node-1", "node-2");
                await().atMost(WAIT).until(() -> recorder.timeline().flaps("node-1", "node-2") > flaps);
                cluster.reconnect("node-2");
                cluster.await().withTimeout(WAIT).forFullMesh();
            }

            // then
            assertThat(recorder.timeline().events()).hasSize(2);
            long dropped = recorder.read(io.tcpscope.core.topology.Timeline::droppedEvents);
            assertThat(dropped).isPositive();
            assertThat(recorder.timeline().flaps("node-1", "node-2")).as("counts survive the ring").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void a_node_that_keeps_redialing_is_never_stable_and_the_wait_says_what_changed() {
        // given: b dials a listener that hangs up at once; the built-in peer redials every second
        cluster = Cluster.builder().withEngine(TestEngine.require())
                .node("a", n -> n.listen(9000).command("sh", "-c", "nc -ll -p 9000 -e true"))
                .node("b", n -> n.dial("a"))
                .build().start();
        try (TimelineRecorder recorder = cluster.recorder().start()) {
            // when / then
            assertThatThrownBy(() -> recorder.await().withTimeout(Duration.ofSeconds(6)).forStable(Duration.ofSeconds(3)))
                    .isInstanceOfSatisfying(WaitFailedError.class, e -> {
                        assertThat(e.condition()).isEqualTo("no link changed for 3 s");
                        assertThat(e.missing()).isNotEmpty().allMatch(line -> line.contains(" a ") || line.contains(" b "));
                    });
            assertThat(recorder.timeline().events()).anyMatch(e -> e.after().from() == TcpState.TIME_WAIT
                    || e.after().to() == TcpState.TIME_WAIT);
        }
    }

    @Test
    void stops_when_its_cluster_closes() {
        // given
        startMesh(2);
        TimelineRecorder recorder = cluster.recorder().start();
        await().atMost(WAIT).until(() -> recorder.timeline().samples() > 0);

        // when
        cluster.close();

        // then
        await().atMost(WAIT).until(() -> !recorder.isRecording());
        long samples = recorder.timeline().samples();
        assertThat(recorder.failedSamples()).isZero();
        recorder.close();
        assertThat(recorder.timeline().samples()).isEqualTo(samples);
    }
}
