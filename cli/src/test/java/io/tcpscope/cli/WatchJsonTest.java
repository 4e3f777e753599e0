package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
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
