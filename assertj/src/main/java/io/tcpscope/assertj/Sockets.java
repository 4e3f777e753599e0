package io.tcpscope.assertj;

import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.TcpConnection;

import java.net.InetAddress;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * What the table assertions share: how a peer given as text becomes an address, and how a failure
 * shows sockets, one a line, so that a socket in the wrong state shows as the state it is in.
 */
final class Sockets {

    private Sockets() {
    }

    /**
     * The address an IP literal names, normalised as tables hold them (an IPv4-mapped address is
     * IPv4). Never a name lookup: a host name would cost a DNS query and name nothing in a table.
     */
    static InetAddress address(String peer, String whatItIsNot) {
        InetAddress address = peer == null ? null : IpAddresses.parseOrNull(peer, 0, peer.length());
        if (address == null) {
            throw new IllegalArgumentException("'" + peer + "' is " + whatItIsNot);
        }
        return IpAddresses.normalize(address);
    }

    /** The sockets, one a line, or a line saying there are none. */
    static String table(Collection<? extends TcpConnection> connections) {
        return connections.isEmpty() ? "  (an empty table)" : lines(connections);
    }

    /** The sockets, one a line. */
    static String lines(Collection<? extends TcpConnection> connections) {
        return connections.stream().map(c -> "  " + c).collect(Collectors.joining("\n"));
    }

    /** {@code "s"} unless there is one. */
    static String plural(long count) {
        return count == 1 ? "" : "s";
    }
}
