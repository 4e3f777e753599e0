package io.tcpscope.testkit.internal;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a recorder reads a snapshot, and how the kernel's events and its snapshots meet on its
 * timeline. The kernel's overruns cannot be made on demand, so a source handed its events and its
 * overrun count by the test stands in for tracefs here; KernelEventsIT runs the real one.
 */
class RecorderTicksTest {

    private static final Instant T0 = Instant.parse("2026-12-08T12:00:00Z");
    private static final Endpoint DIALER = Endpoint.of("10.0.0.3", 40001);
    private static final Endpoint LISTENER = Endpoint.of("10.0.0.2", 9000);

    private final HandFed source = new HandFed();
    private final Timeline timeline = new Timeline();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<List<LinkEvent>> told = new ArrayList<>();
    private List<TcpConnection> bTable = List.of();

    @Test
    void without_sampling_it_reads_a_snapshot_first_and_again_only_after_an_overrun() {
        // given
        RecorderTicks ticks = ticks(false);

        // when: the first tick, then the kernel tells a dial that connects
        tick(ticks, 0);
        source.batches.accept(List.of(change(10, Endpoint.of("10.0.0.3", 0), LISTENER, TcpState.CLOSE, TcpState.SYN_SENT),
                change(11, DIALER, LISTENER, TcpState.SYN_SENT, TcpState.ESTABLISHED)));
        tick(ticks, 100);

        // then: one snapshot; the link is on the timeline from the events, and the listeners were told them
        assertThat(reads).hasValue(1);
        assertThat(timeline.edgeHistory("a", "b")).extracting(LinkEvent::toString).containsExactly(
                "12:00:00.010 OPENED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [SYN-SENT | -]",
                "12:00:00.011 CHANGED b 10.0.0.3:40001 -> a 10.0.0.2:9000 [ESTAB | -]");
        assertThat(told).hasSize(2);
        assertThat(told.get(1)).hasSize(2);

        // when: the kernel drops events (the close among them), and a snapshot shows the link gone
        source.overruns = 3;
        tick(ticks, 200);

        // then: a snapshot reconciles, and the timeline says so
        assertThat(reads).hasValue(2);
        assertThat(timeline.links()).isEmpty();
        assertThat(timeline.reconciledChanges()).isEqualTo(1);
        assertThat(told).hasSize(3);
        assertThat(told.get(2)).singleElement().extracting(LinkEvent::kind).isEqualTo(LinkEvent.Kind.CLOSED);

        // and: no more snapshots while no more is dropped
        tick(ticks, 300);
        assertThat(reads).hasValue(2);
    }

    @Test
    void a_sampling_recorder_puts_the_events_before_its_snapshot_first_and_tells_nothing_twice() {
        // given
        RecorderTicks ticks = ticks(true);
        tick(ticks, 0);

        // when: the kernel tells a handshake; the next snapshot, which began after it, shows the link up
        source.batches.accept(List.of(change(10, Endpoint.of("10.0.0.3", 0), LISTENER, TcpState.CLOSE, TcpState.SYN_SENT),
                change(11, DIALER, LISTENER, TcpState.SYN_SENT, TcpState.ESTABLISHED)));
        bTable = List.of(new TcpConnection(DIALER, LISTENER, TcpState.ESTABLISHED, 0, 0, 0, 1, List.of(), TcpTimer.NONE, 0));
        tick(ticks, 100);

        // then: the events' changes, at the kernel's times; the snapshot found nothing they had not told
        assertThat(reads).hasValue(2);
        assertThat(told.get(1)).extracting(LinkEvent::at).containsExactly(T0.plusMillis(10), T0.plusMillis(11));
        assertThat(timeline.reconciledChanges()).isZero();
    }

    @Test
    void a_change_the_kernel_told_during_a_snapshot_s_read_stands_at_its_time_though_the_read_missed_it() {
        // given
        RecorderTicks ticks = ticks(true);
        tick(ticks, 0);

        // when: the snapshot begun at 100 read node b before its dial at 110, which the kernel told
        source.batches.accept(List.of(change(110, Endpoint.of("10.0.0.3", 0), LISTENER, TcpState.CLOSE, TcpState.SYN_SENT),
                change(111, DIALER, LISTENER, TcpState.SYN_SENT, TcpState.ESTABLISHED)));
        tick(ticks, 100);

        // then
        assertThat(timeline.links()).containsValue(new LinkEvent.Ends(TcpState.ESTABLISHED, null));
        assertThat(told.get(1)).extracting(LinkEvent::at).containsExactly(T0.plusMillis(110), T0.plusMillis(111));
        assertThat(timeline.reconciledChanges()).isZero();
    }

    @Test
    void a_caller_s_catch_up_puts_the_events_read_so_far_on_the_timeline_before_the_next_tick() {
        // given
        RecorderTicks ticks = ticks(false);
        tick(ticks, 0);

        // when
        source.batches.accept(List.of(change(10, Endpoint.of("10.0.0.3", 0), LISTENER, TcpState.CLOSE, TcpState.SYN_SENT)));
        source.batches.accept(List.of(change(11, DIALER, LISTENER, TcpState.SYN_SENT, TcpState.CLOSE)));
        ticks.sync(Duration.ofSeconds(1));
        boolean caughtUp = ticks.catchUp(Duration.ofSeconds(1));

        // then: on the timeline at once; the listeners hear of them with the next tick
        assertThat(caughtUp).isTrue();
        assertThat(timeline.edgeHistory("a", "b")).extracting(LinkEvent::kind)
                .containsExactly(LinkEvent.Kind.OPENED, LinkEvent.Kind.CLOSED);
        tick(ticks, 100);
        assertThat(told.get(told.size() - 1)).extracting(LinkEvent::kind)
                .containsExactly(LinkEvent.Kind.OPENED, LinkEvent.Kind.CLOSED);
    }

    @Test
    void the_first_tick_names_the_events_of_its_snapshot_s_read_by_the_nodes_it_read() {
        // given
        RecorderTicks ticks = ticks(false);

        // when: a dial that the kernel told during the first snapshot's read, which missed it
        source.batches.accept(List.of(change(-5, Endpoint.of("10.0.0.3", 0), LISTENER, TcpState.CLOSE, TcpState.SYN_SENT),
                change(-4, Endpoint.of("10.0.0.3", 40007), LISTENER, TcpState.SYN_SENT, TcpState.CLOSE),
                change(10, Endpoint.of("10.0.0.3", 0), LISTENER, TcpState.CLOSE, TcpState.SYN_SENT),
                change(11, DIALER, LISTENER, TcpState.SYN_SENT, TcpState.ESTABLISHED)));
        tick(ticks, 0);

        // then: before the recording began is the snapshot's; from its start on, the events'
        assertThat(timeline.links()).containsValue(new LinkEvent.Ends(TcpState.ESTABLISHED, null));
        assertThat(timeline.events()).extracting(LinkEvent::at).containsExactly(T0.plusMillis(10), T0.plusMillis(11));
    }

    @Test
    void a_catch_up_before_the_first_tick_leaves_the_events_to_it() {
        // given
        RecorderTicks ticks = ticks(false);
        source.batches.accept(List.of(change(10, Endpoint.of("10.0.0.3", 0), LISTENER, TcpState.CLOSE, TcpState.SYN_SENT)));

        // when
        boolean caughtUp = ticks.catchUp(Duration.ofMillis(50));
        Throwable synced = org.assertj.core.api.Assertions.catchThrowable(() -> ticks.sync(Duration.ofMillis(50)));
        source.batches.accept(List.of(change(11, DIALER, LISTENER, TcpState.SYN_SENT, TcpState.ESTABLISHED)));
        tick(ticks, 0);

        // then: a sync before the first tick says it could not put them on the timeline, and loses none
        assertThat(caughtUp).isFalse();
        assertThat(synced).isInstanceOf(io.tcpscope.core.InspectionFailedException.class)
                .hasMessageContaining("first snapshot");
        assertThat(timeline.events()).extracting(LinkEvent::at).containsExactly(T0.plusMillis(10), T0.plusMillis(11));
    }

    @Test
    void a_recorder_that_closes_tells_its_listeners_what_it_read_after_its_last_tick() {
        // given
        RecorderTicks ticks = ticks(false);
        tick(ticks, 0);
        int before = told.size();

        // when
        source.batches.accept(List.of(change(10, Endpoint.of("10.0.0.3", 0), LISTENER, TcpState.CLOSE, TcpState.SYN_SENT),
                change(11, DIALER, LISTENER, TcpState.SYN_SENT, TcpState.CLOSE)));
        ticks.close();

        // then
        assertThat(told).hasSize(before + 1);
        assertThat(told.get(before)).extracting(LinkEvent::kind).containsExactly(LinkEvent.Kind.OPENED, LinkEvent.Kind.CLOSED);
    }

    @Test
    void with_no_kernel_events_it_samples_at_every_tick() {
        // given
        source.open = false;
        RecorderTicks ticks = ticks(false);

        // when
        tick(ticks, 0);
        tick(ticks, 100);
        tick(ticks, 200);

        // then
        assertThat(reads).hasValue(3);
        assertThat(timeline.samples()).isEqualTo(3);
    }

    private RecorderTicks ticks(boolean sampling) {
        EventFeed feed = EventFeed.open(source, PortSet.P2P_DEFAULT, 100, e -> { });
        return new RecorderTicks(timeline, feed, () -> {
            reads.incrementAndGet();
            return Topology.of(List.of(node("a", "10.0.0.2", List.of()), node("b", "10.0.0.3", bTable)), PortSet.P2P_DEFAULT);
        }, sampling, List.of((snapshot, events) -> told.add(events)), Duration.ZERO);
    }

    private static void tick(RecorderTicks ticks, long millis) {
        ticks.accept(T0.plusMillis(millis), ticks.read());
    }

    private static NodeTable node(String name, String ip, List<TcpConnection> connections) {
        return new NodeTable(name, Set.of(IpAddresses.parse(ip)), connections);
    }

    private static TcpTraceEvent change(long millis, Endpoint local, Endpoint remote, TcpState from, TcpState to) {
        return new TcpTraceEvent(T0.plusMillis(millis), TcpTraceEvent.Kind.STATE_CHANGE, local, remote, from, to, 0);
    }
}
