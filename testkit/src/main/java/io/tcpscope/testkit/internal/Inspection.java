package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PeerConnections;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.InspectorMode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * How a cluster reads: tables, counts, and snapshots of several containers read in parallel, over
 * one engine in one mode.
 *
 * <p>Thread-safe. Reads hold a read lock for their whole length and changes (removing a node,
 * closing) a write lock, so no read sees a node half-removed or a closed engine; a wait reads once
 * per poll, so that it does not hold off a change for longer than one read. No one waits for the
 * lock longer than its bound ({@link BoundedLock}): a close that cannot have it in time closes
 * without it, and removes what it owns anyway.
 */
public final class Inspection implements AutoCloseable {

    /** How long a lock is waited for, unless told. */
    public static final Duration LOCK_BOUND = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Inspection.class);
    private static final int READERS = 8;

    private final String owner;
    private final DockerEngine engine;
    private final boolean ownsEngine;
    private final InspectorMode mode;
    private final PortSet ports;
    private final SharedNamespacePolicy sharedNamespaces;
    private final ConnectionInspector inspector;
    private final Map<InspectorMode, ConnectionInspector> otherModes = new ConcurrentHashMap<>();
    private final ParallelReads readers;
    private final KnownAddresses knownAddresses;
    private final BoundedLock lock;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closedOnce = new CountDownLatch(1);
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
        this(owner, engine, ownsEngine, mode, ports, SharedNamespacePolicy.DEFAULT, LOCK_BOUND);
    }

    /**
     * Inspection over an engine, reading or refusing containers in a shared network namespace.
     *
     * @param owner how messages name the facade, such as {@code cluster tcpscope-3f2a1b2c}
     * @param engine the engine
     * @param ownsEngine whether {@link #close()} closes the engine
     * @param mode how tables are read
     * @param ports the P2P ports
     * @param sharedNamespaces whether containers in the host's or another container's namespace are read
     * @param lockBound how long a read, a change or a close waits for the others under way
     */
    public Inspection(String owner, DockerEngine engine, boolean ownsEngine, InspectorMode mode, PortSet ports,
                      SharedNamespacePolicy sharedNamespaces, Duration lockBound) {
        this.owner = Objects.requireNonNull(owner, "owner must not be null");
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        this.ownsEngine = ownsEngine;
        this.mode = Objects.requireNonNull(mode, "mode must not be null");
        this.ports = Objects.requireNonNull(ports, "ports must not be null");
        this.sharedNamespaces = Objects.requireNonNull(sharedNamespaces, "sharedNamespaces must not be null");
        this.lock = new BoundedLock(owner, lockBound, engine::endpoint);
        this.inspector = Inspectors.create(mode, engine, sharedNamespaces);
        this.knownAddresses = new KnownAddresses(engine);
        this.readers = new ParallelReads(READERS, this::closedWhileReading);
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
     * @throws io.tcpscope.core.EngineUnavailableException if a change held the lock past its bound
     *     ({@link io.tcpscope.core.EngineUnavailableException#heldUp}), or the thread was interrupted
     *     while it waited for it ({@link io.tcpscope.core.EngineUnavailableException#interrupted}; its
     *     flag stays set)
     */
    public <T> T reading(Supplier<T> read) {
        ensureOpen();
        return lock.read("a read", () -> {
            ensureOpen();
            return read.get();
        });
    }

    /**
     * Runs a change under the write lock, once no read is under way.
     *
     * @param change the change
     * @throws IllegalStateException if closed
     * @throws io.tcpscope.core.EngineUnavailableException if the reads under way held the lock past
     *     its bound ({@link io.tcpscope.core.EngineUnavailableException#heldUp}), or the thread was
     *     interrupted while it waited for it ({@link io.tcpscope.core.EngineUnavailableException#interrupted};
     *     its flag stays set)
     */
    public void changing(Runnable change) {
        changing("a change", change);
    }

    /**
     * Runs a change under the write lock, once no read is under way.
     *
     * @param what the change, for the message if it cannot have the lock, such as {@code pause}
     * @param change the change
     * @throws IllegalStateException if closed
     * @throws io.tcpscope.core.EngineUnavailableException if the reads under way held the lock past
     *     its bound ({@link io.tcpscope.core.EngineUnavailableException#heldUp}), or the thread was
     *     interrupted while it waited for it ({@link io.tcpscope.core.EngineUnavailableException#interrupted};
     *     its flag stays set)
     */
    public void changing(String what, Runnable change) {
        ensureOpen();
        lock.change(what, () -> {
            ensureOpen();
            change.run();
        });
    }

    /**
     * Refuses containers that have no network namespace of their own, unless this inspection reads them.
     *
     * @param containers each node's container id, by node name
     * @throws io.tcpscope.core.SharedNamespaceException at the first container in a shared namespace
     */
    public void refuseShared(Map<String, String> containers) {
        SharedNamespaces.refuse(inspector, containers, sharedNamespaces);
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
     * thrown as it is, once every read has ended. Two members with one address (one container
     * twice, or two in one namespace) are an {@link InspectionFailedException}, and so is a close
     * that did not wait for this read (its reads, running or queued, end with it).
     *
     * @param members the members, read under the lock
     * @param how how to read them; {@code null} for this inspection's mode
     * @return the topology
     */
    public Topology topology(Supplier<List<Member>> members, InspectorMode how) {
        return reading(() -> {
            ConnectionInspector reader = how == null || how == mode ? inspector
                    : otherModes.computeIfAbsent(how, m -> Inspectors.create(m, engine, sharedNamespaces));
            List<CompletableFuture<NodeTable>> tables = new ArrayList<>();
            Supplier<List<ContainerInfo>> running = once(() -> engine.runtime().list(Map.of(), false));
            for (Member member : members.get()) {
                tables.add(readers.submit(() -> table(member, reader, running)));
            }
            // Every read ends before the lock is let go, failed or not, so that no close runs under one; a
            // close that could not wait for the lock ends them all, the queued ones with them.
            CompletableFuture.allOf(tables.toArray(CompletableFuture[]::new)).handle((done, failed) -> null).join();
            if (readers.isClosed()) {
                // the reads it interrupted failed as interrupted; what happened is the close
                throw closedWhileReading();
            }
            List<NodeTable> read = new ArrayList<>();
            for (CompletableFuture<NodeTable> table : tables) {
                try {
                    read.add(table.join());
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            try {
                return Topology.of(read, ports);
            } catch (IllegalArgumentException clash) {
                // two nodes on one container, or in one namespace: a fact about the cluster, not a bug to throw untyped
                throw InspectionFailedException.of(owner, clash.getMessage() + ", so their connections cannot be told"
                        + " apart; give each node a container with a network namespace of its own");
            }
        });
    }

    private InspectionFailedException closedWhileReading() {
        return InspectionFailedException.of(owner, owner + " was closed while this read was under way; read it"
                + " before you close it");
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

    /** Closes, unless a close is under way on another thread already: then it leaves that one to end. */
    public void closeUnlessClosing() {
        if (!closing.get()) {
            close();
        }
    }

    /**
     * Closes, after a last change made once no read is under way and before the engine closes,
     * such as removing a cluster's containers. Idempotent: the change runs at the first call only.
     *
     * @param last the last change, made under the lock, or without it if the reads under way do
     *     not end within the lock's bound
     */
    public void close(Runnable last) {
        close(last, last);
    }

    /**
     * Closes, after a last change made once no read is under way, or, if the reads under way do
     * not end within the lock's bound, after another made at once without the lock. Either runs
     * before the engine closes; each is something like removing a cluster's containers. Idempotent:
     * only the first call changes anything; a call while another closes waits for it, at most the
     * lock's bound.
     *
     * @param last the last change, made under the lock
     * @param withoutLock the last change when the lock could not be had in time, made without it
     */
    public void close(Runnable last, Runnable withoutLock) {
        if (!closing.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        closed = true; // no read starts now; those under way may end
        try {
            if (!lock.tryChange(() -> closeNow(last))) {
                LOG.warn("{} closes without waiting any longer for the reads and changes under way, which did not end"
                        + " within {} s", owner, lock.bound().toSeconds());
                closeNow(withoutLock);
            }
        } finally {
            closedOnce.countDown();
        }
    }

    private void closeNow(Runnable last) {
        readers.close();
        try {
            last.run();
        } finally {
            inspector.close();
            otherModes.values().forEach(ConnectionInspector::close);
            if (ownsEngine) {
                engine.close();
            }
        }
    }

    private void awaitClosed() {
        try {
            if (!closedOnce.await(lock.bound().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("{} is still closing on another thread after {} s", owner, lock.bound().toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
