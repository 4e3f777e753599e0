package io.tcpscope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lines of {@code tcpscope watch --json}: one JSON object per line, so that a tool can read the
 * stream a line at a time.
 *
 * <pre>{@code
 * {"at":"2026-01-01T12:00:01.300Z","kind":"OPENED","from":"node-2","fromEnd":{"address":"10.0.0.3","port":40001},
 *  "to":"node-1","toEnd":{"address":"10.0.0.2","port":9000},"direction":"DIALED",
 *  "before":{"from":null,"to":null},"after":{"from":"ESTABLISHED","to":"ESTABLISHED"}}
 * {"at":"2026-01-01T12:00:02.100Z","error":"container 'node-3' (3f2a...) is paused; ...","type":"ContainerUnavailableException"}
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
final class WatchJson {

    /** One line per object: no indentation. */
    private static final ObjectMapper JSON = SafeJson.mapper();

    private WatchJson() {
    }

    /** An event: when, what, the link's two ends, and each end's state before and after (null: not seen). */
    static String event(LinkEvent event) {
        Edge link = event.link();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", event.at().toString());
        line.put("kind", event.kind().name());
        line.put("from", link.from());
        line.put("fromEnd", Output.endpoint(link.fromEnd()));
        line.put("to", link.to());
        line.put("toEnd", Output.endpoint(link.toEnd()));
        line.put("direction", link.direction().name());
        line.put("before", ends(event.before()));
        line.put("after", ends(event.after()));
        return write(line);
    }

    /** A sample that failed: when it began, the failure's message and its type. */
    static String failure(Instant at, RuntimeException failure) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", at.toString());
        line.put("error", String.valueOf(failure.getMessage()));
        line.put("type", failure.getClass().getSimpleName());
        return write(line);
    }

    private static Map<String, Object> ends(LinkEvent.Ends ends) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("from", name(ends.from()));
        map.put("to", name(ends.to()));
        return map;
    }

    private static String name(TcpState state) {
        return state == null ? null : state.name();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
