package io.tcpscope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.core.events.LinkReset;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.TimelineRecorder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** watch --json's sink: the source line first, then a line per kernel event it shows, until closed. */
class JsonSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Dial REFUSED = new Dial(Instant.parse("2026-01-01T12:00:01Z"), "node-2", "node-3",
            Endpoint.of("10.0.0.3", 40002), Endpoint.of("10.0.0.4", 9001), DialOutcome.REFUSED, 0);
    private static final Dial CONNECTED = new Dial(Instant.parse("2026-01-01T12:00:01Z"), "node-2", "node-3",
            Endpoint.of("10.0.0.3", 40003), Endpoint.of("10.0.0.4", 9000), DialOutcome.CONNECTED, 0);
    private static final LinkReset RESET = new LinkReset(Instant.parse("2026-01-01T12:00:02Z"), "node-3", "node-1",
            Endpoint.of("10.0.0.4", 9000), Endpoint.of("10.0.0.2", 48598), TcpState.ESTABLISHED);

    @Test
    void the_first_line_says_where_the_events_come_from_then_each_event_is_a_line_until_closed() throws Exception {
        // given
        StringWriter out = new StringWriter();
        JsonSink sink = new JsonSink(new PrintWriter(out));

        // when
        try (TimelineRecorder recorder = recorder()) {
            sink.start(recorder);
            sink.event(REFUSED);
            sink.event(RESET);
            sink.close();
            sink.event(REFUSED);
        }

        // then
        List<JsonNode> lines = parse(out.toString());
        assertThat(lines).extracting(l -> l.get("kind").asText()).containsExactly("SOURCE", "DIAL_FAILED", "RESET");
        assertThat(lines.get(0).get("source").asText())
                .isEqualTo("samples only: no source of kernel events was given (withKernelEvents); samples every 60 s");
        assertThat(lines.get(0).get("kernelEvents").asBoolean()).isFalse();
    }

    @Test
    void a_failed_dial_and_a_reset_are_shown_and_a_dial_that_connected_is_not() {
        assertThat(WatchSink.shows(REFUSED)).isTrue();
        assertThat(WatchSink.shows(RESET)).isTrue();
        assertThat(WatchSink.shows(CONNECTED)).isFalse();
    }

    private static List<JsonNode> parse(String text) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** A recorder with no kernel events, as a sink is given one once it has started. */
    private static TimelineRecorder recorder() {
        Topology empty = Topology.of(List.of(), PortSet.parse("9000"));
        return TimelineRecorder.of(() -> empty).withInterval(Duration.ofSeconds(60)).start();
    }
}
