package io.tcpscope.assertj;

import io.tcpscope.core.Golden;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tcpscope.assertj.KernelEvents.kernel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Soft assertions collect every failure; inside Awaitility they are retried until none fails. */
class TcpscopeSoftAssertionsTest {

    @Test
    void every_failure_is_reported_together() {
        Topology lone = Tables.nodes("a", "b").topology();
        assertThatThrownBy(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(lone).hasEdge("a", "b");
            softly.assertThat(lone).hasDegree("a", 1);
            softly.assertThat(List.of()).hasListenerOn(9000);
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Multiple Failures (3 failures)")
                .hasMessageContaining("expected an edge between a and b")
                .hasMessageContaining("expected a to have 1 connection to other nodes")
                .hasMessageContaining("expected the table to listen on port 9000");
    }

    @Test
    void each_kind_of_assertion_is_soft_assertj_s_navigation_included() {
        // given: c dials a, but the handshake hangs; d is paused
        Topology topology = Tables.nodes("a", "b", "c", "d").dial("b", "a").dial("c", "a", TcpState.SYN_SENT)
                .unread("d", "container 'd' is paused").topology();
        Timeline timeline = new Timeline();
        timeline.add(Instant.parse("2026-11-26T12:00:00Z"), topology);

        // then: every check fails, none stops the others
        assertThatThrownBy(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(topology).isFullMesh();
            softly.assertThat(topology, "c").hasEstablishedTo("a");
            softly.assertThat(topology, "c").filteredOn(c -> c.state() == TcpState.SYN_SENT).hasEstablishedTo("a");
            softly.assertThat(topology.table("d")).isRead();
            softly.assertThat(Golden.plan()).filteredOn(c -> c.state() == TcpState.LISTEN).hasSize(1);
            softly.assertThat(timeline).hasDropped("a", "b");
        })).hasMessageContaining("Multiple Failures (6 failures)")
                .hasMessageContaining("expected a full mesh of [a, b, c, d]")
                .hasMessageContaining("expected c to hold an ESTABLISHED connection to a, but it held none:\n"
                        + "  LISTEN 0.0.0.0:9000 0.0.0.0:*\n  SYN-SENT")
                .hasMessageContaining("expected c to hold an ESTABLISHED connection to a, but it held none:\n"
                        + "  SYN-SENT 10.0.0.3:40001 10.0.0.1:9000")
                .hasMessageContaining("expected the table of d to have been read, but it was not: container 'd' is paused")
                .hasMessageContaining("Expected size: 1 but was: 10")
                .hasMessageContaining("expected a link between a and b to drop, but none did");
    }

    @Test
    void what_holds_passes_softly_too() {
        Topology topology = Tables.nodes("a", "b").dial("b", "a").topology();
        Timeline timeline = new Timeline();
        timeline.add(Instant.parse("2026-11-26T12:00:00Z"), topology);

        assertThatCode(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(topology).isFullMesh();
            softly.assertThat(topology, "b").filteredOn(c -> c.state() == TcpState.ESTABLISHED).hasEstablishedTo("a")
                    .hasSize(1);
            softly.assertThat(topology.table("a")).isRead().isListeningOn(9000);
            softly.assertThat(Golden.plan()).hasSize(26).extracting(c -> c.state()).contains(TcpState.SYN_RECV);
            softly.assertThat(timeline).hasFlappedAtMost("a", "b", 0).hasNoStalledLinks();
        })).doesNotThrowAnyException();
    }

    @Test
    void inside_untilAsserted_they_are_tried_again_until_they_hold() {
        // given: a mesh that forms on the third look
        AtomicInteger looks = new AtomicInteger();
        List<Topology> states = List.of(Tables.nodes("a", "b", "c").topology(),
                Tables.nodes("a", "b", "c").dial("a", "b").topology(),
                Tables.nodes("a", "b", "c").dial("a", "b").dial("a", "c").dial("b", "c").topology());

        // when
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                TcpscopeSoftAssertions.assertSoftly(softly -> {
                    Topology now = states.get(Math.min(looks.getAndIncrement(), 2));
                    softly.assertThat(now).isFullMesh();
                    softly.assertThat(now).hasDegree("c", 2);
                }));

        // then
        assertThat(looks).hasValue(3);
    }

    @Test
    void the_kernel_s_events_are_asserted_on_softly_dials_included() {
        // given: node-2's dial to node-3 was refused; node-3 reset node-1's link; node-1 resent a segment to node-2
        EventLog events = kernel().refused("node-2", "node-3").reset("node-3", "node-1").retransmits("node-1", "node-2", 1)
                .log();

        // then: every check fails, none stops the others, and the dials picked stay soft
        assertThatThrownBy(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(events).hasNoFailedDials().hasNoResets().hasNoRetransmits("node-1", "node-2");
            softly.assertThat(events).as("node-2's dials").dialsFrom("node-2").to("node-3").allSucceeded();
            softly.assertThat(events).dialsFrom("node-2").filteredOn(d -> d.outcome() == DialOutcome.REFUSED).to("node-1")
                    .failedExactly(1, DialOutcome.REFUSED);
            softly.assertThat((EventLog) null).dialsFrom("node-1").to("node-2").allSucceeded();
        })).hasMessageContaining("Multiple Failures (6 failures)")
                .hasMessageContaining("expected no dial to fail, but 1 of 2 dials failed")
                .hasMessageContaining("expected no live link to be reset, but 1 was")
                .hasMessageContaining("expected node-1 to send node-2 no segment again, but it retransmitted 1")
                .hasMessageContaining("[node-2's dials] expected every dial from node-2 to node-3 to connect, but 1 of 1 failed")
                .hasMessageContaining("expected exactly 1 dial from node-2 to node-1 to end refused, but the kernel's"
                        + " events show no dial from node-2 to node-1")
                .hasMessageContaining("Expecting actual not to be null");
    }

    @Test
    void what_the_kernel_s_events_meet_passes_softly_too() {
        EventLog events = kernel().connected("node-1", "node-2").refused("node-2", "node-3").log();

        assertThatCode(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(events).hasNoResets().hasNoRetransmits("node-1", "node-2");
            softly.assertThat(events).dialsFrom("node-1").to("node-2").allSucceeded().hasSize(1);
            softly.assertThat(events).dialsFrom("node-2").to("node-3").failedExactly(1, DialOutcome.REFUSED);
        })).doesNotThrowAnyException();
    }
}
