package io.tcpscope.core.topology;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tcpscope.core.Golden.c;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A snapshot of a timeline answers as the timeline did when it was taken, whatever the timeline
 * goes on to see, and takes nothing more. The history is built so that what comes after the
 * snapshot changes every answer, each of the state a timeline keeps in place included: an outage
 * under way heals, a stall grows by a sample, a new pair and node appear, old events drop out.
 */
class TimelineSnapshotTest {

    private static final String A = "10.0.0.2";
    private static final String B = "10.0.0.3";
    private static final String C = "10.0.0.4";
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    // 6 events kept, a link stalled after 100 ms
    private final Timeline timeline = new Timeline(6, Duration.ofMillis(100));

    /** Up to 400 ms: b and a dial, drop, dial again, b's send queue stuck; c dials a, which drops. */
    private void before() {
        add(0, a(c(TcpState.ESTABLISHED, A, 9000, B, 40001)), b(c(TcpState.ESTABLISHED, B, 40001, A, 9000)));
        add(100, a(), b());
        add(200, a(c(TcpState.ESTABLISHED, A, 9000, B, 40002)), b(waiting(B, 40002, 1000)),
                node("c", C, c(TcpState.ESTABLISHED, C, 40003, A, 9000)));
        add(300, a(c(TcpState.ESTABLISHED, A, 9000, B, 40002)), b(waiting(B, 40002, 1000)), node("c", C));
        add(400, a(c(TcpState.ESTABLISHED, A, 9000, B, 40002)), b(waiting(B, 40002, 1200)), node("c", C));
    }

    /** From 500 ms: c dials a again (its outage heals), b stays stuck, d appears and dials c. */
    private void after() {
        add(500, a(c(TcpState.ESTABLISHED, A, 9000, B, 40002), c(TcpState.ESTABLISHED, A, 9000, C, 40004)),
                b(waiting(B, 40002, 1300)), node("c", C, c(TcpState.ESTABLISHED, C, 40004, A, 9000),
                        c(TcpState.ESTABLISHED, C, 40005, "10.0.0.5", 9000)),
                node("d", "10.0.0.5", c(TcpState.ESTABLISHED, "10.0.0.5", 9000, C, 40005)));
        add(600, a(), b(), node("c", C), node("d", "10.0.0.5"));
    }

    @Test
    void answers_every_query_as_the_timeline_did_when_it_was_taken() {
        // given
        before();
        Map<String, Object> then = answers(timeline);

        // when
        Timeline snapshot = timeline.snapshot();

        // then
        assertThat(answers(snapshot)).isEqualTo(then);
        assertThat(snapshot.latest()).isSameAs(timeline.latest());
    }

    @Test
    void goes_on_answering_so_while_the_timeline_changes_every_answer() {
        // given
        before();
        Map<String, Object> then = answers(timeline);
        Timeline snapshot = timeline.snapshot();

        // when
        after();

        // then: the snapshot is unchanged, and the timeline moved on in every answer but its first sample's time
        assertThat(answers(snapshot)).isEqualTo(then);
        Map<String, Object> now = answers(timeline);
        List<String> unchanged = then.keySet().stream().filter(k -> then.get(k).equals(now.get(k))).toList();
        assertThat(unchanged).as("answers that the history after the snapshot left as they were")
                .containsExactly("firstSample");
        assertThat(snapshot.outages("a", "c")).singleElement().satisfies(o -> assertThat(o.isHealed()).isFalse());
        assertThat(snapshot.stalledLinks()).singleElement().satisfies(s -> assertThat(s.samples()).isEqualTo(3));
    }

    @Test
    void refuses_to_take_a_snapshot_and_stays_as_it_was() {
        // given
        before();
        Timeline snapshot = timeline.snapshot();
        Map<String, Object> then = answers(snapshot);

        // then
        assertThatThrownBy(() -> snapshot.add(T0.plusMillis(500), Topology.of(List.of(a(), b()), PortSet.P2P_DEFAULT)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a snapshot of a timeline is read-only; add to the recorder's timeline");
        assertThat(answers(snapshot)).isEqualTo(then);
    }

    @Test
    void a_snapshot_of_a_snapshot_is_itself_and_of_an_empty_timeline_is_empty() {
        // given
        Timeline empty = new Timeline().snapshot();
        before();
        Timeline snapshot = timeline.snapshot();

        // then
        assertThat(snapshot.snapshot()).isSameAs(snapshot);
        assertThat(timeline.snapshot()).isNotSameAs(snapshot).isNotSameAs(timeline);
        assertThat(empty.samples()).isZero();
        assertThat(empty.events()).isEmpty();
        assertThat(empty.latest()).isNull();
        assertThat(empty.lastSample()).isNull();
    }

    /** Every query's answer, by query; those on two nodes for every two of the nodes ever seen, in both orders. */
    private static Map<String, Object> answers(Timeline t) {
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("events", t.events());
        answers.put("droppedEvents", t.droppedEvents());
        answers.put("samples", t.samples());
        answers.put("nodes", t.nodes());
        answers.put("latest", t.latest());
        answers.put("firstSample", t.firstSample());
        answers.put("lastSample", t.lastSample());
        answers.put("lastChange", t.lastChange());
        answers.put("links", t.links());
        answers.put("pairs", t.pairs());
        answers.put("stalledLinks", t.stalledLinks());
        Map<String, Object> edgeHistory = new LinkedHashMap<>();
        Map<String, Object> flaps = new LinkedHashMap<>();
        Map<String, Object> flapsInTheFirstSecond = new LinkedHashMap<>();
        Map<String, Object> mostFlaps = new LinkedHashMap<>();
        Map<String, Object> outages = new LinkedHashMap<>();
        List<String> nodes = List.of("a", "b", "c", "d");
        for (String x : nodes) {
            for (String y : nodes) {
                if (x.equals(y)) {
                    continue;
                }
                String pair = x + "-" + y;
                edgeHistory.put(pair, t.edgeHistory(x, y));
                flaps.put(pair, t.flaps(x, y));
                flapsInTheFirstSecond.put(pair, t.flaps(x, y, T0, T0.plusSeconds(1)));
                mostFlaps.put(pair, t.mostFlaps(x, y, Duration.ofSeconds(1)));
                outages.put(pair, t.outages(x, y));
            }
        }
        answers.put("edgeHistory", edgeHistory);
        answers.put("flaps", flaps);
        answers.put("flaps from 0 to 1 s", flapsInTheFirstSecond);
        answers.put("mostFlaps within 1 s", mostFlaps);
        answers.put("outages", outages);
        return answers;
    }

    private void add(long millis, NodeTable... nodes) {
        timeline.add(T0.plusMillis(millis), Topology.of(List.of(nodes), PortSet.P2P_DEFAULT));
    }

    /** A socket of b's to a that cannot send: zero-window probes, its queue never shrinking. */
    private static TcpConnection waiting(String ip, int port, long queue) {
        return new TcpConnection(Endpoint.of(ip, port), Endpoint.of(A, 9000), TcpState.ESTABLISHED, 0, queue, 0, 1,
                List.of(), TcpTimer.ZERO_WINDOW_PROBE, 0);
    }

    private static NodeTable a(TcpConnection... connections) {
        return node("a", A, connections);
    }

    private static NodeTable b(TcpConnection... connections) {
        return node("b", B, connections);
    }

    private static NodeTable node(String name, String ip, TcpConnection... connections) {
        List<TcpConnection> table = new ArrayList<>(List.of(c(TcpState.LISTEN, "0.0.0.0", 9000, "0.0.0.0", 0)));
        table.addAll(List.of(connections));
        return new NodeTable(name, Set.of(IpAddresses.parse(ip)), table);
    }
}
