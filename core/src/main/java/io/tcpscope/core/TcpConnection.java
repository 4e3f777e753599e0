package io.tcpscope.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One TCP socket in a network namespace's table: its two endpoints, its state, and whatever else
 * the listing it came from gives.
 *
 * <p>A connection is seen from one side: the local endpoint is in the inspected container. A dial
 * between two containers is therefore one {@code TcpConnection} in each container's table.
 *
 * <p>Both ends are of one family: IPv4-mapped addresses become IPv4 (see {@link Endpoint}), and
 * the unset peer {@code ::} of an IPv6 socket bound to a mapped address becomes {@code 0.0.0.0},
 * so a listener reads the same whether the program opened it as IPv4 or as dual-stack IPv6.
 *
 * <p>Sources differ in what they give beyond endpoints and state: {@code /proc/net/tcp} gives
 * queues, uid, inode, the running timer and the retransmit count; {@code ss} and {@code netstat}
 * give queues, owners with {@code -p}, and {@code ss -o} the timer and retransmits. What a source
 * does not give is {@link #UNKNOWN} ({@code -1}), {@link TcpTimer#UNKNOWN} or an empty owner list.
 *
 * <p>A listener's queues mean what {@code ss} shows: {@code receiveQueue} is the number of
 * connections waiting to be accepted, and {@code sendQueue} the backlog, the most that may wait.
 * The kernel's {@code /proc/net/tcp} does not print the backlog, so a listener read from it, or from
 * {@code netstat}, which reads that file, has the backlog {@link #UNKNOWN}.
 *
 * <pre>{@code
 * TcpConnection c = TcpConnection.of(Endpoint.of("10.0.0.2", 40001), Endpoint.of("10.0.0.3", 9000),
 *         TcpState.ESTABLISHED);
 * c.touchesPort(9000);  // true
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param local the endpoint in the inspected namespace
 * @param remote the peer's endpoint; {@code 0.0.0.0:*} or {@code [::]:*} for a listener
 * @param state the TCP state
 * @param receiveQueue bytes received and not yet read (for a listener, connections awaiting
 *     accept), or {@link #UNKNOWN}
 * @param sendQueue bytes sent and not yet acknowledged (for a listener, the backlog), or
 *     {@link #UNKNOWN}
 * @param uid the owner's user id in the kernel's view, or {@link #UNKNOWN}
 * @param inode the socket's inode, 0 for TIME_WAIT and request sockets, or {@link #UNKNOWN}
 * @param owners the processes holding the socket, where the listing names them
 * @param timer the kernel timer running on the socket, or {@link TcpTimer#UNKNOWN}
 * @param retransmits how many times the oldest unacknowledged data was sent again (the kernel's
 *     {@code icsk_retransmits}; 0 once it is acknowledged), or {@link #UNKNOWN}; {@code ss -o}
 *     gives it only under its {@code on} timer, since under {@code persist} and {@code keepalive} it
 *     prints the probes sent instead
 * @since 0.1.0
 */
public record TcpConnection(Endpoint local, Endpoint remote, TcpState state,
                            long receiveQueue, long sendQueue, long uid, long inode,
                            List<SocketOwner> owners, TcpTimer timer, long retransmits) {

    /** The value of a numeric field that the listing did not give. */
    public static final long UNKNOWN = -1;

    private static final InetAddress IPV4_ANY = IpAddresses.fromBytes(new byte[4]);

    /**
     * Validates.
     *
     * @param local the local endpoint
     * @param remote the remote endpoint
     * @param state the state
     * @param receiveQueue the receive queue, or UNKNOWN
     * @param sendQueue the send queue, or UNKNOWN
     * @param uid the uid, or UNKNOWN
     * @param inode the inode, or UNKNOWN
     * @param owners the owning processes
     * @param timer the running timer, or {@link TcpTimer#UNKNOWN}
     * @param retransmits the retransmit count, or {@link #UNKNOWN}
     * @throws NullPointerException if an endpoint, the state, the owners or the timer are null
     */
    public TcpConnection {
        Objects.requireNonNull(local, "local must not be null");
        Objects.requireNonNull(remote, "remote must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(timer, "timer must not be null");
        owners = List.copyOf(Objects.requireNonNull(owners, "owners must not be null"));
        if (local.address() instanceof Inet4Address && remote.address() instanceof Inet6Address
                && remote.isAnyAddress()) {
            // An IPv6 socket bound to ::ffff:a.b.c.d can only ever meet IPv4 peers; its unset peer
            // (all zeros in tcp6) is the IPv4 any-address, as it is for an IPv4 socket.
            remote = new Endpoint(IPV4_ANY, remote.port());
        }
    }

    /**
     * A connection whose listing gives no timer and no retransmit count, as {@code ss -tan} and
     * {@code netstat} do not.
     *
     * @param local the local endpoint
     * @param remote the remote endpoint
     * @param state the state
     * @param receiveQueue the receive queue, or UNKNOWN
     * @param sendQueue the send queue, or UNKNOWN
     * @param uid the uid, or UNKNOWN
     * @param inode the inode, or UNKNOWN
     * @param owners the owning processes
     */
    public TcpConnection(Endpoint local, Endpoint remote, TcpState state, long receiveQueue, long sendQueue,
                         long uid, long inode, List<SocketOwner> owners) {
        this(local, remote, state, receiveQueue, sendQueue, uid, inode, owners, TcpTimer.UNKNOWN, UNKNOWN);
    }

    /**
     * A connection with endpoints and state only.
     *
     * @param local the local endpoint
     * @param remote the remote endpoint
     * @param state the state
     * @return the connection, with every other field unknown
     */
    public static TcpConnection of(Endpoint local, Endpoint remote, TcpState state) {
        return new TcpConnection(local, remote, state, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, List.of());
    }

    /**
     * The same socket with endpoints and state only, for comparing listings from sources that
     * give different details.
     *
     * @return a connection equal to any other of the same endpoints and state
     */
    public TcpConnection withoutDetails() {
        return of(local, remote, state);
    }

    /**
     * Whether this socket shows, on its own, that its peer is not taking its data: bytes wait in the
     * send queue, and the kernel is probing a closed receive window, or has sent the oldest of them
     * again at least once. A busy link that is healthy has a send queue and a retransmit timer too,
     * but its retransmit count stays 0; telling a stall from a slow link for sure takes several
     * samples (see the timeline recorder).
     *
     * @return whether the kernel's own fields show the link waiting on its peer
     */
    public boolean isWaitingOnPeer() {
        return state == TcpState.ESTABLISHED && sendQueue > 0
                && (timer == TcpTimer.ZERO_WINDOW_PROBE || timer == TcpTimer.RETRANSMIT && retransmits > 0);
    }

    /**
     * Whether the local or the remote port is {@code port}.
     *
     * @param port a port
     * @return whether either end uses it
     */
    public boolean touchesPort(int port) {
        return local.port() == port || remote.port() == port;
    }

    /**
     * Whether the local or the remote port is in {@code ports}.
     *
     * @param ports a port set
     * @return whether either end uses one of them
     */
    public boolean touchesAny(PortSet ports) {
        return ports.contains(local.port()) || ports.contains(remote.port());
    }

    /**
     * One line in the style of {@code ss -tan}: state, local, remote.
     *
     * @return for example {@code ESTAB 10.0.0.2:40001 10.0.0.3:9000}
     */
    @Override
    public String toString() {
        return state.ssName() + " " + local + " " + remote;
    }
}
