/**
 * tcpscope's domain: a TCP connection ({@link io.tcpscope.core.TcpConnection}) and its parts, the
 * primary port {@link io.tcpscope.core.ConnectionInspector}, the secondary ports
 * {@link io.tcpscope.core.CommandExecutor} and {@link io.tcpscope.core.HostPidResolver}, P2P
 * counting ({@link io.tcpscope.core.PeerConnections}), and the one exception family
 * ({@link io.tcpscope.core.TcpscopeException}). Depends on slf4j-api only, and does no I/O of its own.
 *
 * <pre>{@code
 * PeerConnections peers = new PeerConnections(inspector, PortSet.parse("9000-9001"));
 * int live = peers.activeConnections("node-a");
 * }</pre>
 */
package io.tcpscope.core;
