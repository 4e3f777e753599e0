package io.tcpscope.tck.internal;

import io.tcpscope.core.TcpState;
import io.tcpscope.tck.TckFixture;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The scripts the TCK's targets run, and the sockets each one makes, known by construction.
 *
 * <p>What the scripts rely on, all of it busybox's documented behaviour: {@code httpd -p ADDR:PORT}
 * listens on exactly that address; {@code nc -ll -p PORT} listens on every address, IPv4 and IPv6,
 * as {@code ::}; an accepted IPv4 connection shows as IPv4 (tcpscope normalises IPv4-mapped
 * addresses); {@code nc -e PROG} hands the connection to PROG and ends with it. Every dial of an
 * isolated target leaves from {@link TckFixture#EPHEMERAL_PORT}.
 */
public final class Workloads {

    /** The port every dial of an isolated target leaves from. */
    public static final int EPHEMERAL = TckFixture.EPHEMERAL_PORT;
    /** Where the big target's listeners start; it has {@link #BIG_LISTENERS} of them. */
    public static final int BIG_FIRST_PORT = 20000;
    /** How many listeners the big target has: some 90 KB of {@code /proc/net/tcp}, more than any read buffer. */
    public static final int BIG_LISTENERS = 600;

    private static final String V4 = "127.0.0.1";
    private static final String V6 = "::1";
    private static final String FOREVER = "sleep 1000000";

    private Workloads() {
    }

    /** Retries a dial until it connects; the connection then lasts as long as {@code prog}. */
    private static String dial(String host, int port, String prog) {
        // -w 2: a dial that gets no answer (a peer's network not up yet) is retried, not left to TCP's minutes
        return "(until nc -w 2 " + host + " " + port + " -e " + prog + "; do sleep 0.2; done) &\n";
    }

    /**
     * IPv4 and IPv6 listeners on exact addresses and on every address, and an IPv4 and an IPv6 connection.
     *
     * @return the script
     */
    public static String solo() {
        return "httpd -f -p 127.0.0.1:7103 &\n"
                + "httpd -f -p [::1]:7104 &\n"
                + "nc -ll -p 7101 -e cat &\n"
                + dial(V4, 7101, FOREVER) + dial(V6, 7101, FOREVER) + "wait\n";
    }

    /**
     * What {@link #solo()} makes, exactly.
     *
     * @return the sockets
     */
    public static List<Socket> soloSockets() {
        return List.of(
                Socket.listening(V4, 7103),
                Socket.listening(V6, 7104),
                Socket.listening("::", 7101),
                Socket.connected(TcpState.ESTABLISHED, V4, EPHEMERAL, V4, 7101),
                Socket.connected(TcpState.ESTABLISHED, V4, 7101, V4, EPHEMERAL),
                Socket.connected(TcpState.ESTABLISHED, V6, EPHEMERAL, V6, 7101),
                Socket.connected(TcpState.ESTABLISHED, V6, 7101, V6, EPHEMERAL));
    }

    /**
     * A connection its peer closed and its owner keeps open (CLOSE_WAIT, lasting), and a server that
     * closes each connection first, dialed again and again (TIME_WAIT, made anew every second).
     *
     * @return the script
     */
    public static String states() {
        return "nc -ll -p 7301 -e " + FOREVER + " &\n"
                + "nc -ll -p 7401 -e true &\n"
                + dial(V4, 7301, "true")
                + "(while :; do nc -w 2 127.0.0.1 7401 -e cat; sleep 1; done) &\n"
                + "wait\n";
    }

    /**
     * The sockets {@link #states()} always comes to have.
     *
     * @return the sockets
     */
    public static List<Socket> statesSockets() {
        return List.of(
                Socket.listening("::", 7301),
                Socket.listening("::", 7401),
                Socket.connected(TcpState.CLOSE_WAIT, V4, 7301, V4, EPHEMERAL),
                Socket.connected(TcpState.TIME_WAIT, V4, 7401, V4, EPHEMERAL));
    }

    /**
     * The ports every socket of {@link #states()} has at its local end, whatever its state.
     *
     * @return the ports
     */
    public static List<Integer> statesPorts() {
        return List.of(7301, 7401, EPHEMERAL);
    }

    /**
     * Hundreds of listeners, one per port.
     *
     * @return the script
     */
    public static String big() {
        return "for p in $(seq " + BIG_FIRST_PORT + " " + (BIG_FIRST_PORT + BIG_LISTENERS - 1) + "); do\n"
                + "  httpd -f -p 127.0.0.1:$p &\n"
                + "done\n"
                + "wait\n";
    }

    /**
     * What {@link #big()} makes, exactly.
     *
     * @return the sockets
     */
    public static List<Socket> bigSockets() {
        return IntStream.range(BIG_FIRST_PORT, BIG_FIRST_PORT + BIG_LISTENERS).mapToObj(p -> Socket.listening(V4, p)).toList();
    }

    /**
     * No socket at all.
     *
     * @return the script
     */
    public static String idle() {
        return "exec " + FOREVER + "\n";
    }

    /**
     * Listens on 9000 and 8080.
     *
     * @return the script
     */
    public static String listener() {
        return "nc -ll -p 9000 -e cat &\nnc -ll -p 8080 -e cat &\nwait\n";
    }

    /**
     * Dials {@code listener} once on 9000 and once on 8080.
     *
     * @param listener the listener's name on the network
     * @return the script
     */
    public static String dialer(String listener) {
        return dial(listener, 9000, "cat") + dial(listener, 8080, "cat") + "wait\n";
    }

    /**
     * Listens on 9001 and dials {@code peer} on 9001; run on both sides, it makes a pair that dialed each other.
     *
     * @param peer the other side's name on the network
     * @return the script
     */
    public static String bidi(String peer) {
        return "nc -ll -p 9001 -e cat &\n" + dial(peer, 9001, "cat") + "wait\n";
    }

    /**
     * One listener, in a target without tools.
     *
     * @return the script
     */
    public static String bare() {
        return "nc -ll -p 7601 -e cat &\nwait\n";
    }

    /**
     * What {@link #bare()} makes, exactly.
     *
     * @return the sockets
     */
    public static List<Socket> bareSockets() {
        return List.of(Socket.listening("::", 7601));
    }

    /**
     * The sockets of a listing that are of the given local ports, in order.
     *
     * @param sockets the sockets
     * @param ports the local ports
     * @return the sockets
     */
    public static List<Socket> onLocalPorts(List<Socket> sockets, List<Integer> ports) {
        List<Socket> out = new ArrayList<>();
        for (Socket s : sockets) {
            if (ports.contains(s.local().port())) {
                out.add(s);
            }
        }
        return out;
    }
}
