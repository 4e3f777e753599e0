package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.LinkReset;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The lines of watch --json: one object per line, read back with Jackson. */
class WatchJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Edge LINK = new Edge("node-2", "node-1", Endpoint.of("10.0.0.3", 40001),
            Endpoint.of("fd00::1", 9000), Edge.Direction.DIALED);

    @Test
    void an_event_is_one_line_with_the_link_its_ends_and_their_states_before_and_after() throws Exception {
        // given: the dialer's end went to FIN-WAIT-2 while the listener's closed
        LinkEvent event = new LinkEvent(Instant.parse("2026-01-01T12:00:01.300Z"), LinkEvent.Kind.CHANGED, LINK,
                new LinkEvent.Ends(TcpState.ESTABLISHED, TcpState.ESTABLISHED), new LinkEvent.Ends(TcpState.FIN_WAIT2, null));

        // when
        String line = WatchJson.event(event);

        // then
        assertThat(line).doesNotContain("\n");
        assertThat(JSON.readTree(line)).isEqualTo(JSON.readTree("""
                {"at":"2026-01-01T12:00:01.300Z","kind":"CHANGED",
                 "from":"node-2","fromEnd":{"address":"10.0.0.3","port":40001},
                 "to":"node-1","toEnd":{"address":"fd00::1","port":9000},"direction":"DIALED",
                 "before":{"from":"ESTABLISHED","to":"ESTABLISHED"},"after":{"from":"FIN_WAIT2","to":null}}
                """));
    }

    @Test
    void an_opened_link_had_no_ends_before() throws Exception {
        // given
        LinkEvent event = new LinkEvent(Instant.parse("2026-01-01T12:00:01Z"), LinkEvent.Kind.OPENED, LINK,
                LinkEvent.Ends.NONE, new LinkEvent.Ends(TcpState.SYN_SENT, null));

        // when
        JsonNode line = JSON.readTree(WatchJson.event(event));

        // then
        assertThat(line.get("before").get("from").isNull()).isTrue();
        assertThat(line.get("before").get("to").isNull()).isTrue();
        assertThat(line.get("after").get("from").asText()).isEqualTo("SYN_SENT");
        assertThat(line.get("at").asText()).isEqualTo("2026-01-01T12:00:01Z");
    }

    @Test
    void the_source_line_says_where_the_events_come_from_and_whether_the_kernels_are_read() throws Exception {
        // when
        String line = WatchJson.source(Instant.parse("2026-01-01T12:00:00Z"),
                "samples only: kernel events are off (-Dtcpscope.events=off); samples every 500 ms", false);

        // then
        assertThat(line).doesNotContain("\n");
        assertThat(JSON.readTree(line)).isEqualTo(JSON.readTree("""
                {"at":"2026-01-01T12:00:00Z","kind":"SOURCE",
                 "source":"samples only: kernel events are off (-Dtcpscope.events=off); samples every 500 ms",
                 "kernelEvents":false}
                """));
    }

    @Test
    void a_failed_dial_is_one_line_with_both_nodes_the_target_and_why() throws Exception {
        // given
        Dial dial = new Dial(Instant.parse("2026-01-01T12:00:01.438Z"), "node-2", "node-3",
                Endpoint.of("10.0.0.3", 40002), Endpoint.of("10.0.0.4", 9000), DialOutcome.REFUSED, 0);

        // when
        String line = WatchJson.kernelEvent(dial);

        // then
        assertThat(line).doesNotContain("\n");
        assertThat(JSON.readTree(line)).isEqualTo(JSON.readTree("""
                {"at":"2026-01-01T12:00:01.438Z","kind":"DIAL_FAILED",
                 "from":"node-2","fromEnd":{"address":"10.0.0.3","port":40002},
                 "to":"node-3","target":{"address":"10.0.0.4","port":9000},"reason":"refused","synRetransmits":0}
                """));
    }

    @Test
    void a_dial_to_no_nodes_address_has_a_null_to_and_says_how_often_the_syn_was_sent_again() throws Exception {
        // given
        Dial dial = new Dial(Instant.parse("2026-01-01T12:00:03Z"), "node-2", null,
                Endpoint.of("fd00::3", 40002), Endpoint.of("fd00::9", 9001), DialOutcome.TIMED_OUT, 3);

        // when
        JsonNode line = JSON.readTree(WatchJson.kernelEvent(dial));

        // then
        assertThat(line.get("to").isNull()).isTrue();
        assertThat(line.get("target").get("address").asText()).isEqualTo("fd00::9");
        assertThat(line.get("reason").asText()).isEqualTo("timed out");
        assertThat(line.get("synRetransmits").asInt()).isEqualTo(3);
    }

    @Test
    void a_reset_is_one_line_with_who_sent_it_who_received_it_and_the_receivers_state() throws Exception {
        // given: node-1's end, in ESTABLISHED, received a reset from node-3's
        LinkReset reset = new LinkReset(Instant.parse("2026-01-01T12:00:02.100Z"), "node-3", "node-1",
                Endpoint.of("10.0.0.4", 9000), Endpoint.of("10.0.0.2", 48598), TcpState.ESTABLISHED);

        // when
        String line = WatchJson.kernelEvent(reset);

        // then
        assertThat(line).doesNotContain("\n");
        assertThat(JSON.readTree(line)).isEqualTo(JSON.readTree("""
                {"at":"2026-01-01T12:00:02.100Z","kind":"RESET",
                 "sender":"node-3","senderEnd":{"address":"10.0.0.4","port":9000},
                 "receiver":"node-1","receiverEnd":{"address":"10.0.0.2","port":48598},"state":"ESTABLISHED"}
                """));
    }

    @Test
    void a_reset_from_or_to_no_nodes_address_names_that_side_null() throws Exception {
        // given
        LinkReset fromOutside = new LinkReset(Instant.parse("2026-01-01T12:00:02Z"), null, "node-1",
                Endpoint.of("10.9.9.9", 9000), Endpoint.of("10.0.0.2", 48598), TcpState.FIN_WAIT1);
        LinkReset toOutside = new LinkReset(Instant.parse("2026-01-01T12:00:02Z"), "node-1", null,
                Endpoint.of("10.0.0.2", 9000), Endpoint.of("10.9.9.9", 48598), TcpState.SYN_RECV);

        // when
        JsonNode from = JSON.readTree(WatchJson.kernelEvent(fromOutside));
        JsonNode to = JSON.readTree(WatchJson.kernelEvent(toOutside));

        // then
        assertThat(from.get("sender").isNull()).isTrue();
        assertThat(from.get("senderEnd").get("address").asText()).isEqualTo("10.9.9.9");
        assertThat(from.get("receiver").asText()).isEqualTo("node-1");
        assertThat(from.get("state").asText()).isEqualTo("FIN_WAIT1");
        assertThat(to.get("receiver").isNull()).isTrue();
        assertThat(to.get("sender").asText()).isEqualTo("node-1");
        assertThat(to.get("state").asText()).isEqualTo("SYN_RECV");
    }

    @Test
    void a_kernel_events_names_hold_no_control_character_raw() throws Exception {
        // given
        String name = "node-2\033[2J\u009b31m";
        Dial dial = new Dial(Instant.parse("2026-01-01T12:00:01Z"), name, null,
                Endpoint.of("10.0.0.3", 40002), Endpoint.of("10.0.0.4", 9000), DialOutcome.REFUSED, 0);

        // when
        String line = WatchJson.kernelEvent(dial);

        // then
        assertThat(line).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]").contains("\\u001B", "\\u009B");
        assertThat(JSON.readTree(line).get("from").asText()).isEqualTo(name);
    }

    @Test
    void a_failed_sample_is_one_line_with_its_time_message_and_type() throws Exception {
        // given
        RuntimeException failure = new ContainerUnavailableException("node-3", "node-3", "3f2a",
                ContainerUnavailableException.Condition.NOT_RUNNING);

        // when
        String line = WatchJson.failure(Instant.parse("2026-01-01T12:00:02Z"), failure);

        // then
        assertThat(line).doesNotContain("\n");
        JsonNode object = JSON.readTree(line);
        assertThat(object.get("at").asText()).isEqualTo("2026-01-01T12:00:02Z");
        assertThat(object.get("error").asText()).isEqualTo(failure.getMessage()).contains("node-3");
        assertThat(object.get("type").asText()).isEqualTo("ContainerUnavailableException");
        assertThat(object.size()).isEqualTo(3);
    }

    @Test
    void a_failure_quoting_a_container_holds_no_control_character_raw() throws Exception {
        // given: C0 (ESC, BEL), DEL, C1 (an 8-bit CSI) and a bidirectional override
        String said = "exec failed: \033[2J\007\u007f\u009b31m\u202eevil";
        RuntimeException failure = new IllegalStateException(said);

        // when
        String line = WatchJson.failure(Instant.parse("2026-01-01T12:00:02Z"), failure);

        // then: escaped, and the same text once parsed
        assertThat(line).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")
                .contains("\\u009B", "\\u202E", "\\u007F");
        assertThat(JSON.readTree(line).get("error").asText()).isEqualTo(said);
    }
}
