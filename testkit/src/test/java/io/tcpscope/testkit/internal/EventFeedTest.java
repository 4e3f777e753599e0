package io.tcpscope.testkit.internal;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed between a source and a log: what it holds before it knows the nodes, and what it keeps from its listener. */
class EventFeedTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private static List<TcpTraceEvent> refused(int port) {
        Endpoint a = Endpoint.of("10.0.0.2", port);
        Endpoint b = Endpoint.of("10.0.0.3", 9001);
        return List.of(new TcpTraceEvent(T0, Kind.RESET_RECEIVED, a, b, null, null, 0),
                new TcpTraceEvent(T0, Kind.STATE_CHANGE, a, b, TcpState.SYN_SENT, TcpState.CLOSE, 0));
    }

    private static Topology nodes() throws Exception {
        return Topology.of(List.of(
                new NodeTable("node-2", Set.of(InetAddress.getByAddress(new byte[] {10, 0, 0, 2})), List.of(), null),
                new NodeTable("node-3", Set.of(InetAddress.getByAddress(new byte[] {10, 0, 0, 3})), List.of(), null)),
                PortSet.P2P_DEFAULT);
    }

    @Test
    void holds_the_events_of_a_dial_made_before_it_knew_the_nodes_and_reads_them_once_it_does() throws Exception {
        // given
        HandFed source = new HandFed();
        List<ConnectionEvent> told = new ArrayList<>();
        try (EventFeed feed = EventFeed.open(source, PortSet.P2P_DEFAULT, EventLog.DEFAULT_CAPACITY, told::addAll)) {

            // when: a refused dial before the nodes are known, then the nodes
            source.batches.accept(refused(40000));
            assertThat(feed.log().dials()).isEmpty();
            feed.learn(nodes());
            feed.flush(T0);

            // then
            assertThat(feed.log().dials()).singleElement().satisfies(d -> {
                assertThat(d.from()).isEqualTo("node-2");
                assertThat(d.to()).isEqualTo("node-3");
                assertThat(d.outcome()).isEqualTo(DialOutcome.REFUSED);
            });
            assertThat(told).hasSize(1);
            assertThat(feed.isLive()).isTrue();
        }
        assertThat(source.open).isFalse();
    }

    @Test
    void a_listener_that_throws_stops_neither_the_events_nor_reaches_the_caller() throws Exception {
        HandFed source = new HandFed();
        try (EventFeed feed = EventFeed.open(source, PortSet.P2P_DEFAULT, 10, ended -> {
            throw new IllegalStateException("the listener's own bug");
        })) {
            feed.learn(nodes());
            source.batches.accept(refused(40000));
            source.batches.accept(refused(40001));

            assertThat(feed.log().failedDials()).hasSize(2);
        }
    }

    @Test
    void a_feed_with_no_source_says_why_and_holds_nothing() {
        try (EventFeed feed = EventFeed.none("samples only: not root")) {
            feed.sync(Duration.ZERO);
            assertThat(feed.isLive()).isFalse();
            assertThat(feed.source()).isEqualTo("samples only: not root");
            assertThat(feed.diagnose(T0, Duration.ofSeconds(1))).isEmpty();
            assertThat(feed.overruns()).isZero();
        }
    }
}
