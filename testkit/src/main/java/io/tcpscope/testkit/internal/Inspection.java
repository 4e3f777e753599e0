package io.tcpscope.testkit.internal;

import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.testkit.Polling;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.ConditionTimeoutError;
import io.tcpscope.testkit.InspectorMode;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the testkit's facades share: reading tables, counting, snapshots of several containers read
 * in parallel, waits and assertions, over one engine in one mode. The same code serves the
 * containers of a cluster and anyone else's.
 *
 * <p>Thread-safe. Reads hold a read lock for their whole length and changes (removing a node,
 * closing) a write lock, so no read sees a node half-removed or a closed engine; a wait takes the
 * lock once per poll, so that it does not hold off a change for longer than one read.
 */
public final class Inspection implements AutoCloseable {

    private static final int READERS = 8;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String owner;
    private final DockerEngine engine;
    private final boolean ownsEngine;
    private final InspectorMode mode;
    private final PortSet ports;
    private final ConnectionInspector inspector;
    private final Map<InspectorMode, ConnectionInspector> otherModes = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor readers;
    private final KnownAddresses knownAddresses;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * Inspection over an engine.
     *
     * @param owner how messages name the facade, such as {@code cluster tcpscope-3f2a1b2c}
     * @param engine the engine
     * @param ownsEngine whether {@link #close()} closes the engine
     * @param mode how tables are read
     * @param ports the P2P ports
     */
    public Inspection(String owner, DockerEngine engine, boolean ownsEngine, InspectorMode mode, PortSet ports) {
        this.owner = Objects.requireNonNull(owner, "owner must not be null");
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        this.ownsEngine = ownsEngine;
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        this.ports = Objects.requireNonNull(ports, "ports must not be null");
        this.inspector = Inspectors.create(mode, engine);
        this.knownAddresses = new KnownAddresses(engine);
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.readers = new ThreadPoolExecutor(READERS, READERS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tcpscope-read-" + pool + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.readers.allowCoreThreadTimeOut(true);
    }

    /**
     * The engine.
     *
     * @return the engine
     */
    public DockerEngine engine() {
        return engine;
    }

    /**
     * The engine's runtime.
     *
     * @return the runtime
     */
    public ContainerRuntime runtime() {
        return engine.runtime();
    }

    /**
     * How tables are read.
     *
     * @return the mode
     */
    public InspectorMode mode() {
        return mode;
    }

    /**
     * The P2P ports.
     *
     * @return the ports
     */
    public PortSet ports() {
        return ports;
    }

    /**
     * Runs a read under the read lock.
     *
     * @param read the read
     * @param <T> its result
     * @return its result
     * @throws IllegalStateException if closed
     */
    public <T> T reading(Supplier<T> read) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs a change under the write lock, once no read is under way.
     *
     * @param change the change
     * @throws IllegalStateException if closed
     */
    public void changing(Runnable change) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            change.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A container's table.
     *
     * @param container the container
     * @return its connections
     */
    public List<TcpConnection> connections(String container) {
        return reading(() -> inspector.connections(container));
    }

    /**
     * A container's count of live P2P connections.
     *
     * @param container the container
     * @return the count
     */
    public int activeConnections(String container) {
        return PeerConnections.activeConnections(connections(container), ports);
    }

    /**
     * Every member's table, read in parallel, matched into a topology. A member that is not
     * running shows with no address and no connection; any other failure to read one member is
     * thrown as it is, once every read has ended.
     *
     * @param members the members, read under the lock
     * @param how how to read them; {@code null} for this inspection's mode
     * @return the topology
     */
    public Topology topology(Supplier<List<Member>> members, InspectorMode how) {
        return reading(() -> {
            ConnectionInspector reader = how == null || how == mode ? inspector
                    : otherModes.computeIfAbsent(how, m -> Inspectors.create(m, engine));
            List<CompletableFuture<NodeTable>> tables = new ArrayList<>();
            Supplier<List<ContainerInfo>> running = once(() -> engine.runtime().list(Map.of(), false));
            for (Member member : members.get()) {
                tables.add(CompletableFuture.supplyAsync(() -> table(member, reader, running), readers));
            }
            // Every read ends before the lock is let go, failed or not, so that no close runs under one.
            CompletableFuture.allOf(tables.toArray(CompletableFuture[]::new)).handle((done, failed) -> null).join();
            List<NodeTable> read = new ArrayList<>();
            for (CompletableFuture<NodeTable> table : tables) {
                try {
                    read.add(table.join());
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            return Topology.of(read, ports);
        });
    }

    /** A value asked for at most once, by whichever thread first needs it. */
    private static <T> Supplier<T> once(Supplier<T> ask) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = ask.get();
                }
                return value;
            }
        };
    }

    private NodeTable table(Member member, ConnectionInspector reader, Supplier<List<ContainerInfo>> running) {
        Set<InetAddress> addresses;
        try {
            addresses = knownAddresses.of(member.container(), reader, running);
        } catch (ContainerUnavailableException e) {
            return new NodeTable(member.name(), Set.of(), List.of());
        }
        try {
            return new NodeTable(member.name(), addresses, reader.connections(member.container()));
        } catch (ContainerUnavailableException e) {
            // stopped or gone: no sockets; paused: sockets this mode cannot read
            return e.condition() == ContainerUnavailableException.Condition.PAUSED
                    ? NodeTable.unread(member.name(), addresses, e.getMessage())
                    : new NodeTable(member.name(), addresses, List.of());
        }
    }

    /**
     * Waits until a container's count of live P2P connections is in a range.
     *
     * @param container the container
     * @param shownAs how messages name it
     * @param min the least count, included
     * @param max the greatest count, included
     * @param timeout how long to wait
     * @return the count
     * @throws ConditionTimeoutError showing the last table seen, if the time is up
     */
    public int awaitActive(String container, String shownAs, int min, int max, Duration timeout) {
        String wanted = (min == max ? Integer.toString(min) : min + " to " + max) + " active P2P connections on " + ports;
        List<TcpConnection> table = Polling.until(() -> connections(container),
                t -> inRange(PeerConnections.activeConnections(t, ports), min, max), timeout,
                last -> new ConditionTimeoutError(shownAs + " did not reach " + wanted + " within " + timeout.toMillis()
                        + " ms; last seen: " + describe(last), shownAs + " has " + wanted, timeout,
                        last instanceof List<?> t ? List.of(shownAs + " has " + PeerConnections.activeConnections(
                                t.stream().map(TcpConnection.class::cast).toList(), ports)) : List.of(),
                        last, last instanceof Throwable e ? e : null));
        return PeerConnections.activeConnections(table, ports);
    }

    /**
     * Waits until a topology meets a condition.
     *
     * @param members the members, read again at each poll
     * @param condition what to wait for
     * @param description the condition in words
     * @param missing what a topology lacks, one line each, for the error
     * @param timeout how long to wait
     * @return the first topology that met it
     * @throws ConditionTimeoutError showing the last topology seen, if the time is up
     */
    public Topology awaitTopology(Supplier<List<Member>> members, Predicate<Topology> condition, String description,
                                  Function<Topology, List<String>> missing, Duration timeout) {
        return Polling.until(() -> topology(members, null), condition, timeout,
                last -> new ConditionTimeoutError(owner + " did not become " + description + " within "
                        + timeout.toMillis() + " ms; last seen:\n"
                        + (last instanceof Topology t ? TopologyRenderer.text(t) : describe(last)), description, timeout,
                        last instanceof Topology t ? missing.apply(t) : List.of(), last,
                        last instanceof Throwable e ? e : null));
    }

    /**
     * What a topology lacks to be a full mesh, one line per pair of nodes with no connection.
     *
     * @param topology the topology
     * @return the lines
     */
    public static List<String> missingLinks(Topology topology) {
        return topology.missingPairs().stream().map(p -> p.first() + " and " + p.second() + " are not connected").toList();
    }

    /**
     * Asserts that two nodes of a topology are connected, or are not.
     *
     * @param topology the topology
     * @param a a node
     * @param b another node
     * @param connected whether they should be
     * @throws AssertionError showing the topology, if they are not as asserted
     */
    public static void assertConnected(Topology topology, String a, String b, boolean connected) {
        if (topology.isConnected(a, b) != connected) {
            throw new AssertionError(a + " and " + b + " are " + (connected ? "not " : "") + "connected:\n"
                    + TopologyRenderer.text(topology));
        }
    }

    /**
     * Asserts that a topology is a full mesh.
     *
     * @param topology the topology
     * @param what how to name it, such as {@code the cluster}
     * @throws AssertionError naming the pairs that are not connected
     */
    public static void assertFullMesh(Topology topology, String what) {
        if (!topology.isFullMesh()) {
            throw new AssertionError(what + " is not a full mesh; missing " + topology.missingPairs() + ":\n"
                    + TopologyRenderer.text(topology));
        }
    }

    private static boolean inRange(int n, int min, int max) {
        return n >= min && n <= max;
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

    /**
     * Whether {@link #close()} was called.
     *
     * @return whether closed
     */
    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(owner + " is closed");
        }
    }

    /** Stops the readers, once no read is under way, and closes the engine if it is this one's. Idempotent. */
    @Override
    public void close() {
        close(() -> { });
    }

    /**
     * Closes, after a last change made once no read is under way and before the engine closes,
     * such as removing a cluster's containers. Idempotent: the change runs at the first call only.
     *
     * @param last the last change
     */
    public void close(Runnable last) {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            readers.shutdownNow();
            try {
                last.run();
            } finally {
                inspector.close();
                otherModes.values().forEach(ConnectionInspector::close);
                if (ownsEngine) {
                    engine.close();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
