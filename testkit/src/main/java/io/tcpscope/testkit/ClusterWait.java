package io.tcpscope.testkit;

import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.testkit.internal.EventFeed;
import io.tcpscope.testkit.internal.Member;
import io.tcpscope.testkit.internal.Polling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A wait on a {@link Cluster}, from {@link Cluster#await()}: settings with {@code with...}, then one
 * {@code for...} condition, which waits. It reads every 200 ms, the first time at once, until the
 * condition holds or its time (the cluster's default timeout, 60 s unless set) is up. A read that
 * fails in a way time can mend (a node restarting, paused or missing, an engine that does not
 * answer) is read again; any other failure is thrown as it is.
 *
 * <pre>{@code
 * cluster.await().forFullMesh();
 * cluster.await().withTimeout(Duration.ofSeconds(10)).forActiveConnections("node-1", 2);
 * cluster.await().forConnected(NodePair.of("seed", "peer-1"));
 * cluster.await().forTopology("node-3 cut off", t -> !t.isConnected("node-1", "node-3"));
 * }</pre>
 *
 * <p>A wait that fails throws one type, {@link WaitFailedError}, with the condition, what the last
 * read lacked, and the last topology or table read. Immutable and thread-safe: each {@code with...}
 * returns a new wait.
 *
 * @since 0.2.0
 */
public final class ClusterWait {

    private final ClusterReads cluster;
    private final Duration timeout;
    private final List<Polling.FailFast> failFast;
    /** How long a failed wait waits at most for the kernel's last events before it says what they showed. */
    private static final Duration EVENTS_SYNC = Duration.ofSeconds(2);

    ClusterWait(ClusterReads cluster, Duration timeout, List<Polling.FailFast> failFast) {
        this.cluster = cluster;
        this.timeout = timeout;
        this.failFast = List.copyOf(failFast);
    }

    /**
     * How long to wait.
     *
     * @param timeout zero or more; zero reads once
     * @return a wait with that time
     * @throws IllegalArgumentException if the time is negative
     */
    public ClusterWait withTimeout(Duration timeout) {
        return new ClusterWait(cluster, ClusterSettings.notNegative(timeout), failFast);
    }

    /**
     * Ends the wait at once, failed, when something happens that means the condition will not hold,
     * such as a container that stopped: checked before each read.
     *
     * @param reason what happened, in words, for the failure's message
     * @param happened whether it happened
     * @return a wait that also fails fast on that
     */
    public ClusterWait withFailFast(String reason, BooleanSupplier happened) {
        Objects.requireNonNull(reason, "reason must not be null");
        List<Polling.FailFast> more = new ArrayList<>(failFast);
        more.add(new Polling.FailFast(() -> reason, Objects.requireNonNull(happened, "happened must not be null")));
        return new ClusterWait(cluster, timeout, more);
    }

    /** {@return how long this wait lasts} */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Until every pair of nodes is connected.
     *
     * @return the full mesh
     * @throws WaitFailedError naming the pairs that are not connected
     */
    public Topology forFullMesh() {
        return onTopology("a full mesh", Topology::isFullMesh, t -> notConnected(t, t.missingPairs()));
    }

    /**
     * Until each pair of nodes is connected; other links may exist too.
     *
     * @param pairs the pairs, each two nodes by name, id or address
     * @return the first topology that had them all
     * @throws WaitFailedError naming the pairs that are not connected
     * @throws IllegalArgumentException if a node is not of the cluster (on a cluster of every
     *     container on a network, the wait goes on until one by that name joins)
     */
    public Topology forConnected(NodePair... pairs) {
        Supplier<List<NodePair>> wanted = names(pairs);
        return onTopology("connected as " + wanted.get(), t -> wanted.get().stream().allMatch(p -> connected(t, p)),
                t -> notConnected(t, wanted.get()));
    }

    /**
     * Until no pair of the given nodes is connected, as after a partition.
     *
     * @param pairs the pairs, each two nodes by name, id or address
     * @return the first topology that had none of them
     * @throws WaitFailedError naming the pairs still connected
     * @throws IllegalArgumentException if a node is not of the cluster
     */
    public Topology forDisconnected(NodePair... pairs) {
        Supplier<List<NodePair>> cut = names(pairs);
        return onTopology("disconnected as " + cut.get(), t -> cut.get().stream().noneMatch(p -> connected(t, p)),
                t -> cut.get().stream().filter(p -> connected(t, p)).map(p -> p.first() + " and " + p.second()
                        + " are still connected").toList());
    }

    /**
     * Until the topology meets a condition.
     *
     * @param description the condition in words, for the failure's message
     * @param condition the condition, such as {@code t -> !t.isConnected("node-1", "node-3")}
     * @return the first topology that met it
     * @throws WaitFailedError showing the last topology read
     */
    public Topology forTopology(String description, Predicate<Topology> condition) {
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(condition, "condition must not be null");
        return onTopology(description, condition, t -> List.of());
    }

    /**
     * Until a node has exactly {@code count} live P2P connections (see {@link Cluster#activeConnections}).
     *
     * @param node a node's name, id or address
     * @param count the count
     * @return the count
     * @throws WaitFailedError showing the node's last table
     */
    public int forActiveConnections(String node, int count) {
        return forActiveConnections(node, count, count);
    }

    /**
     * Until a node's count of live P2P connections is between {@code min} and {@code max}.
     *
     * @param node a node's name, id or address
     * @param min the least count, included
     * @param max the greatest count, included
     * @return the count it saw
     * @throws WaitFailedError showing the node's last table
     * @throws IllegalArgumentException if the range is empty or negative
     */
    public int forActiveConnections(String node, int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("a count range is 0 <= min <= max, not " + min + ".." + max);
        }
        Member member = cluster.member(node);
        String range = min == max ? Integer.toString(min) : min + " to " + max;
        String wanted = range + " active P2P connections on " + cluster.inspection().ports();
        List<TcpConnection> table = onTable(member, member.name() + " has " + wanted, member.name() + " did not reach " + wanted,
                t -> inRange(active(t), min, max), t -> List.of(member.name() + " has " + active(t)
                        + " active P2P connections, where " + range + " are awaited"));
        return active(table);
    }

    /**
     * Until a socket of the node itself listens on each port.
     *
     * @param node a node's name, id or address
     * @param ports the ports
     * @return the node's table that had them
     * @throws WaitFailedError naming the ports with no listener
     */
    public List<TcpConnection> forListeningPort(String node, int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("name at least one port");
        }
        int[] wanted = ports.clone();
        Member member = cluster.member(node);
        Function<List<TcpConnection>, List<String>> missing = t -> Arrays.stream(wanted)
                .filter(p -> t.stream().noneMatch(c -> c.state() == TcpState.LISTEN && c.local().port() == p))
                .mapToObj(p -> "no socket listens on port " + p).toList();
        return onTable(member, member.name() + " listens on " + Arrays.toString(wanted),
                member.name() + " did not listen on " + Arrays.toString(wanted), t -> missing.apply(t).isEmpty(), missing);
    }

    private int active(List<TcpConnection> table) {
        return PeerConnections.activeConnections(table, cluster.inspection().ports());
    }

    private static boolean inRange(int n, int min, int max) {
        return n >= min && n <= max;
    }

    private Topology onTopology(String description, Predicate<Topology> condition, Function<Topology, List<String>> missing) {
        return until(cluster::topology, condition, description, cluster.owner() + " did not become " + description,
                last -> last instanceof Topology t ? missing.apply(t) : List.of(),
                last -> last instanceof Topology t ? "\n" + TopologyRenderer.text(t) : " " + describe(last));
    }

    @SuppressWarnings("unchecked")
    private List<TcpConnection> onTable(Member member, String description, String notMet,
                                        Predicate<List<TcpConnection>> condition,
                                        Function<List<TcpConnection>, List<String>> missing) {
        return until(() -> cluster.inspection().connections(member.container()), condition, description, notMet,
                last -> last instanceof List<?> t ? missing.apply((List<TcpConnection>) t) : List.of(),
                last -> " " + describe(last));
    }

    private <T> T until(Supplier<T> read, Predicate<T> condition, String description, String notMet,
                        Function<Object, List<String>> missing, Function<Object, String> shown) {
        // the kernel's events are read only once a read has not met the condition: a wait met at once costs nothing more
        AtomicReference<EventFeed> events = new AtomicReference<>();
        AtomicBoolean over = new AtomicBoolean();
        Supplier<T> learning = () -> {
            T value = read.get();
            if (events.get() == null && !over.get() && !condition.test(value)) {
                EventFeed opened = cluster.waitEvents(); // outside any lock: the wait's end never waits for it
                boolean kept;
                synchronized (over) { // a read the wait gave up on may end after it: it must not leave a feed open
                    kept = !over.get() && events.compareAndSet(null, opened);
                }
                if (!kept) {
                    opened.close();
                }
            }
            if (events.get() != null && value instanceof Topology t) {
                events.get().learn(t);
            }
            return value;
        };
        try {
            return Polling.until(learning, condition, timeout, failFast, (last, endedBy) -> {
                List<String> diagnosis = diagnose(events.get());
                return new WaitFailedError(notMet + (endedBy == null ? " within " + words(timeout) : ": " + endedBy)
                        + "; last seen:" + shown.apply(last) + said(diagnosis), description, timeout, missing.apply(last),
                        last, last instanceof Throwable e ? e : null, diagnosis);
            });
        } finally {
            EventFeed feed;
            synchronized (over) {
                over.set(true);
                feed = events.get();
            }
            if (feed != null) {
                feed.close();
            }
        }
    }

    /**
     * What the kernel's events said while the wait went on; a wait that read no topology learns the
     * nodes' addresses from one read now. Best effort: a failure here leaves the wait's own failure whole.
     */
    private List<String> diagnose(EventFeed events) {
        if (events == null || !events.isLive()) {
            return List.of();
        }
        try {
            if (!events.knowsNodes()) {
                events.learnWithin(cluster::topology, EVENTS_SYNC);
            }
            events.sync(EVENTS_SYNC);
            Duration open = Duration.between(events.opened(), Instant.now());
            return events.diagnose(Instant.now(), Duration.ofSeconds(open.toSeconds() + 1));
        } catch (TcpscopeException e) {
            return List.of();
        }
    }

    /** The diagnosis as the end of a failed wait's message. */
    static String said(List<String> diagnosis) {
        return diagnosis.isEmpty() ? "" : "\nthe kernel's events while it waited:\n  " + String.join("\n  ", diagnosis);
    }

    /**
     * The pairs, named as the topology names their nodes: once, or at each read on a cluster whose
     * nodes change, where a node named by its container's name may join later.
     */
    private Supplier<List<NodePair>> names(NodePair... pairs) {
        if (pairs.length == 0) {
            throw new IllegalArgumentException("name at least one pair of nodes");
        }
        List<NodePair> given = List.of(pairs);
        Supplier<List<NodePair>> named = () -> given.stream().map(p -> NodePair.of(name(p.first()), name(p.second()))).toList();
        if (cluster.membersChange()) {
            return named;
        }
        List<NodePair> once = named.get();
        return () -> once;
    }

    /** A node's name in topologies; on a cluster whose nodes change, a name none has yet is kept, to wait for. */
    private String name(String node) {
        try {
            return cluster.member(node).name();
        } catch (IllegalArgumentException unknown) {
            if (cluster.membersChange()) {
                return node;
            }
            throw unknown;
        }
    }

    private static boolean connected(Topology t, NodePair p) {
        return t.nodes().contains(p.first()) && t.nodes().contains(p.second()) && t.isConnected(p.first(), p.second());
    }

    private static List<String> notConnected(Topology t, List<NodePair> pairs) {
        return pairs.stream().filter(p -> !connected(t, p)).map(p -> p.first() + " and " + p.second()
                + " are not connected" + (t.nodes().contains(p.first()) && t.nodes().contains(p.second()) ? ""
                : " (not both are running)")).toList();
    }

    /** A time in words: whole seconds as seconds, else milliseconds. */
    static String words(Duration time) {
        return time.toMillis() % 1000 == 0 ? time.toSeconds() + " s" : time.toMillis() + " ms";
    }

    /** A table, an exception, or nothing, as the end of a failed wait's message. */
    static String describe(Object last) {
        if (last instanceof List<?> table) {
            return table.isEmpty() ? "an empty table" : table.size() + " sockets:\n"
                    + table.stream().map(c -> "  " + c).collect(Collectors.joining("\n"));
        }
        if (last instanceof Throwable t) {
            return t.getMessage();
        }
        return last == null ? "nothing" : String.valueOf(last);
    }

    @Override
    public String toString() {
        return "ClusterWait[" + cluster.owner() + ", at most " + words(timeout) + "]";
    }
}
