package io.tcpscope.procfs;

import io.tcpscope.core.events.PortFilter;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PermissionDeniedException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.EventSubscription;
import io.tcpscope.core.events.TcpEventSource;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.parse.TraceEventParser;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The kernel's own TCP events on this host, read through tracefs: every change of a socket's
 * state, every error handed to its owner, every reset received, every segment sent again and every
 * socket freed, on the ports asked for, from the tracepoints {@code sock:inet_sock_set_state},
 * {@code sock:inet_sk_error_report}, {@code tcp:tcp_receive_reset}, {@code tcp:tcp_retransmit_skb}
 * and {@code tcp:tcp_destroy_sock}.
 *
 * <pre>{@code
 * TracefsEventSource tracefs = TracefsEventSource.local();
 * tracefs.unavailable().ifPresent(why -> { throw new IllegalStateException(why); });
 * EventLog log = new EventLog(EventLog.DEFAULT_CAPACITY);
 * try (EventSubscription events = tracefs.subscribe(PortSet.range(9000, 9001),
 *         batch -> log.accept(batch, nodesByAddress::get))) {
 *     cluster.start();
 *     events.sync(Duration.ofSeconds(5));   // every event recorded so far is in the log
 * }
 * }</pre>
 *
 * <p>Each subscription makes a tracing instance of its own,
 * {@code <tracefs>/instances/tcpscope-<pid>-<n>-<random>}, with its own ring buffer (1 MiB per CPU
 * unless {@link #withBufferSize(int)} says otherwise), its own clock and its own filters, and
 * removes it when closed: two subscriptions, in this JVM or in two, never see or change each
 * other's instance, nor the host's own tracing. The kernel filters the events by port; the caller
 * filters them by address (the {@code EventLog} does), since the kernel's filter cannot compare the
 * tracepoints' addresses. An instance that a killed JVM left behind is removed by the next
 * subscription on the host.
 *
 * <p>Privileges: root, or a tracefs mounted with {@code gid=} a group of the user. When tracefs is
 * not mounted at {@code /sys/kernel/tracing} and this process is root, {@link #local()} mounts it.
 * {@link #unavailable()} says, in one line, why it cannot be used and what to do.
 *
 * <p>Thread-safe; each subscription is read on its own daemon thread,
 * {@code tcpscope-tracefs-<instance>}, which calls the callback.
 *
 * @since 0.3.0
 */
public final class TracefsEventSource implements TcpEventSource {

    /** Where the host's tracefs is mounted. */
    public static final Path LOCAL = Path.of("/sys/kernel/tracing");

    /** The ring buffer of a subscription, per CPU, in KiB, unless set. */
    public static final int DEFAULT_BUFFER_SIZE_KB = 1024;

    private static final Path PROC = Path.of("/proc");

    private final Path root;
    private final int bufferKb;
    private final TracefsAccess access;

    TracefsEventSource(Path root, boolean mayMount, int bufferKb) {
        this.root = Objects.requireNonNull(root, "tracefs must not be null");
        this.bufferKb = bufferKb;
        this.access = new TracefsAccess(root, mayMount);
    }

    /**
     * The host's tracefs, at {@link #LOCAL}; mounted there if it is not and this process is root.
     *
     * <pre>{@code
     * EventSubscription events = TracefsEventSource.local().subscribe(PortSet.of(9000), batch -> { });
     * }</pre>
     *
     * @return the source
     */
    public static TracefsEventSource local() {
        return new TracefsEventSource(LOCAL, true, DEFAULT_BUFFER_SIZE_KB);
    }

    /**
     * A tracefs mounted elsewhere, such as the host's seen from a container; never mounted by this
     * source.
     *
     * <pre>{@code
     * TracefsEventSource hosts = TracefsEventSource.at(Path.of("/host/sys/kernel/tracing"));
     * }</pre>
     *
     * @param tracefs where it is mounted
     * @return the source
     */
    public static TracefsEventSource at(Path tracefs) {
        return new TracefsEventSource(tracefs, false, DEFAULT_BUFFER_SIZE_KB);
    }

    /**
     * The same source with another ring buffer per subscription: a larger one loses fewer events
     * under a burst that the callback cannot keep up with ({@link EventSubscription#overruns()}).
     *
     * <pre>{@code
     * TracefsEventSource.local().withBufferSize(8192);   // 8 MiB per CPU
     * }</pre>
     *
     * @param kilobytesPerCpu the buffer per CPU, in KiB, 4 to 1048576
     * @return a new source
     * @throws IllegalArgumentException if the size is out of range
     */
    public TracefsEventSource withBufferSize(int kilobytesPerCpu) {
        if (kilobytesPerCpu < 4 || kilobytesPerCpu > 1 << 20) {
            throw new IllegalArgumentException("a buffer of " + kilobytesPerCpu
                    + " KiB per CPU is out of range; give 4 to 1048576 KiB");
        }
        return new TracefsEventSource(root, access.mayMount(), kilobytesPerCpu);
    }

    /**
     * Why this source cannot be used here, if it cannot: not Linux, tracefs not mounted (and not
     * mountable), no permission to make tracing instances, or a tracepoint missing. As root, with
     * tracefs not mounted at {@link #LOCAL}, {@link #local()}'s source mounts it first.
     *
     * <pre>{@code
     * TracefsEventSource.local().unavailable()
     *         .ifPresent(why -> log.warn("no kernel events: {}", why));
     * // no kernel events: this process (uid 1000) may not create tracing instances in
     * // /sys/kernel/tracing/instances; run as root, or mount tracefs with gid= a group of this user
     * }</pre>
     *
     * @return one line saying what is wrong and what to do, or empty when it can be used
     */
    public Optional<String> unavailable() {
        return access.check().map(TracefsAccess.Unusable::reason);
    }

    /** {@return {@code "tracefs"}} */
    @Override
    public String name() {
        return "tracefs";
    }

    /**
     * Makes a tracing instance of its own, with the events on {@code ports} enabled, and starts
     * reading it. Leftover instances of processes that are gone are removed first.
     *
     * <pre>{@code
     * try (EventSubscription events = TracefsEventSource.local().subscribe(PortSet.of(9000), log::add)) {
     *     ...
     *     events.sync(Duration.ofSeconds(5));
     * }
     * }</pre>
     *
     * @param ports the ports to follow
     * @param batches called on the subscription's thread with each batch, in the kernel's order; a
     *     callback that throws does not stop delivery
     * @return the open subscription
     * @throws PermissionDeniedException if this process may not make a tracing instance
     * @throws InspectionFailedException if tracefs cannot be used here, or the instance cannot be set up
     */
    @Override
    public EventSubscription subscribe(PortSet ports, Consumer<List<TcpTraceEvent>> batches) {
        Objects.requireNonNull(ports, "ports must not be null");
        Objects.requireNonNull(batches, "batches must not be null");
        Optional<TracefsAccess.Unusable> unusable = access.check();
        if (unusable.isPresent()) {
            if (unusable.get().permission()) {
                throw new PermissionDeniedException(root.resolve("instances").toString(), unusable.get().reason(), null);
            }
            throw InspectionFailedException.of("the kernel's TCP events (tracefs at " + root + ")", unusable.get().reason());
        }
        Path instances = root.resolve("instances");
        Leftovers.sweep(instances, PROC);
        TracingInstance instance = TracingInstance.create(instances, InstanceName.next(ProcessHandle.current().pid()));
        InputStream pipe = null;
        try {
            instance.configure(bufferKb, PortFilter.of(ports));
            TraceClock clock = TraceClock.now();
            pipe = open(instance);
            TracePipeReader reader = new TracePipeReader(pipe, new TraceEventParser(clock), ports, batches);
            return new TracefsSubscription(instance, reader, clock).start();
        } catch (RuntimeException | Error e) {
            closeQuietly(pipe);
            instance.disable();
            instance.remove(50);
            throw e;
        }
    }

    /**
     * Where the tracefs is.
     *
     * <pre>{@code
     * TracefsEventSource.local().tracefs();   // /sys/kernel/tracing
     * }</pre>
     *
     * @return the path it was made with
     */
    public Path tracefs() {
        return root;
    }

    @Override
    public String toString() {
        return "TracefsEventSource[" + root + ", " + bufferKb + " KiB per CPU]";
    }

    private static InputStream open(TracingInstance instance) {
        try {
            return new FileInputStream(instance.pipe().toFile());
        } catch (IOException e) {
            throw TracingInstance.failed(instance.name(), "opening " + instance.pipe() + " failed ("
                    + TracingInstance.reason(e) + "); check the kernel's tracing support");
        }
    }

    private static void closeQuietly(InputStream pipe) {
        if (pipe == null) {
            return;
        }
        try {
            pipe.close();
        } catch (IOException e) {
            // it was never read
        }
    }
}
