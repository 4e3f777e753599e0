/**
 * The procfs adapter, which reads the kernel's own files with no exec and no Docker dependency: a
 * container's table from {@code /proc/<pid>/net/tcp{,6}} on the host
 * ({@link io.tcpscope.procfs.ProcfsInspector}), and the kernel's TCP events through tracefs
 * ({@link io.tcpscope.procfs.TracefsEventSource}).
 *
 * <pre>{@code
 * List<TcpConnection> mine = ProcfsInspector.local().localConnections();
 * try (EventSubscription events = TracefsEventSource.local().subscribe(PortSet.of(9000), log::add)) {
 *     events.sync(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
package io.tcpscope.procfs;
