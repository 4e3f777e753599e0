/**
 * The procfs adapter: a container's table read from {@code /proc/<pid>/net/tcp{,6}} on the host,
 * with no exec and no Docker dependency ({@link io.tcpscope.procfs.ProcfsInspector}).
 *
 * <pre>{@code
 * List<TcpConnection> mine = ProcfsInspector.local().localConnections();
 * }</pre>
 */
package io.tcpscope.procfs;
