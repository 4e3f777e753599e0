package io.tcpscope.assertj;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.TimelineRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The timeline assertions on a real recorder, fed snapshots made by hand: what happened is known
 * by construction.
 */
class TimelineAssertTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private TimelineRecorder recorder;

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.close();
        }
    }

    /** Plays the snapshots once, then repeats the last, until every one was sampled. */
    private TimelineRecorder play(Topology... snapshots) {
        AtomicInteger next = new AtomicInteger();
        recorder = TimelineRecorder.of(() -> snapshots[Math.min(next.getAndIncrement(), snapshots.length - 1)])
                .withInterval(Duration.ofMillis(1)).withStallTime(Duration.ZERO).start();
        await().until(() -> recorder.timeline().samples() >= snapshots.length + 1);
        return recorder;
    }

    private static Topology up(int port) {
        return link(port);
    }

    /** a listens on 9000; b dialed it from {@code port}. */
    private static Topology link(int port) {
        return topology(List.of(listen(), c("10.0.0.1", 9000, "10.0.0.2", port, 0, TcpTimer.NONE)),
                List.of(listen(), c("10.0.0.2", port, "10.0.0.1", 9000, 0, TcpTimer.NONE)));
    }

    private static Topology down() {
        return topology(List.of(listen()), List.of(listen()));
    }

    @Test
    void a_storm_is_too_many_drops_in_a_window() {
        play(up(40001), down(), up(40002), down(), up(40003));

        assertThat(recorder).hasNoReconnectStorm(2, HOUR).hasFlappedAtMost("a", "b", 2).hasDropped("b", "a");
        assertThatThrownBy(() -> assertThat(recorder).hasNoReconnectStorm(1, HOUR))
                .hasMessageContaining("expected at most 1 link drops per pair of nodes")
                .hasMessageContaining("a -- b: 2 drops within 3600000 ms")
                .hasMessageContaining("CLOSED b 10.0.0.2:40001 -> a 10.0.0.1:9000 [ESTAB | ESTAB]");
        assertThatThrownBy(() -> assertThat(recorder).hasFlappedAtMost("a", "b", 1))
                .hasMessageContaining("to drop at most 1 times, but saw 2 drops");
    }

    @Test
    void a_pair_that_never_dropped_says_so() {
        play(up(40001));

        assertThatThrownBy(() -> assertThat(recorder).hasDropped("a", "b"))
                .hasMessageContaining("expected a link between a and b to drop, but none did")
                .hasMessageContaining("OPENED b 10.0.0.2:40001 -> a 10.0.0.1:9000");
    }

    @Test
    void an_outage_longer_than_allowed_fails_healed_or_not() {
        play(up(40001), down(), up(40002), down());

        assertThatCode(() -> assertThat(recorder).hasHealedWithin(HOUR)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(recorder).hasHealedWithin(Duration.ZERO))
                .hasMessageContaining("expected every outage to heal within 0 ms")
                .hasMessageContaining("a -- b: no link from")
                .hasMessageContaining("still none at the last sample");
    }

    @Test
    void stable_is_no_event_for_a_while_before_the_last_sample() {
        play(up(40001));

        assertThat(recorder).hasBeenStableFor(Duration.ZERO);
        assertThatThrownBy(() -> assertThat(recorder).hasBeenStableFor(HOUR))
                .hasMessageContaining("expected no link to change for 3600000 ms, but the last change was");
    }

    @Test
    void a_link_that_cannot_send_across_samples_is_stalled_in_the_timeline_and_the_snapshot() {
        Topology stalled = topology(List.of(listen(), c("10.0.0.1", 9000, "10.0.0.2", 40001, 0, TcpTimer.NONE)),
                List.of(listen(), c("10.0.0.2", 40001, "10.0.0.1", 9000, 4096, TcpTimer.ZERO_WINDOW_PROBE)));
        play(stalled, stalled);

        assertThatThrownBy(() -> assertThat(recorder).hasNoStalledLinks())
                .hasMessageContaining("expected no stalled link, but 1 stayed stalled")
                .hasMessageContaining("b has 4096 bytes unsent (ZERO_WINDOW_PROBE, 0 retransmits)");
        assertThatThrownBy(() -> assertThat(stalled).hasNoStalledLinks())
                .hasMessageContaining("expected no stalled link, but 1 link could not send");
        assertThat(link(40001)).hasNoStalledLinks();
    }

    @Test
    void soft_assertions_collect_every_timeline_failure() {
        play(up(40001), down());

        assertThatThrownBy(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(recorder).hasFlappedAtMost("a", "b", 0);
            softly.assertThat(recorder).hasBeenStableFor(HOUR);
        })).hasMessageContaining("Multiple Failures (2 failures)");
    }

    private static Topology topology(List<TcpConnection> a, List<TcpConnection> b) {
        return Topology.of(List.of(new NodeTable("a", Set.of(IpAddresses.parse("10.0.0.1")), a),
                new NodeTable("b", Set.of(IpAddresses.parse("10.0.0.2")), b)), PortSet.P2P_DEFAULT);
    }

    private static TcpConnection listen() {
        return TcpConnection.of(Endpoint.of("0.0.0.0", 9000), Endpoint.of("0.0.0.0", 0), TcpState.LISTEN);
    }

    private static TcpConnection c(String local, int localPort, String remote, int remotePort, long sendQueue,
                                   TcpTimer timer) {
        return new TcpConnection(Endpoint.of(local, localPort), Endpoint.of(remote, remotePort), TcpState.ESTABLISHED,
                0, sendQueue, 0, 1, List.of(), timer, 0);
    }
}
