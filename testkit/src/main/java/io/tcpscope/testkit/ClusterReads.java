package io.tcpscope.testkit;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.internal.EventFeed;
import io.tcpscope.testkit.internal.Inspection;
import io.tcpscope.testkit.internal.KernelEvents;
import io.tcpscope.testkit.internal.Member;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Cluster} tells of its nodes: their tables, their counts, who is connected to whom,
 * and the ways in to waiting and recording. Its own class, apart from the life of the cluster's
 * containers, which {@link Cluster} holds.
 *
 * <p>Thread-safe, as the cluster is.
 */
abstract sealed class ClusterReads permits Cluster {

    /** The reading that the cluster's nodes share. */
    abstract Inspection inspection();

    /** The nodes as they are now, in order; IllegalStateException before the start. */
    abstract List<Member> members();

    /** A node, by its name, its container's name or id, or an address; IllegalArgumentException if none. */
    abstract Member member(String node);

    /** How messages name the cluster, such as {@code cluster tcpscope-3f2a1b2c}. */
    abstract String owner();

    /** How long a wait lasts unless it is told. */
    abstract Duration defaultTimeout();

    /** Whether the nodes are found again at each read, so that a name unknown now may join later. */
    abstract boolean membersChange();

    /**
     * Every TCP connection of a node, in every state, on every port.
     *
     * @param node a node's name, id or address
     * @return the connections; unmodifiable
     * @throws TcpscopeException if the table cannot be read, for example because the node is stopped
     */
    public List<TcpConnection> connections(String node) {
        return inspection().reading(() -> inspection().connections(member(node).container()));
    }

    /**
     * The node's live P2P connections: its ESTABLISHED sockets on a P2P port. One dial between two
     * nodes counts 1 on each, two dials (each dialing the other) 2 on each.
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
     * Waits for a condition on the cluster, reading every 200 ms, the first time at once, for the
     * cluster's default timeout unless told.
     *
     * <pre>{@code
     * cluster.await().forFullMesh();
     * cluster.await().withTimeout(Duration.ofSeconds(10)).forActiveConnections("node-1", 2);
     * cluster.await().forConnected(NodePair.of("seed", "peer-1"), NodePair.of("seed", "peer-2"));
     * }</pre>
     *
     * @return a wait, to set and start with a {@code for...} method
     */
    public ClusterWait await() {
        return new ClusterWait(this, defaultTimeout(), List.of());
    }

    /**
     * Describes a recorder of the cluster's links: {@code start()} starts it. It samples every 100 ms
     * unless told ({@link TimelineRecorder#EXEC_INTERVAL} in exec or sidecar mode, where each sample
     * is an exec per node), and stops by itself when the cluster closes.
     *
     * <pre>{@code
     * try (TimelineRecorder recorder = cluster.recorder().start()) {
     *     cluster.restart("node-2");
     *     recorder.await().forStable(Duration.ofSeconds(2));
     *     assertThat(recorder.timeline().flaps("node-1", "node-2")).isPositive();
     * }
     * }</pre>
     *
     * @return a builder
     */
    public TimelineRecorder.Builder recorder() {
        return TimelineRecorder.of(this::topology).withName("tcpscope-recorder-" + this).stopWhen(inspection()::isClosed)
                .withInterval(samplingInterval(inspection().mode())).withDefaultTimeout(defaultTimeout())
                .withKernelEventsOf((Cluster) this);
    }

    /** The kernel's events for one wait, where they can be read: their diagnosis ends a failed wait's message. */
    EventFeed waitEvents() {
        return KernelEvents.forCluster(inspection(), members(), ended -> { });
    }

    /**
     * How often a recorder samples in a mode unless told: in exec and sidecar mode a snapshot is an
     * exec per node, so once a second; else (procfs, engine-procfs, AUTO, a provider's mode) every
     * 100 ms.
     */
    static Duration samplingInterval(InspectorMode mode) {
        return mode.equals(InspectorMode.EXEC) || mode.equals(InspectorMode.SIDECAR)
                ? TimelineRecorder.EXEC_INTERVAL : TimelineRecorder.DEFAULT_INTERVAL;
    }
}
