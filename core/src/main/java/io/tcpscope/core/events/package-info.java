/**
 * What the kernel itself says happened to TCP sockets, not what a sample saw: the port to a source of
 * the kernel's TCP events ({@link io.tcpscope.core.events.TcpEventSource}), the events
 * ({@link io.tcpscope.core.events.TcpTraceEvent}), and what they mean for a cluster
 * ({@link io.tcpscope.core.events.EventLog}): every dial and how it ended
 * ({@link io.tcpscope.core.events.Dial}), every reset of a live link and who sent it
 * ({@link io.tcpscope.core.events.LinkReset}), and retransmits per link. Pure: no I/O.
 *
 * <pre>{@code
 * EventLog log = new EventLog(EventLog.DEFAULT_CAPACITY);
 * log.accept(events, address -> nodesByAddress.get(address));
 * log.diagnose(Instant.now().minusSeconds(30));
 * // [node-2 dialed node-3 10.0.0.3:9000 14 times since 12:00:01: 14 refused (nothing listens on 10.0.0.3:9000)]
 * }</pre>
 */
package io.tcpscope.core.events;
