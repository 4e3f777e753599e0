package io.tcpscope.core.events;

import io.tcpscope.core.PortSet;

import java.util.List;
import java.util.function.Consumer;

/**
 * The port to a source of the kernel's own TCP events: each subscription gets every event on the
 * ports it names, from the moment it opens until it closes, in the kernel's order, with nothing
 * sampled. The built-in source reads tracefs on the local host ({@code TracefsEventSource} in
 * adapter-procfs); others (sock_diag destroy events, eBPF, a helper on a remote engine) fit behind
 * the same port.
 *
 * <pre>{@code
 * try (EventSubscription events = source.subscribe(PortSet.range(9000, 9001), batch -> log.accept(batch, names))) {
 *     ...
 *     events.sync(Duration.ofSeconds(5));   // every event the kernel had recorded before this call is delivered
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe; each subscription is independent of every other, in this JVM
 * or another: two subscriptions on one machine never take each other's events.
 *
 * @since 0.3.0
 */
public interface TcpEventSource {

    /** {@return a short name for messages and {@code source()}, such as {@code "tracefs"}} */
    String name();

    /**
     * Starts delivering the events whose local or remote port is in {@code ports}.
     *
     * @param ports the ports to follow; the source's kernel filter keeps the rest out
     * @param batches called on the subscription's own thread with each batch, in order; a callback that
     *     throws does not stop delivery
     * @return the open subscription
     * @throws io.tcpscope.core.PermissionDeniedException if this process may not read the kernel's events
     * @throws io.tcpscope.core.InspectionFailedException if the source cannot start
     */
    EventSubscription subscribe(PortSet ports, Consumer<List<TcpTraceEvent>> batches);
}
