package io.tcpscope.core.topology;

import io.tcpscope.core.TcpState;
import io.tcpscope.core.topology.LinkEvent.Ends;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One link as {@link TopologySvg} draws it: its sockets, its ends' states, its health, and what is
 * known of its stall. {@link #of} finds every link of a snapshot; a caller that knows more (a
 * recorder that followed a stall across samples) passes that in.
 *
 * <pre>{@code
 * List<DrawnLink> links = DrawnLink.of(topology, timeline.stalledLinks());
 * String svg = TopologySvg.document(topology, links);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param edge the link, its dialer first when the listeners tell
 * @param ends the states of its two ends
 * @param health how it is drawn
 * @param stall what is known of its stall, or {@code null} when it is not stalled
 *
 * @since 0.2.0
 */
public record DrawnLink(Edge edge, Ends ends, LinkHealth health, String stall) {

    /**
     * Validates.
     *
     * @param edge the link
     * @param ends its ends' states
     * @param health how it is drawn
     * @param stall what is known of its stall, or {@code null}
     * @throws NullPointerException if the edge, the ends or the health is null
     * @throws IllegalArgumentException if neither end is seen ({@link Ends#NONE})
     */
    public DrawnLink {
        Objects.requireNonNull(edge, "edge must not be null");
        Objects.requireNonNull(ends, "ends must not be null");
        Objects.requireNonNull(health, "health must not be null");
        if (ends.isNone()) {
            throw new IllegalArgumentException("a drawn link has an end in some state; " + edge + " has none");
        }
    }

    /**
     * Every link of a snapshot, in any state but LISTEN, as a {@link Timeline} of that one snapshot
     * finds them, with the stalls that the snapshot itself shows and those a recorder saw.
     *
     * @param topology the snapshot
     * @param recorded the stalls a recorder saw across its samples ({@link Timeline#stalledLinks()});
     *     may be empty
     * @return the links, in the snapshot's order; unmodifiable
     */
    public static List<DrawnLink> of(Topology topology, List<StalledLink> recorded) {
        Objects.requireNonNull(topology, "topology must not be null");
        // A stall the recorder followed across samples says more than one snapshot's, so it goes first,
        // and the snapshot's own shows only for an end the recorder did not report.
        Map<String, List<StalledLink>> stalls = new LinkedHashMap<>();
        for (StalledLink s : recorded) {
            stalls.computeIfAbsent(key(s.link()), k -> new ArrayList<>()).add(s);
        }
        for (StalledLink s : topology.stalledLinks()) {
            List<StalledLink> known = stalls.computeIfAbsent(key(s.link()), k -> new ArrayList<>());
            if (known.stream().noneMatch(k -> k.node().equals(s.node()))) {
                known.add(s);
            }
        }
        Timeline once = new Timeline();
        once.add(Instant.EPOCH, topology);
        List<DrawnLink> links = new ArrayList<>();
        for (Map.Entry<Edge, Ends> link : once.links().entrySet()) {
            List<StalledLink> stall = stalls.get(key(link.getKey()));
            links.add(new DrawnLink(link.getKey(), link.getValue(), LinkHealth.of(link.getValue(), stall != null),
                    stall == null ? null : describe(stall)));
        }
        return List.copyOf(links);
    }

    /**
     * A name for a link that does not depend on which end is named first: its two sockets, each
     * with its node, in text order. A picture's edges and a timeline's lanes carry it in
     * {@code data-link}, so that the same link is found in both.
     *
     * @param link the link
     * @return for example {@code node-1 10.0.0.2:40001 ~ node-2 10.0.0.3:9000}
     */
    public static String key(Edge link) {
        String a = link.from() + " " + link.fromEnd();
        String b = link.to() + " " + link.toEnd();
        return a.compareTo(b) <= 0 ? a + " ~ " + b : b + " ~ " + a;
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

    /** {@return the state it is shown in: ESTABLISHED when either end is; see {@link Ends#state()}} */
    public TcpState state() {
        return ends.state();
    }

    /** {@return its name in {@code data-link}; see {@link #key(Edge)}} */
    public String key() {
        return key(edge);
    }
}
