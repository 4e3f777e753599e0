package io.tcpscope.core.events;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.TcpTraceEvent.Kind;
import io.tcpscope.core.parse.TraceEventParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLogTest {

    private static final Instant BOOT = Instant.parse("2026-12-07T12:00:00Z");
    private static final Function<InetAddress, String> LOOPBACK_IS_NODE =
            a -> a.isLoopbackAddress() ? "lo" : null;

    private static List<TcpTraceEvent> golden() throws IOException {
        TraceEventParser parser = new TraceEventParser(BOOT::plusNanos);
        try (InputStream in = Objects.requireNonNull(EventLogTest.class.getResourceAsStream("/trace/tracefs-events.txt"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(parser::parse).toList();
        }
    }

    @Test
    void tells_each_dial_of_the_captured_sequence_by_how_it_ended() throws IOException {
        // given: capture.sh's sequence, whose comments say what each port's dials met
        EventLog log = new EventLog(EventLog.DEFAULT_CAPACITY);

        // when
        log.accept(golden(), LOOPBACK_IS_NODE);

        // then
        Map<String, Long> byPortAndOutcome = log.dials().stream()
                .collect(Collectors.groupingBy(d -> d.target().port() + " " + d.outcome(), Collectors.counting()));
        assertThat(byPortAndOutcome).isEqualTo(Map.of(
                "45001 REFUSED", 2L,
                "45000 CONNECTED", 3L,
                "45002 TIMED_OUT", 1L,
                "45003 TIMED_OUT", 1L,
                "45004 UNREACHABLE", 1L));
        assertThat(log.dials()).filteredOn(d -> d.target().port() == 45003).singleElement()
                .extracting(Dial::synRetransmits).isEqualTo(2);
        // the server's abort, then the client's, whose reset got through once the rule was gone
        assertThat(log.resets()).hasSize(2);
        assertThat(log.resets().get(0).senderEnd().port()).isEqualTo(45000);
        assertThat(log.resets().get(0).state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(log.resets().get(1).receiverEnd().port()).isEqualTo(45000);
        assertThat(log.resets().get(1).state()).isEqualTo(TcpState.FIN_WAIT1);
        assertThat(log.retransmits("lo", "lo")).isPositive();
        assertThat(log.tracker().heldSockets()).isZero();
    }

    @Test
    void names_the_sides_of_a_dial_and_leaves_out_dials_from_addresses_that_are_no_nodes() {
        // given
        EventLog log = new EventLog(10);
        Function<InetAddress, String> nodes = a -> Map.of("10.0.0.2", "node-2", "10.0.0.3", "node-3")
                .get(a.getHostAddress());

        // when
        List<ConnectionEvent> ended = log.accept(List.of(
                refusedReset("10.0.0.2", 40000, "10.0.0.3", 9000, 1),
                closeFromSynSent("10.0.0.2", 40000, "10.0.0.3", 9000, 2),
                refusedReset("10.0.0.9", 40001, "10.0.0.3", 9000, 3),
                closeFromSynSent("10.0.0.9", 40001, "10.0.0.3", 9000, 4)), nodes);

        // then
        assertThat(ended).singleElement().isInstanceOfSatisfying(Dial.class, d -> {
            assertThat(d.from()).isEqualTo("node-2");
            assertThat(d.to()).isEqualTo("node-3");
            assertThat(d.outcome()).isEqualTo(DialOutcome.REFUSED);
            assertThat(d.kind()).isEqualTo("DIAL_FAILED");
            assertThat(d.toString()).endsWith("DIAL_FAILED node-2 -> node-3:9000 refused");
        });
    }

    @Test
    void waits_for_the_error_report_of_a_dial_that_closed_without_a_cause() {
        EventLog log = new EventLog(10);
        assertThat(log.accept(List.of(closeFromSynSent("127.0.0.1", 40000, "127.0.0.1", 9000, 1)), LOOPBACK_IS_NODE))
                .isEmpty();

        List<ConnectionEvent> ended = log.accept(List.of(error("127.0.0.1", 40000, "127.0.0.1", 9000, 110, 2)),
                LOOPBACK_IS_NODE);

        assertThat(ended).singleElement().extracting(e -> ((Dial) e).outcome()).isEqualTo(DialOutcome.TIMED_OUT);
    }

    @Test
    void an_icmp_error_before_the_close_is_unreachable() {
        EventLog log = new EventLog(10);
        List<ConnectionEvent> ended = log.accept(List.of(
                error("127.0.0.1", 40000, "127.0.0.1", 9000, 0, 1),
                closeFromSynSent("127.0.0.1", 40000, "127.0.0.1", 9000, 2)), LOOPBACK_IS_NODE);

        assertThat(ended).singleElement().extracting(e -> ((Dial) e).outcome()).isEqualTo(DialOutcome.UNREACHABLE);
    }

    @Test
    void a_dial_that_closed_without_a_cause_times_out_after_the_grace_and_not_before() {
        EventLog log = new EventLog(10);
        log.accept(List.of(closeFromSynSent("127.0.0.1", 40000, "127.0.0.1", 9000, 1_000)), LOOPBACK_IS_NODE);

        assertThat(log.flush(at(1_000).plus(DialTracker.GRACE).minusNanos(1), LOOPBACK_IS_NODE)).isEmpty();
        assertThat(log.flush(at(1_000).plus(DialTracker.GRACE), LOOPBACK_IS_NODE)).singleElement()
                .extracting(e -> ((Dial) e).outcome()).isEqualTo(DialOutcome.TIMED_OUT);
        assertThat(log.tracker().heldSockets()).isZero();
    }

    @Test
    void the_errno_that_trails_a_refused_dial_is_not_taken_for_the_next_dial_on_the_same_ports() {
        // given: a refused dial, whose errno 111 comes after its close, and the same four numbers dialed again
        EventLog log = new EventLog(10);
        log.accept(List.of(refusedReset("127.0.0.1", 40000, "127.0.0.1", 9000, 1),
                closeFromSynSent("127.0.0.1", 40000, "127.0.0.1", 9000, 2),
                error("127.0.0.1", 40000, "127.0.0.1", 9000, 111, 3)), LOOPBACK_IS_NODE);

        // when: the second dial closes with no cause yet, and the kernel's timeout follows
        log.accept(List.of(closeFromSynSent("127.0.0.1", 40000, "127.0.0.1", 9000, 4),
                error("127.0.0.1", 40000, "127.0.0.1", 9000, 110, 5)), LOOPBACK_IS_NODE);

        // then
        assertThat(log.dials()).extracting(Dial::outcome).containsExactly(DialOutcome.REFUSED, DialOutcome.TIMED_OUT);
        assertThat(log.tracker().heldSockets()).isZero();
    }

    @Test
    void keeps_the_last_dials_and_counts_the_dropped() {
        EventLog log = new EventLog(2);
        List<TcpTraceEvent> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(refusedReset("127.0.0.1", 40000 + i, "127.0.0.1", 9000, 2 * i));
            batch.add(closeFromSynSent("127.0.0.1", 40000 + i, "127.0.0.1", 9000, 2 * i + 1));
        }

        log.accept(batch, LOOPBACK_IS_NODE);

        assertThat(log.dials()).extracting(d -> d.source().port()).containsExactly(40003, 40004);
        assertThat(log.droppedEvents()).isEqualTo(3);
    }

    @Test
    void diagnoses_each_dialer_and_target_in_one_sentence() {
        EventLog log = new EventLog(100);
        Function<InetAddress, String> nodes = a -> Map.of("10.0.0.2", "node-2", "10.0.0.3", "node-3")
                .get(a.getHostAddress());
        List<TcpTraceEvent> batch = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            batch.add(refusedReset("10.0.0.2", 40000 + i, "10.0.0.3", 9000, 10 * i));
            batch.add(closeFromSynSent("10.0.0.2", 40000 + i, "10.0.0.3", 9000, 10 * i + 1));
        }
        batch.add(new TcpTraceEvent(at(500), Kind.STATE_CHANGE, Endpoint.of("10.0.0.2", 41000),
                Endpoint.of("10.0.0.3", 9000), TcpState.SYN_SENT, TcpState.ESTABLISHED, 0));
        log.accept(batch, nodes);

        assertThat(log.diagnose(at(1_000), Duration.ofSeconds(30))).containsExactly(
                "node-2 dialed node-3:9000 15 times in the last 30 s: 14 refused (nothing listens on node-3:9000), 1 connected");
        assertThat(log.diagnose(at(1_000), Duration.ofNanos(400))).isEmpty();
    }

    @Test
    void a_snapshot_answers_as_the_log_did_and_refuses_events() {
        EventLog log = new EventLog(10);
        log.accept(List.of(refusedReset("127.0.0.1", 1, "127.0.0.1", 9000, 1),
                closeFromSynSent("127.0.0.1", 1, "127.0.0.1", 9000, 2)), LOOPBACK_IS_NODE);
        EventLog snapshot = log.snapshot();

        log.accept(List.of(refusedReset("127.0.0.1", 2, "127.0.0.1", 9000, 3),
                closeFromSynSent("127.0.0.1", 2, "127.0.0.1", 9000, 4)), LOOPBACK_IS_NODE);

        assertThat(snapshot.dials()).hasSize(1);
        assertThat(log.dials()).hasSize(2);
        assertThatThrownBy(() -> snapshot.accept(List.of(), LOOPBACK_IS_NODE))
                .isInstanceOf(IllegalStateException.class);
    }

    private static Instant at(long nanos) {
        return BOOT.plusNanos(nanos);
    }

    private static TcpTraceEvent refusedReset(String from, int port, String to, int toPort, long nanos) {
        return new TcpTraceEvent(at(nanos), Kind.RESET_RECEIVED, Endpoint.of(from, port), Endpoint.of(to, toPort),
                null, null, 0);
    }

    private static TcpTraceEvent closeFromSynSent(String from, int port, String to, int toPort, long nanos) {
        return new TcpTraceEvent(at(nanos), Kind.STATE_CHANGE, Endpoint.of(from, port), Endpoint.of(to, toPort),
                TcpState.SYN_SENT, TcpState.CLOSE, 0);
    }

    private static TcpTraceEvent error(String from, int port, String to, int toPort, int errno, long nanos) {
        return new TcpTraceEvent(at(nanos), Kind.ERROR_REPORT, Endpoint.of(from, port), Endpoint.of(to, toPort),
                null, null, errno);
    }
}
