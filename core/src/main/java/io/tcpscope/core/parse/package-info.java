/**
 * Parsers of every socket listing tcpscope reads: the kernel's {@code /proc/net/tcp{,6}},
 * iproute2's {@code ss}, net-tools' and busybox's {@code netstat}, and a detector that tells them
 * apart. Pure functions from text or bytes to connections: they do no I/O, and refuse what they
 * cannot read with a {@link io.tcpscope.core.ListingParseException} that names the line.
 *
 * <pre>{@code
 * List<TcpConnection> conns = Listings.parseAuto(pastedListing);
 * }</pre>
 */
package io.tcpscope.core.parse;
