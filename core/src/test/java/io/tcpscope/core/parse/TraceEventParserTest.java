package io.tcpscope.core.parse;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

class TraceEventParserTest {

    private static final Instant BOOT = Instant.parse("2026-12-07T12:00:00Z");

    private final TraceEventParser parser = new TraceEventParser(BOOT::plusNanos);

    /** The capture that capture.sh made on Linux 6.18: every line is one of the five TCP tracepoints. */
    static List<String> golden() throws IOException {
        try (InputStream in = Objects.requireNonNull(TraceEventParserTest.class.getResourceAsStream("/trace/tracefs-events.txt"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void reads_every_line_of_a_real_capture() throws IOException {
        // given
        List<String> lines = golden();

        // when
        List<TcpTraceEvent> events = lines.stream().map(parser::parse).toList();

        // then
        assertThat(events).hasSize(lines.size()).doesNotContainNull();
        assertThat(parser.unreadable()).isZero();
        assertThat(events).extracting(TcpTraceEvent::kind).contains(Kind.values());
    }

    @Test
    void reads_a_refused_dials_error_report() {
        // when
        TcpTraceEvent e = parser.parse("         python3-5848    [001] .....   171.438936: inet_sk_error_report: "
                + "family=AF_INET protocol=IPPROTO_TCP sport=45192 dport=45001 saddr=127.0.0.1 daddr=127.0.0.1 "
                + "saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.1 error=111");

        // then
        assertThat(e).isEqualTo(new TcpTraceEvent(BOOT.plusNanos(171_438_936_000L), Kind.ERROR_REPORT,
                Endpoint.of("127.0.0.1", 45192), Endpoint.of("127.0.0.1", 45001), null, null, 111));
    }

    @Test
    void reads_a_state_change_of_an_ipv6_socket_whose_task_name_holds_spaces() {
        // when
        TcpTraceEvent e = parser.parse("  Thread pool-1-9 [000] ..s2.  5.000000001: inet_sock_set_state: family=AF_INET6 "
                + "protocol=IPPROTO_TCP sport=9000 dport=40000 saddr=0.0.0.0 daddr=0.0.0.0 saddrv6=fd00::2 "
                + "daddrv6=fd00::3 oldstate=TCP_LISTEN newstate=TCP_NEW_SYN_RECV");

        // then
        assertThat(e).isEqualTo(new TcpTraceEvent(BOOT.plusNanos(5_000_000_001L), Kind.STATE_CHANGE,
                Endpoint.of("fd00::2", 9000), Endpoint.of("fd00::3", 40000), TcpState.LISTEN, TcpState.SYN_RECV, 0));
    }

    @Test
    void a_task_whose_name_looks_like_a_head_does_not_hide_the_event() {
        // given: a process named to look like an event head, as any process may name itself
        TcpTraceEvent e = parser.parse("evil 1.2: x: -7 [003] ..... 9.000001: tcp_destroy_sock: family=AF_INET sport=9000"
                + " dport=40000 saddr=10.0.0.2 daddr=10.0.0.3 saddrv6=::ffff:10.0.0.2 daddrv6=::ffff:10.0.0.3 sock_cookie=1");

        // then
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.DESTROYED);
        assertThat(e.at()).isEqualTo(BOOT.plusNanos(9_000_001_000L));
    }

    @Test
    void reads_a_retransmits_state() {
        TcpTraceEvent e = parser.parse("<idle>-0 [001] ..s2. 196.208093: tcp_retransmit_skb: skbaddr=00000000d4604d7c "
                + "skaddr=0000000082fa19c9 family=AF_INET sport=57118 dport=45000 saddr=127.0.0.1 daddr=127.0.0.1 "
                + "saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.1 state=TCP_ESTABLISHED err=0");

        assertThat(e.kind()).isEqualTo(Kind.RETRANSMIT);
        assertThat(e.newState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(e.oldState()).isNull();
    }

    @Test
    void leaves_out_other_tracepoints_and_other_protocols_without_counting_them() {
        assertThat(parser.parse("bash-1 [000] ..... 1.000000: sched_switch: prev_comm=bash")).isNull();
        assertThat(parser.parse("# tracer: nop")).isNull();
        assertThat(parser.parse("")).isNull();
        assertThat(parser.parse("x-1 [000] ..... 1.000000: inet_sock_set_state: family=AF_INET protocol=IPPROTO_MPTCP "
                + "sport=1 dport=2 saddr=127.0.0.1 daddr=127.0.0.1 oldstate=TCP_CLOSE newstate=TCP_SYN_SENT")).isNull();
        assertThat(parser.unreadable()).isZero();
    }

    @Test
    void counts_a_tcp_line_it_cannot_read_instead_of_throwing() {
        assertThat(parser.parse("x-1 [000] ..... 1.000000: inet_sock_set_state: family=AF_INET protocol=IPPROTO_TCP "
                + "sport=1 dport=2 saddr=not-an-address daddr=127.0.0.1 oldstate=TCP_CLOSE newstate=TCP_SYN_SENT")).isNull();
        assertThat(parser.parse("x-1 [000] ..... 1.000000: inet_sk_error_report: family=AF_INET protocol=IPPROTO_TCP "
                + "sport=99999 dport=2 saddr=127.0.0.1 daddr=127.0.0.1 error=111")).isNull();
        assertThat(parser.parse("x-1 [000] ..... 1.000000: tcp_destroy_sock: family=AF_INET sport=1")).isNull();
        assertThat(parser.unreadable()).isEqualTo(3);
    }

    @Test
    void reads_a_marker_and_only_a_marker() {
        assertThat(TraceEventParser.marker("java-77 [001] ..... 12.000001: tracing_mark_write: tcpscope-sync-3"))
                .isEqualTo("tcpscope-sync-3");
        assertThat(TraceEventParser.marker("x-1 [000] ..... 1.000000: tcp_destroy_sock: family=AF_INET")).isNull();
    }
}
