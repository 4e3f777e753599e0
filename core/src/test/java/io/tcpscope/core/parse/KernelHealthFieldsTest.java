package io.tcpscope.core.parse;

import io.tcpscope.core.Golden;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's timers, retransmit counts and queues, read from the capture of
 * {@code listings/health-capture.sh}: a listener with backlog 7 and 2 connections waiting, a link
 * whose reader never reads (zero-window probes), a link whose packets are dropped (retransmits), a
 * keepalive link and a TIME_WAIT socket. The oracle is what {@code ss -o} and net-tools
 * {@code netstat -o} printed at the same moment, read here with a regex of this test's own.
 */
class KernelHealthFieldsTest {

    private static final Pattern SS_ROW = Pattern.compile(
            "^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)(?:\\s+timer:\\((\\w+),[^,]*,(\\d+)\\))?\\s*$");
    private static final Pattern NETSTAT_ROW = Pattern.compile(
            "^tcp\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+\\S+\\s+(\\w+) \\([\\d.]+/(\\d+)/\\d+\\)\\s*$");
    private static final Map<String, TcpTimer> SS_TIMERS = Map.of("on", TcpTimer.RETRANSMIT,
            "keepalive", TcpTimer.KEEPALIVE, "timewait", TcpTimer.TIME_WAIT, "persist", TcpTimer.ZERO_WINDOW_PROBE);
    private static final Map<String, TcpTimer> NETSTAT_TIMERS = Map.of("off", TcpTimer.NONE, "on", TcpTimer.RETRANSMIT,
            "keepalive", TcpTimer.KEEPALIVE, "timewait", TcpTimer.TIME_WAIT, "probe", TcpTimer.ZERO_WINDOW_PROBE);

    @Test
    void proc_rows_give_the_timer_and_retransmits_that_ss_showed_before_and_after() {
        // given
        Map<String, String> before = ssTimers("health/ss-tanoH.before");
        Map<String, String> after = ssTimers("health/ss-tanoH.after");
        assertThat(before).as("the rows ss printed before the capture").hasSize(16);
        assertThat(before).as("ss saw the same timers before and after the capture").isEqualTo(after);

        // when
        List<TcpConnection> parsed = Listings.parse(ListingFormat.PROC, Golden.listing("health/proc-net-tcp"));

        // then
        assertThat(timers(parsed)).isEqualTo(before);
    }

    @Test
    void proc_rows_give_the_timer_and_retransmits_that_netstat_showed() {
        // given
        Map<String, String> netstat = new HashMap<>();
        for (String line : Golden.listing("health/netstat-tano").split("\n")) {
            Matcher m = NETSTAT_ROW.matcher(line);
            if (m.matches()) {
                netstat.put(m.group(3) + " " + m.group(4).replace("0.0.0.0:*", "0.0.0.0:0"),
                        NETSTAT_TIMERS.get(m.group(5)) + "/" + m.group(6));
            }
        }

        // when
        List<TcpConnection> parsed = Listings.parse(ListingFormat.PROC, Golden.listing("health/proc-net-tcp"));

        // then
        assertThat(netstat).hasSize(16);
        assertThat(timers(parsed)).isEqualTo(netstat);
    }

    @Test
    void ss_with_timers_gives_what_the_kernel_table_gives() {
        // when
        List<TcpConnection> ss = Listings.parse(ListingFormat.SS, Golden.listing("health/ss-tanoH.after"));
        List<TcpConnection> proc = Listings.parse(ListingFormat.PROC, Golden.listing("health/proc-net-tcp"));

        // then: the same timers; the same retransmit counts where ss gives them (under "on", or no timer)
        assertThat(kinds(ss)).isEqualTo(kinds(proc));
        assertThat(ss).filteredOn(c -> c.timer() == TcpTimer.RETRANSMIT || c.timer() == TcpTimer.NONE)
                .hasSize(13).allSatisfy(c -> assertThat(timers(proc)).containsAllEntriesOf(timers(List.of(c))));
        assertThat(ss).filteredOn(c -> c.timer() == TcpTimer.ZERO_WINDOW_PROBE || c.timer() == TcpTimer.KEEPALIVE
                || c.timer() == TcpTimer.TIME_WAIT).hasSize(3).allSatisfy(c -> assertThat(c.retransmits())
                .as("ss prints probes there, not retransmits").isEqualTo(TcpConnection.UNKNOWN));
    }

    private static Map<String, TcpTimer> kinds(List<TcpConnection> connections) {
        Map<String, TcpTimer> out = new HashMap<>();
        connections.forEach(c -> out.put(c.local() + " " + c.remote(), c.timer()));
        return out;
    }

    @Test
    void ss_asked_for_timers_has_none_running_where_it_shows_none() {
        List<TcpConnection> ss = SsParser.withTimers().parse(Golden.listing("health/ss-ltnH"));
        assertThat(ss).hasSize(5).allSatisfy(c -> {
            assertThat(c.timer()).isEqualTo(TcpTimer.NONE);
            assertThat(c.retransmits()).isZero();
        });
    }

    @Test
    void ss_without_timers_says_it_does_not_know() {
        List<TcpConnection> ss = Listings.parse(ListingFormat.SS, Golden.listing("health/ss-ltnH"));
        assertThat(ss).hasSize(5).allSatisfy(c -> {
            assertThat(c.timer()).isEqualTo(TcpTimer.UNKNOWN);
            assertThat(c.retransmits()).isEqualTo(TcpConnection.UNKNOWN);
        });
    }

    @Test
    void a_listener_gives_its_waiting_connections_and_only_ss_gives_its_backlog() {
        // given: ss -ltn prints the waiting connections as Recv-Q and the backlog as Send-Q
        Map<Integer, long[]> ssQueues = new HashMap<>();
        for (String line : Golden.listing("health/ss-ltnH").split("\n")) {
            Matcher m = SS_ROW.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            int port = Integer.parseInt(m.group(4).substring(m.group(4).lastIndexOf(':') + 1));
            ssQueues.put(port, new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }

        // when
        List<TcpConnection> proc = Listings.parse(ListingFormat.PROC, Golden.listing("health/proc-net-tcp"));
        List<TcpConnection> ss = Listings.parse(ListingFormat.SS, Golden.listing("health/ss-ltnH"));

        // then
        assertThat(ssQueues).as("the listeners ss printed").hasSize(5);
        assertThat(ssQueues.get(9000)).containsExactly(2, 7);
        assertThat(proc).as("the kernel's listeners, one for each that ss printed").filteredOn(c -> c.state() == TcpState.LISTEN)
                .extracting(c -> c.local().port()).containsExactlyInAnyOrderElementsOf(ssQueues.keySet());
        assertThat(ss).as("ss's listeners").extracting(c -> c.local().port()).containsExactlyInAnyOrderElementsOf(ssQueues.keySet());
        for (TcpConnection listener : proc.stream().filter(c -> c.state() == TcpState.LISTEN).toList()) {
            assertThat(listener.receiveQueue()).as(listener.toString()).isEqualTo(ssQueues.get(listener.local().port())[0]);
            assertThat(listener.sendQueue()).as("the kernel's file has no backlog").isEqualTo(TcpConnection.UNKNOWN);
        }
        for (TcpConnection listener : ss) {
            assertThat(new long[] {listener.receiveQueue(), listener.sendQueue()}).as(listener.toString())
                    .containsExactly(ssQueues.get(listener.local().port()));
        }
    }

    @Test
    void only_the_links_whose_peer_takes_nothing_are_waiting_on_it() {
        // when
        List<TcpConnection> proc = Listings.parse(ListingFormat.PROC, Golden.listing("health/proc-net-tcp"));

        // then: the writer to the reader that never reads (probes), and the sender whose packets are dropped
        assertThat(proc.stream().filter(TcpConnection::isWaitingOnPeer).map(TcpConnection::toString))
                .containsExactlyInAnyOrder("ESTAB 127.0.0.1:41100 127.0.0.1:9001", "ESTAB 127.0.0.1:41200 127.0.0.1:9002");
    }

    /** {@code "local remote" -> "TIMER/retransmits"}, the any-address peer written with port 0. */
    private static Map<String, String> timers(List<TcpConnection> connections) {
        Map<String, String> out = new HashMap<>();
        for (TcpConnection c : connections) {
            out.put(c.local() + " " + c.remote().toString().replace(":*", ":0"), c.timer() + "/" + c.retransmits());
        }
        return out;
    }

    private static Map<String, String> ssTimers(String name) {
        Map<String, String> out = new HashMap<>();
        for (String line : Golden.listing(name).split("\n")) {
            Matcher m = SS_ROW.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            TcpTimer timer = m.group(6) == null ? TcpTimer.NONE : SS_TIMERS.get(m.group(6));
            String retransmits = m.group(7) == null ? "0" : m.group(7);
            out.put(m.group(4) + " " + m.group(5).replace("0.0.0.0:*", "0.0.0.0:0"), timer + "/" + retransmits);
        }
        return out;
    }
}
