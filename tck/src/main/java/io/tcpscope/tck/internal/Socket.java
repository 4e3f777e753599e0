package io.tcpscope.tck.internal;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;

import java.util.Collection;
import java.util.List;

/**
 * A socket as the TCK knows it: its state and both ends, without the details (queues, inode, uid)
 * that no workload fixes.
 *
 * @param state the state
 * @param local the local end
 * @param remote the remote end
 */
public record Socket(TcpState state, Endpoint local, Endpoint remote) {

    /**
     * The sockets of a listing.
     *
     * @param listing what an inspector listed
     * @return one socket per row, in order
     */
    public static List<Socket> of(Collection<TcpConnection> listing) {
        return listing.stream().map(c -> new Socket(c.state(), c.local(), c.remote())).toList();
    }

    /**
     * A listener on an address and port; its remote end is the wildcard of the same family.
     *
     * @param address an IP literal, such as {@code 127.0.0.1}, {@code ::1} or {@code ::}
     * @param port the port
     * @return the socket
     */
    public static Socket listening(String address, int port) {
        return new Socket(TcpState.LISTEN, Endpoint.of(address, port), Endpoint.of(address.contains(":") ? "::" : "0.0.0.0", 0));
    }

    /**
     * A connected socket.
     *
     * @param state its state
     * @param local the local address
     * @param localPort the local port
     * @param remote the remote address
     * @param remotePort the remote port
     * @return the socket
     */
    public static Socket connected(TcpState state, String local, int localPort, String remote, int remotePort) {
        return new Socket(state, Endpoint.of(local, localPort), Endpoint.of(remote, remotePort));
    }

    /**
     * The socket at the other end of this one.
     *
     * @return the socket with the ends swapped and the same state
     */
    public Socket mirrored() {
        return new Socket(state, remote, local);
    }

    @Override
    public String toString() {
        return state + " " + local + " " + remote;
    }
}
