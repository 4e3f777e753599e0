package io.tcpscope.testkit;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.internal.Inspection;
import io.tcpscope.testkit.internal.Member;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a {@link Cluster} tells of its nodes: their tables, their counts, who is connected to whom,
 * and the waits and assertions on those. Its own class, apart from the life of the cluster's
 * containers, which {@link Cluster} holds.
 *
 * <p>Thread-safe, as the cluster is.
 */
abstract class ClusterReads {

    /** The reading that the cluster's nodes share. */
    abstract Inspection inspection();

    /** The nodes as they are now, in order. */
    abstract List<Member> members();

    /** A node, by its name, its container's name or id, or an address; IllegalArgumentException if none. */
    abstract Member member(String node);

    /**
     * Every TCP connection of a node, in every state.
     *
     * @param node a node's name, id or address
     * @return the connections; unmodifiable
     * @throws TcpscopeException if the table cannot be read, for example because the node is stopped
     */
    public List<TcpConnection> connections(String node) {
        return inspection().reading(() -> inspection().connections(member(node).container()));
    }

    /**
     * The node's ESTABLISHED connections on P2P ports: one dial counts 1 on each end, two dials 2.
     *
     * @param node a node's name, id or address
     * @return the count
     * @throws TcpscopeException if the table cannot be read
     */
    public int activeConnections(String node) {
        return inspection().reading(() -> inspection().activeConnections(member(node).container()));
    }

    /**
     * Every node's table at once, read in parallel and matched into edges; a stopped node shows empty.
     *
     * @return the topology
     */
    public Topology topology() {
        return inspection().topology(this::members, null);
    }

    /**
     * The topology read in another mode than the cluster's, to compare modes on the same nodes.
     *
     * @param mode how to read the nodes' tables this time
     * @return the topology
     */
    public Topology topology(InspectorMode mode) {
        return inspection().topology(this::members, Objects.requireNonNull(mode, "mode must not be null"));
    }

    /**
     * Starts recording the cluster's links every 100 ms (every second in exec or sidecar mode, where
     * each snapshot is an exec per node); see {@link TimelineRecorder}. Close it when done; it stops
     * by itself when the cluster closes.
     *
     * <pre>{@code
     * try (TimelineRecorder recorder = cluster.record()) {
     *     cluster.restart("node-2");
     *     recorder.awaitStable(Duration.ofSeconds(2), Duration.ofSeconds(60));
     *     assertThat(recorder.flaps("node-1", "node-2")).isPositive();
     * }
     * }</pre>
     *
     * @return the recorder, sampling
     */
    public TimelineRecorder record() {
        return recorder().start();
    }

    /**
     * Describes a recorder of the cluster's links, to set its interval, stall time or capacity
     * before {@link TimelineRecorder.Builder#start()}. Its interval is 100 ms unless set, or
     * {@link TimelineRecorder#EXEC_INTERVAL} in exec or sidecar mode.
     *
     * @return a builder
     */
    public TimelineRecorder.Builder recorder() {
        return TimelineRecorder.of(this::topology).name("tcpscope-recorder-" + this).stopWhen(inspection()::isClosed)
                .interval(samplingInterval(inspection().mode()));
    }

    /**
     * How often a recorder samples in a mode unless told: in exec and sidecar mode a snapshot is an
     * exec per node, so once a second; else (procfs, the engine-side reader, AUTO, a provider's mode)
     * every 100 ms.
     */
    static Duration samplingInterval(InspectorMode mode) {
        return mode.equals(InspectorMode.DOCKER_EXEC) || mode.equals(InspectorMode.SIDECAR)
                ? TimelineRecorder.EXEC_INTERVAL : TimelineRecorder.DEFAULT_INTERVAL;
    }

    /**
     * Waits until a node has exactly {@code count} active P2P connections, reading every 200 ms.
     *
     * @param node a node's name, id or address
     * @param count the count to wait for
     * @param timeout how long to wait
     * @return the count it saw
     * @throws ConditionTimeoutError if the count is not reached in time; it shows the last table seen
     */
    public int awaitActiveConnections(String node, int count, Duration timeout) {
        return awaitActiveConnections(node, count, count, timeout);
    }

    /**
     * Waits until a node's count of active P2P connections is between {@code min} and {@code max}.
     *
     * @param node a node's name, id or address
     * @param min the least count, included
     * @param max the greatest count, included
     * @param timeout how long to wait
     * @return the count it saw
     * @throws ConditionTimeoutError if no count in range is seen in time; it shows the last table seen
     */
    public int awaitActiveConnections(String node, int min, int max, Duration timeout) {
        Member member = member(node);
        return inspection().awaitActive(member.container(), member.name(), min, max, timeout);
    }

    /**
     * Waits until the topology meets a condition, reading every node every 200 ms, at once first.
     *
     * @param condition what to wait for, such as {@code Topology::isFullMesh}
     * @param description the condition in words, for the failure message
     * @param timeout how long to wait
     * @return the first topology that met it
     * @throws ConditionTimeoutError if it is not met in time; it shows the last topology seen
     */
    public Topology awaitTopology(Predicate<Topology> condition, String description, Duration timeout) {
        return inspection().awaitTopology(this::members, condition, description, t -> List.of(), timeout);
    }

    /**
     * Waits until every pair of nodes is connected.
     *
     * @param timeout how long to wait
     * @return the full mesh
     * @throws ConditionTimeoutError if the mesh is not full in time, naming the pairs that are not connected
     */
    public Topology awaitFullMesh(Duration timeout) {
        return inspection().awaitTopology(this::members, Topology::isFullMesh, "a full mesh", Inspection::missingLinks,
                timeout);
    }

    /**
     * Asserts that two nodes have a P2P connection now.
     *
     * @param a a node
     * @param b another node
     * @throws AssertionError showing the topology, if they have none
     */
    public void assertConnected(String a, String b) {
        Inspection.assertConnected(topology(), member(a).name(), member(b).name(), true);
    }

    /**
     * Asserts that two nodes have no P2P connection now.
     *
     * @param a a node
     * @param b another node
     * @throws AssertionError showing the topology, if they have one
     */
    public void assertNotConnected(String a, String b) {
        Inspection.assertConnected(topology(), member(a).name(), member(b).name(), false);
    }

    /**
     * Asserts that every pair of nodes has a P2P connection now.
     *
     * @throws AssertionError naming the pairs that have none, and showing the topology
     */
    public void assertFullMesh() {
        Inspection.assertFullMesh(topology(), "the cluster");
    }
}
