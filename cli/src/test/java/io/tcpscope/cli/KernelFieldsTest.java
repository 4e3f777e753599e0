package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's own fields (queues, the running timer, the retransmit count) in {@code parse}'s JSON
 * and table, on the capture of {@code listings/health-capture.sh}: the /proc table, checked against
 * what {@code ss -tanoH} printed of the same sockets a moment later, read here with a regex of this
 * test's own.
 */
class KernelFieldsTest {

    /** {@code State Recv-Q Send-Q Local Peer [timer:(name,expiry,retransmits)]}, as ss -tanoH prints a row. */
    private static final Pattern SS_ROW = Pattern.compile(
            "(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+):(\\d+)\\s+(\\S+):(\\d+|\\*)(?:\\s+timer:\\((\\w+),[^,]*,(\\d+)\\))?\\s*");
    /** ss's state names, as this test knows them. */
    private static final Map<String, String> STATES = Map.of("LISTEN", "LISTEN", "ESTAB", "ESTABLISHED", "TIME-WAIT", "TIME_WAIT");
    /** ss -o's timer names, as ss(8) documents them. */
    private static final Map<String, String> TIMERS = Map.of(
            "on", "RETRANSMIT", "keepalive", "KEEPALIVE", "timewait", "TIME_WAIT", "persist", "ZERO_WINDOW_PROBE");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One socket as ss showed it: its key, and what the fields should read. */
    private record Expected(String key, String state, long receiveQueue, long sendQueue, String ssTimer, long retransmits) {
        boolean listens() {
            return state.equals("LISTEN");
        }

        /** The JSON fields: a listener's backlog is not in /proc, so it has no sendQueue. */
        String json() {
            return "receiveQueue=" + receiveQueue + " sendQueue=" + (listens() ? "absent" : sendQueue)
                    + " timer=" + (ssTimer == null ? "NONE" : TIMERS.get(ssTimer)) + " retransmits=" + retransmits;
        }

        /** The table's row, split on blanks: '-' for the backlog, the timer as ss names it, 'off' for none. */
        List<String> row(String ssState, String local, String peer) {
            return List.of(ssState, Long.toString(receiveQueue), listens() ? "-" : Long.toString(sendQueue), local, peer,
                    (ssTimer == null ? "off" : ssTimer) + "," + retransmits);
        }
    }

    @Test
    void json_gives_the_timer_the_retransmits_and_the_queues_that_ss_o_shows_and_no_backlog_for_a_proc_listener() throws Exception {
        // given
        Path proc = write("tcp", Golden.listing("health/proc-net-tcp"));
        Map<String, String> expected = new HashMap<>();
        ssRows().forEach((key, e) -> expected.put(key, e.json()));

        // when
        Run run = Run.of("parse", proc.toString(), "--json");

        // then
        assertThat(run.status()).isZero();
        Map<String, String> actual = new HashMap<>();
        for (JsonNode c : JSON.readTree(run.out()).get("connections")) {
            String key = c.get("state").asText() + " " + c.get("local").get("address").asText() + ":" + c.get("local").get("port")
                    + " " + c.get("remote").get("address").asText() + ":" + c.get("remote").get("port");
            actual.put(key, "receiveQueue=" + c.get("receiveQueue") + " sendQueue=" + (c.has("sendQueue") ? c.get("sendQueue") : "absent")
                    + " timer=" + c.get("timer").asText() + " retransmits=" + c.get("retransmits"));
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void the_table_shows_the_timer_as_ss_names_it_and_a_dash_for_the_backlog_proc_does_not_give() throws Exception {
        // given
        Path proc = write("tcp", Golden.listing("health/proc-net-tcp"));
        List<List<String>> expected = new ArrayList<>();
        for (String line : Golden.listing("health/ss-tanoH.after").lines().toList()) {
            Matcher m = SS_ROW.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Expected e = expected(m);
            expected.add(e.row(m.group(1), m.group(4) + ":" + m.group(5), m.group(6) + ":" + m.group(7)));
        }

        // when
        Run run = Run.of("parse", proc.toString());

        // then
        assertThat(run.status()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0).split("\\s{2,}")).containsExactly(
                "State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", "Timer");
        assertThat(lines.subList(1, lines.size()).stream().map(l -> List.of(l.split("\\s+"))).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void an_ss_o_listing_shows_the_listeners_backlog_as_ss_does() throws Exception {
        // given
        Path ss = write("ss", Golden.listing("health/ss-tanoH.after"));

        // when
        Run table = Run.of("parse", ss.toString(), "--state", "LISTEN", "--ports", "9000");
        Run json = Run.of("parse", ss.toString(), "--state", "LISTEN", "--ports", "9000", "--json");

        // then: ss printed "LISTEN 2 7 127.0.0.1:9000 0.0.0.0:*"
        assertThat(table.out().lines().skip(1).map(l -> List.of(l.split("\\s+"))).toList())
                .containsExactly(List.of("LISTEN", "2", "7", "127.0.0.1:9000", "0.0.0.0:*", "off,0"));
        JsonNode listener = JSON.readTree(json.out()).get("connections").get(0);
        assertThat(listener.get("receiveQueue").asLong()).isEqualTo(2);
        assertThat(listener.get("sendQueue").asLong()).isEqualTo(7);
    }

    @Test
    void a_listing_without_timers_has_no_timer_column_and_no_timer_fields() throws Exception {
        // given: plain ss -tan prints no timers
        Path ss = write("ss", Golden.listing("ss-tan"));

        // when
        Run table = Run.of("parse", ss.toString());
        Run json = Run.of("parse", ss.toString(), "--json");

        // then
        assertThat(table.out().lines().findFirst().orElseThrow()).doesNotContain("Timer").endsWith("Peer Address:Port");
        for (JsonNode c : JSON.readTree(json.out()).get("connections")) {
            assertThat(c.has("timer")).as(c.toString()).isFalse();
            assertThat(c.has("retransmits")).as(c.toString()).isFalse();
        }
        assertThat(JSON.readTree(json.out()).get("connections")).isNotEmpty();
    }

    /** Every row of the capture's ss -tanoH, by state and endpoints as the JSON names them. */
    private static Map<String, Expected> ssRows() {
        Map<String, Expected> rows = new HashMap<>();
        for (String line : Golden.listing("health/ss-tanoH.after").lines().toList()) {
            Matcher m = SS_ROW.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Expected e = expected(m);
            assertThat(rows.put(e.key(), e)).as("one row per socket: " + line).isNull();
        }
        assertThat(rows).hasSize(16);
        return rows;
    }

    private static Expected expected(Matcher m) {
        String state = STATES.get(m.group(1));
        assertThat(state).as("a state this test knows: " + m.group(1)).isNotNull();
        String peerPort = m.group(7).equals("*") ? "0" : m.group(7);
        String key = state + " " + m.group(4) + ":" + m.group(5) + " " + m.group(6) + ":" + peerPort;
        long retransmits = m.group(9) == null ? 0 : Long.parseLong(m.group(9)); // no timer runs: nothing is resent
        return new Expected(key, state, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(8), retransmits);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
