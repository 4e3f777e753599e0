package io.tcpscope.assertj;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import org.assertj.core.api.AbstractSoftAssertions;

import java.util.List;
import java.util.function.Consumer;

/**
 * tcpscope's assertions, collected rather than thrown one at a time: every failed check is
 * reported at the end, together. {@link #assertSoftly(Consumer)} fits inside Awaitility's
 * {@code untilAsserted}, which retries until no assertion fails.
 *
 * <pre>{@code
 * await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
 *     softly.assertThat(cluster.topology()).hasEdge("node-1", "node-2");
 *     softly.assertThat(cluster.topology()).hasDegree("node-3", 2);
 * }));
 * }</pre>
 *
 * <p>Not thread-safe: one instance per test.
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
     * Soft assertions on a list of connections.
     *
     * @param actual the connections
     * @return the assertion
     */
    @SuppressWarnings("unchecked")
    public ConnectionsAssert assertThatConnections(List<TcpConnection> actual) {
        return proxy(ConnectionsAssert.class, List.class, actual);
    }
}
