package io.tcpscope.testkit.report.internal;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.LinkEvent.Ends;
import io.tcpscope.core.topology.StalledLink;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One link as the picture draws it: its sockets, its ends' states, and its health.
 *
 * <p>Immutable and thread-safe.
 *
 * @param edge the link, its dialer first when the listeners tell
 * @param ends the states of its two ends
 * @param health how it is drawn
 * @param stall what is known of its stall, or {@code null} when it is not stalled
 */
public record DrawnLink(Edge edge, Ends ends, Health health, String stall) {

    /**
     * Validates.
     *
     * @param edge the link
     * @param ends its ends' states
     * @param health how it is drawn
     * @param stall what is known of its stall, or {@code null}
     */
    public DrawnLink {
        Objects.requireNonNull(edge, "edge must not be null");
        Objects.requireNonNull(ends, "ends must not be null");
        Objects.requireNonNull(health, "health must not be null");
    }

    /**
     * Every link of a snapshot, in any state but LISTEN, as a timeline of that one snapshot finds
     * them, with the stalls that the snapshot itself shows and those a recorder saw last.
     *
     * @param topology the snapshot
     * @param recorded the stalls a recorder saw across its samples; may be empty
     * @return the links, in the snapshot's order
     */
    public static List<DrawnLink> of(Topology topology, List<StalledLink> recorded) {
        // A stall the recorder followed across samples says more than one snapshot's, so it goes first,
        // and the snapshot's own shows only for an end the recorder did not report.
        Map<String, List<StalledLink>> stalls = new LinkedHashMap<>();
        for (StalledLink s : recorded) {
            stalls.computeIfAbsent(Health.key(s.link()), k -> new ArrayList<>()).add(s);
        }
        for (StalledLink s : topology.stalledLinks()) {
            List<StalledLink> known = stalls.computeIfAbsent(Health.key(s.link()), k -> new ArrayList<>());
            if (known.stream().noneMatch(k -> k.node().equals(s.node()))) {
                known.add(s);
            }
        }
        Timeline once = new Timeline();
        once.add(Instant.EPOCH, topology);
        List<DrawnLink> links = new ArrayList<>();
        for (Map.Entry<Edge, Ends> link : once.links().entrySet()) {
            List<StalledLink> stall = stalls.get(Health.key(link.getKey()));
            links.add(new DrawnLink(link.getKey(), link.getValue(), Health.of(link.getValue(), stall != null),
                    stall == null ? null : describe(stall)));
        }
        return List.copyOf(links);
    }

    private static String describe(List<StalledLink> stall) {
        StringBuilder out = new StringBuilder();
        for (StalledLink s : stall) {
            out.append(out.length() == 0 ? "" : "; ").append(s.node()).append(" has ").append(s.socket().sendQueue())
                    .append(" bytes unsent (").append(s.socket().timer()).append(", ").append(s.socket().retransmits())
                    .append(" retransmits)").append(s.since() == null ? " in this snapshot"
                            : " since " + s.since() + ", " + s.samples() + " samples");
        }
        return out.toString();
    }

    /** {@return the state it is shown in: ESTABLISHED when either end is} */
    public TcpState state() {
        return Health.mainState(ends);
    }

    /** {@return its name in {@code data-link}; see {@link Health#key}} */
    public String key() {
        return Health.key(edge);
    }
}
