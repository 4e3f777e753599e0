package io.tcpscope.testcontainers;

import java.util.List;

/**
 * Waits that read a container's own TCP table, for {@code .waitingFor(...)}.
 *
 * <pre>{@code
 * redis.waitingFor(TcpscopeWait.forListeningPort(6379));                  // the service listens, not the port proxy
 * nodeB.waitingFor(TcpscopeWait.forActiveConnections(1));                 // one live P2P connection on 9000-9001
 * nodeC.waitingFor(TcpscopeWait.forConnectedPeers("node-a", "node-b"));   // connected to both, by network alias
 * nodeD.waitingFor(new WaitAllStrategy()
 *         .withStrategy(TcpscopeWait.forListeningPort(7000))
 *         .withStrategy(TcpscopeWait.forActiveConnections(2, 4).withP2pPorts(PortSet.parse("7000"))));
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.1.0
 */
public final class TcpscopeWait {

    private TcpscopeWait() {
    }

    /**
     * Until a socket of the container itself listens on each port. Unlike
     * {@code Wait.forListeningPort()}, it is not answered by the engine's port proxy, needs no shell
     * in the image, and works for ports that are not exposed.
     *
     * @param ports the ports
     * @return the strategy
     */
    public static TcpscopeWaitStrategy forListeningPort(int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("name at least one port");
        }
        return new TcpscopeWaitStrategy("a listener on " + java.util.Arrays.toString(ports),
                TcpscopeWaitStrategy.listening(ports.clone()));
    }

    /**
     * Until the container has exactly {@code count} live P2P connections (ESTABLISHED, on the
     * strategy's P2P ports): one dial between two nodes counts 1 on each.
     *
     * @param count the count
     * @return the strategy
     */
    public static TcpscopeWaitStrategy forActiveConnections(int count) {
        return forActiveConnections(count, count);
    }

    /**
     * Until the container's count of live P2P connections is between {@code min} and {@code max}.
     *
     * @param min the least count, included
     * @param max the greatest count, included
     * @return the strategy
     */
    public static TcpscopeWaitStrategy forActiveConnections(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("a count range is 0 <= min <= max, not " + min + ".." + max);
        }
        return new TcpscopeWaitStrategy((min == max ? Integer.toString(min) : min + " to " + max) + " active P2P connections",
                TcpscopeWaitStrategy.activeConnections(min, max));
    }

    /**
     * Until the container has a live P2P connection with each named peer. A peer is named as a node
     * of its network is ({@link TestcontainersCluster}): by the first network alias given to it, else
     * its Compose service, else its container's name, on the one user network the container is on;
     * the wait goes on while a peer has not started yet, and fails if two containers go by one name.
     *
     * @param peers the peers' names
     * @return the strategy
     */
    public static TcpscopeWaitStrategy forConnectedPeers(String... peers) {
        if (peers.length == 0) {
            throw new IllegalArgumentException("name at least one peer");
        }
        return new TcpscopeWaitStrategy("a connection with each of " + List.of(peers),
                TcpscopeWaitStrategy.connectedTo(List.of(peers)));
    }
}
