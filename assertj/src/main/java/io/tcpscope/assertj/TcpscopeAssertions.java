package io.tcpscope.assertj;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;

import java.util.List;

/**
 * The entry point of tcpscope's AssertJ assertions, on core's types: a {@link Topology}, one node's
 * table in it, a {@link NodeTable}, a list of {@link TcpConnection}s, a {@link Timeline} and an
 * {@link EventLog} of the kernel's TCP events.
 *
 * <pre>{@code
 * import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;
 *
 * assertThat(cluster.topology()).isFullMesh().hasDegree("node-1", 2);
 * assertThat(cluster.topology(), "node-a").hasEstablishedTo("node-b");
 * assertThat(cluster.topology().table("node-a")).isRead().isListeningOn(9000);
 * assertThat(cluster.connections("node-a")).hasListenerOn(9000).filteredOn(c -> c.remote().port() == 9000).hasSize(2);
 * assertThat(recorder.timeline()).hasNoReconnectStorm(3, Duration.ofSeconds(10)).hasNoStalledLinks();
 * assertThat(recorder.events()).hasNoResets().dialsFrom("node-1").to("node-2").allSucceeded();
 * }</pre>
 *
 * <p>A static import of AssertJ's own {@code Assertions.assertThat} beside this one is fine: for a
 * {@code List<TcpConnection>} the compiler picks {@link #assertThat(List)}, the more specific, and
 * for any other list AssertJ's.
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.1.0
 */
public final class TcpscopeAssertions {

    private TcpscopeAssertions() {
    }

    /**
     * Assertions on who is connected to whom.
     *
     * @param actual the topology
     * @return the assertion
     */
    public static TopologyAssert assertThat(Topology actual) {
        return new TopologyAssert(actual);
    }

    /**
     * Assertions on how a cluster's links changed while a timeline recorded them.
     *
     * @param actual the timeline, best a {@link Timeline#snapshot() snapshot}, such as a recorder's
     *               {@code timeline()}
     * @return the assertion
     * @since 0.2.0
     */
    public static TimelineAssert assertThat(Timeline actual) {
        return new TimelineAssert(actual);
    }

    /**
     * Assertions on what the kernel's TCP events say happened: each dial and how it ended, each reset
     * of a live link, the segments sent again.
     *
     * @param actual the log, best a {@link EventLog#snapshot() snapshot}, such as a recorder's
     *               {@code events()}
     * @return the assertion
     * @since 0.3.0
     */
    public static EventLogAssert assertThat(EventLog actual) {
        return new EventLogAssert(actual);
    }

    /**
     * Assertions on one node's table as a snapshot read it: whether it was read, what it listens on,
     * whom it is connected to. Peers are named by IP address.
     *
     * @param actual the table
     * @return the assertion
     * @since 0.2.0
     */
    public static NodeTableAssert assertThat(NodeTable actual) {
        return new NodeTableAssert(actual);
    }

    /**
     * Assertions on a list of connections, such as a container's table; peers are named by IP
     * address. AssertJ's list assertions work on it too.
     *
     * @param actual the connections
     * @return the assertion
     * @since 0.2.0
     */
    public static ConnectionsAssert assertThat(List<? extends TcpConnection> actual) {
        return new ConnectionsAssert(actual);
    }

    /**
     * Assertions on one node's connections, whose peers may be named by their node names.
     *
     * @param topology the topology
     * @param node one of its nodes
     * @return the assertion
     * @throws IllegalArgumentException if the topology has no such node
     */
    public static ConnectionsAssert assertThat(Topology topology, String node) {
        return new ConnectionsAssert(topology == null ? null : ConnectionsAssert.named(topology.table(node), topology));
    }
}
