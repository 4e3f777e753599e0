package io.tcpscope.assertj;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The timeline assertions on a core timeline fed snapshots made by hand, one every 100 ms from
 * 12:00:00: what happened, and when, is known by construction.
 */
class TimelineAssertTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    /** A timeline of the snapshots, 100 ms apart, that calls a link stalled at once. */
    private static Timeline timeline(Topology... snapshots) {
        Timeline timeline = new Timeline(Timeline.DEFAULT_CAPACITY, Duration.ZERO);
        for (int i = 0; i < snapshots.length; i++) {
            timeline.add(T0.plusMillis(100L * i), snapshots[i]);
        }
        return timeline;
    }

    /** a listens on 9000; b dialed it from {@code port}. */
    private static Topology up(int port) {
        return topology(List.of(listen(), c("10.0.0.1", 9000, "10.0.0.2", port, 0, TcpTimer.NONE)),
                List.of(listen(), c("10.0.0.2", port, "10.0.0.1", 9000, 0, TcpTimer.NONE)));
    }

    private static Topology down() {
        return topology(List.of(listen()), List.of(listen()));
    }

    @Test
    void a_storm_is_too_many_drops_in_a_window() {
        // given: drops at 100 and 300 ms
        Timeline timeline = timeline(up(40001), down(), up(40002), down(), up(40003));

        // then
        assertThat(timeline).hasNoReconnectStorm(2, HOUR).hasNoReconnectStorm(1, Duration.ofMillis(199))
                .hasFlappedAtMost("a", "b", 2).hasDropped("b", "a");
        assertThatThrownBy(() -> assertThat(timeline).hasNoReconnectStorm(1, Duration.ofMillis(200)))
                .hasMessageContaining("expected at most 1 link drops per pair of nodes within 200 ms, but:\n"
                        + "a -- b: 2 drops within 200 ms:\n"
                        + "  12:00:00.100 CLOSED b 10.0.0.2:40001 -> a 10.0.0.1:9000 [ESTAB | ESTAB]\n"
                        + "  12:00:00.300 CLOSED b 10.0.0.2:40002 -> a 10.0.0.1:9000 [ESTAB | ESTAB]");
        assertThatThrownBy(() -> assertThat(timeline).hasFlappedAtMost("a", "b", 1))
                .hasMessageContaining("expected the links between a and b to drop at most 1 times, but saw 2 drops:\n"
                        + "  12:00:00.100 CLOSED");
    }

    @Test
    void a_pair_that_never_dropped_says_so_with_its_events() {
        Timeline timeline = timeline(up(40001));

        assertThatThrownBy(() -> assertThat(timeline).hasDropped("a", "b"))
                .hasMessageContaining("expected a link between a and b to drop, but none did; their events:\n"
                        + "  12:00:00 OPENED b 10.0.0.2:40001 -> a 10.0.0.1:9000 [ESTAB | ESTAB]");
        assertThatThrownBy(() -> assertThat(timeline).hasDropped("a", "z"))
                .hasMessageContaining("expected a link between a and z to drop, but none did; their events:\n  (none)");
    }

    @Test
    void an_outage_longer_than_allowed_fails_healed_or_not() {
        // given: down from 100 to 200 ms, healed; down again from 300 ms, and at the last sample, 500 ms
        Timeline timeline = timeline(up(40001), down(), up(40002), down(), down(), down());

        // then
        assertThatCode(() -> assertThat(timeline).hasHealedWithin(Duration.ofMillis(200))).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(timeline).hasHealedWithin(Duration.ofMillis(199)))
                .hasMessage("expected every outage to heal within 199 ms, but:\n"
                        + "  a -- b: no link from 2026-11-26T12:00:00.300Z, still none at the last sample "
                        + "2026-11-26T12:00:00.500Z (200 ms)");
        assertThatThrownBy(() -> assertThat(timeline).hasHealedWithin(Duration.ofMillis(99)))
                .hasMessageContaining("  a -- b: no link from 2026-11-26T12:00:00.100Z to 2026-11-26T12:00:00.200Z (100 ms)");
    }

    @Test
    void stable_is_no_event_for_a_while_before_the_last_sample() {
        // given: the link came up at 0 ms and was seen unchanged until 200 ms
        Timeline timeline = timeline(up(40001), up(40001), up(40001));

        // then
        assertThat(timeline).hasBeenStableFor(Duration.ofMillis(200));
        assertThatThrownBy(() -> assertThat(timeline).hasBeenStableFor(Duration.ofMillis(201)))
                .hasMessageContaining("expected no link to change for 201 ms, but the last change was 200 ms before the "
                        + "timeline's last reading:\n  12:00:00 OPENED b 10.0.0.2:40001 -> a 10.0.0.1:9000");
        assertThatThrownBy(() -> assertThat(new Timeline()).hasBeenStableFor(Duration.ZERO))
                .hasMessageContaining("expected no link to change for 0 ms, but no sample was taken yet");
    }

    @Test
    void a_link_that_cannot_send_across_samples_is_stalled_in_the_timeline_and_the_snapshot() {
        // given
        Topology stalled = topology(List.of(listen(), c("10.0.0.1", 9000, "10.0.0.2", 40001, 0, TcpTimer.NONE)),
                List.of(listen(), c("10.0.0.2", 40001, "10.0.0.1", 9000, 4096, TcpTimer.ZERO_WINDOW_PROBE)));

        // then
        assertThatThrownBy(() -> assertThat(timeline(stalled, stalled)).hasNoStalledLinks())
                .hasMessageContaining("expected no stalled link, but 1 stayed stalled:\n"
                        + "  b 10.0.0.2:40001 -> a 10.0.0.1:9000: b has 4096 bytes unsent (ZERO_WINDOW_PROBE, 0 retransmits), "
                        + "since 2026-11-26T12:00:00Z (2 samples)");
        assertThatThrownBy(() -> assertThat(stalled).hasNoStalledLinks())
                .hasMessageContaining("expected no stalled link, but 1 link could not send");
        assertThat(timeline(up(40001), up(40001))).hasNoStalledLinks();
        assertThat(up(40001)).hasNoStalledLinks();
    }

    @Test
    void a_snapshot_is_asserted_on_as_it_was_while_the_timeline_goes_on() {
        // given
        Timeline timeline = timeline(up(40001));
        Timeline snapshot = timeline.snapshot();

        // when
        timeline.add(T0.plusSeconds(1), down());

        // then
        assertThat(snapshot).hasFlappedAtMost("a", "b", 0);
        assertThat(timeline).hasDropped("a", "b");
    }

    @Test
    void soft_assertions_collect_every_timeline_failure() {
        Timeline timeline = timeline(up(40001), down());

        assertThatThrownBy(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(timeline).hasFlappedAtMost("a", "b", 0);
            softly.assertThat(timeline).hasBeenStableFor(HOUR);
        })).hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("to drop at most 0 times, but saw 1 drops")
                .hasMessageContaining("expected no link to change for 3600000 ms");
    }

    @Test
    void no_timeline_fails_as_assertj_fails_on_null() {
        assertThatThrownBy(() -> assertThat((Timeline) null).hasNoStalledLinks())
                .hasMessageContaining("Expecting actual not to be null");
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
