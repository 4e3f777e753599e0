package io.tcpscope.assertj;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.assertj.core.api.AbstractSoftAssertions;

import java.util.List;
import java.util.function.Consumer;

/**
 * tcpscope's assertions, collected rather than thrown one at a time: every failed check is
 * reported at the end, together. It has one {@code assertThat} for each of
 * {@link TcpscopeAssertions}'. {@link #assertSoftly(Consumer)} fits inside Awaitility's
 * {@code untilAsserted}, which retries until no assertion fails.
 *
 * <pre>{@code
 * await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
 *     Topology now = cluster.topology();
 *     softly.assertThat(now).hasEdge("node-1", "node-2");
 *     softly.assertThat(now).hasDegree("node-3", 2);
 *     softly.assertThat(now.table("node-3")).isRead().isListeningOn(9000);
 *     softly.assertThat(now, "node-3").filteredOn(c -> c.state() == TcpState.SYN_SENT).isEmpty();
 *     softly.assertThat(recorder.events()).dialsFrom("node-3").to("node-1").allSucceeded();
 * }));
 * }</pre>
 *
 * <p>Not thread-safe: one instance per test.
 *
 * @since 0.1.0
 */
public class TcpscopeSoftAssertions extends AbstractSoftAssertions {

    /** Soft assertions with nothing collected yet. */
    public TcpscopeSoftAssertions() {
        super();
    }

    /**
     * Runs the assertions, then throws one error that reports every one that failed.
     *
     * @param assertions the assertions to make
     * @throws AssertionError naming every failed assertion, if any failed
     */
    public static void assertSoftly(Consumer<TcpscopeSoftAssertions> assertions) {
        TcpscopeSoftAssertions softly = new TcpscopeSoftAssertions();
        assertions.accept(softly);
        softly.assertAll();
    }

    /**
     * Soft assertions on who is connected to whom.
     *
     * @param actual the topology
     * @return the assertion
     */
    public TopologyAssert assertThat(Topology actual) {
        return proxy(TopologyAssert.class, Topology.class, actual);
    }

    /**
     * Soft assertions on how a cluster's links changed.
     *
     * @param actual the timeline, best a {@link Timeline#snapshot() snapshot}
     * @return the assertion
     * @since 0.2.0
     */
    public TimelineAssert assertThat(Timeline actual) {
        return proxy(TimelineAssert.class, Timeline.class, actual);
    }

    /**
     * Soft assertions on what the kernel's TCP events say happened; the dials that
     * {@link EventLogAssert#dialsFrom(String) dialsFrom} and {@link DialsAssert#to(String) to} pick
     * are asserted on softly too.
     *
     * @param actual the log, best a {@link EventLog#snapshot() snapshot}
     * @return the assertion
     * @since 0.3.0
     */
    public EventLogAssert assertThat(EventLog actual) {
        return proxy(EventLogAssert.class, EventLog.class, actual).collectingInto(this);
    }

    /**
     * Soft assertions on one node's table.
     *
     * @param actual the table
     * @return the assertion
     * @since 0.2.0
     */
    public NodeTableAssert assertThat(NodeTable actual) {
        return proxy(NodeTableAssert.class, NodeTable.class, actual);
    }

    /**
     * Soft assertions on a list of connections; AssertJ's navigation ({@code filteredOn} and the
     * like) stays soft.
     *
     * @param actual the connections
     * @return the assertion
     * @since 0.2.0
     */
    @SuppressWarnings("unchecked")
    public ConnectionsAssert assertThat(List<? extends TcpConnection> actual) {
        return proxy(ConnectionsAssert.class, List.class, actual);
    }

    /**
     * Soft assertions on one node's connections, whose peers may be named by their node names.
     *
     * @param topology the topology
     * @param node one of its nodes
     * @return the assertion
     * @throws IllegalArgumentException if the topology has no such node
     * @since 0.2.0
     */
    @SuppressWarnings("unchecked")
    public ConnectionsAssert assertThat(Topology topology, String node) {
        return proxy(ConnectionsAssert.class, List.class,
                topology == null ? null : ConnectionsAssert.named(topology.table(node), topology));
    }
}
