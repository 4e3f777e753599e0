package io.tcpscope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.ConnectionEvent;
import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.LinkReset;
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
 * {"at":"2026-01-01T12:00:01.000Z","kind":"SOURCE","source":"kernel events (tracefs) and samples every 500 ms",
 *  "kernelEvents":true}
 * {"at":"2026-01-01T12:00:01.300Z","kind":"OPENED","from":"node-2","fromEnd":{"address":"10.0.0.3","port":40001},
 *  "to":"node-1","toEnd":{"address":"10.0.0.2","port":9000},"direction":"DIALED",
 *  "before":{"from":null,"to":null},"after":{"from":"ESTABLISHED","to":"ESTABLISHED"}}
 * {"at":"2026-01-01T12:00:01.438Z","kind":"DIAL_FAILED","from":"node-2","fromEnd":{"address":"10.0.0.3","port":40002},
 *  "to":"node-3","target":{"address":"10.0.0.4","port":9000},"reason":"refused","synRetransmits":0}
 * {"at":"2026-01-01T12:00:02.100Z","kind":"RESET","sender":"node-3","senderEnd":{"address":"10.0.0.4","port":9000},
 *  "receiver":"node-1","receiverEnd":{"address":"10.0.0.2","port":48598},"state":"ESTABLISHED"}
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

    /**
     * Where the watch's events come from: the first line, once.
     *
     * @param at when watching began
     * @param source the recorder's {@code source()}, such as {@code samples only: ...}
     * @param kernelEvents whether the kernel's events are read, besides the samples
     */
    static String source(Instant at, String source, boolean kernelEvents) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", at.toString());
        line.put("kind", "SOURCE");
        line.put("source", source);
        line.put("kernelEvents", kernelEvents);
        return write(line);
    }

    /**
     * A dial and how it ended, or a reset, as the kernel's events told it; a node's name is null
     * where the address is no node's. A state is written as the link events write theirs.
     */
    static String kernelEvent(ConnectionEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", event.at().toString());
        line.put("kind", event.kind());
        if (event instanceof Dial dial) {
            line.put("from", dial.from());
            line.put("fromEnd", Output.endpoint(dial.source()));
            line.put("to", dial.to());
            line.put("target", Output.endpoint(dial.target()));
            line.put("reason", dial.outcome().word());
            line.put("synRetransmits", dial.synRetransmits());
        } else {
            LinkReset reset = (LinkReset) event; // the only other kind
            line.put("sender", reset.sender());
            line.put("senderEnd", Output.endpoint(reset.senderEnd()));
            line.put("receiver", reset.receiver());
            line.put("receiverEnd", Output.endpoint(reset.receiverEnd()));
            line.put("state", reset.state().name());
        }
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
