package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.Edge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The soak's oracle: a container's TCP table as the kernel prints it in {@code /proc/<pid>/net/tcp}
 * and {@code tcp6}, read and decoded by the few lines here, which share no code with tcpscope's
 * readers, parsers, PID resolution or address normalisation. The PID comes from the engine's own
 * answer to an inspect (docker-java, not tcpscope's resolver), and is kept only while
 * {@code /proc/<pid>/cgroup} still names the container, so a restart or a stop is seen.
 *
 * <p>Thread-safe.
 */
final class KernelTables {

    /** The kernel's state names by code, as {@code include/net/tcp_states.h} has them. */
    private static final String[] STATES = {null, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    private final DockerClient engine;
    private final Map<String, Long> pids = new ConcurrentHashMap<>();

    KernelTables(DockerClient engine) {
        this.engine = engine;
    }

    /** One socket: both ends and the state, nothing else. */
    record Socket(InetAddress local, int localPort, InetAddress remote, int remotePort, String state) {

        /** The same facts of a socket that tcpscope read. */
        static Socket of(TcpConnection c) {
            return new Socket(c.local().address(), c.local().port(), c.remote().address(), c.remote().port(), c.state().name());
        }

        /** Whether this is a live P2P link: ESTABLISHED, on a P2P port, to another machine. */
        boolean isP2pLink(PortSet ports) {
            return state.equals("ESTABLISHED") && (ports.contains(localPort) || ports.contains(remotePort))
                    && !remote.isLoopbackAddress();
        }

        /** Whether a connection passes through this state as it opens or closes, so that it may last a moment only. */
        boolean isPassing() {
            return !state.equals("ESTABLISHED") && !state.equals("LISTEN") && !state.equals("TIME_WAIT");
        }

        /** Whether another socket has the same two ends, in any state. */
        boolean sameEnds(Socket other) {
            return localPort == other.localPort && remotePort == other.remotePort && local.equals(other.local)
                    && remote.equals(other.remote);
        }

        /** Whether an edge of tcpscope's timeline joins the same two endpoints. */
        boolean isEnd(Edge edge) {
            return is(edge.fromEnd().address(), edge.fromEnd().port(), local, localPort)
                    && is(edge.toEnd().address(), edge.toEnd().port(), remote, remotePort)
                    || is(edge.toEnd().address(), edge.toEnd().port(), local, localPort)
                    && is(edge.fromEnd().address(), edge.fromEnd().port(), remote, remotePort);
        }

        private static boolean is(InetAddress a, int aPort, InetAddress b, int bPort) {
            return aPort == bPort && a.equals(b);
        }

        @Override
        public String toString() {
            return local.getHostAddress() + ":" + localPort + " -> " + remote.getHostAddress() + ":" + remotePort + " " + state;
        }
    }

    /**
     * One read of one container.
     *
     * @param pid the process whose namespace was read; 0 when the container was not running
     * @param vanished whether the process ended during the read, so that the table means nothing
     * @param sockets each socket and how many times the kernel listed it
     */
    record Reading(long pid, boolean vanished, Map<Socket, Integer> sockets) {

        /** Whether two reads saw the same process with the same table. */
        boolean sameAs(Reading other) {
            return !vanished && !other.vanished && pid == other.pid && sockets.equals(other.sockets);
        }

        /** The live P2P links of the table. */
        Set<Socket> p2pLinks(PortSet ports) {
            return sockets.keySet().stream().filter(s -> s.isP2pLink(ports)).collect(Collectors.toSet());
        }
    }

    /**
     * Reads a container's table now.
     *
     * @param containerId the container's full id
     * @return what the kernel shows: an empty table for a container that is not running
     */
    Reading read(String containerId) {
        Long known = pids.get(containerId);
        long pid = known != null && belongs(known, containerId) ? known : runningPid(containerId);
        if (pid == 0) {
            pids.remove(containerId);
            return new Reading(0, false, Map.of());
        }
        pids.put(containerId, pid);
        Map<Socket, Integer> sockets = new HashMap<>();
        try {
            decode(Path.of("/proc", Long.toString(pid), "net", "tcp"), sockets);
            decode(Path.of("/proc", Long.toString(pid), "net", "tcp6"), sockets);
        } catch (IOException e) {
            return new Reading(pid, true, Map.of());
        }
        // a table read from a process that ended meanwhile may be half of one, or of another process
        return belongs(pid, containerId) ? new Reading(pid, false, sockets) : new Reading(pid, true, Map.of());
    }

    /** The engine's answer: the container's PID while it runs (paused too), else 0. */
    private long runningPid(String containerId) {
        var state = engine.inspectContainerCmd(containerId).exec().getState();
        Long pid = state.getPidLong();
        return Boolean.TRUE.equals(state.getRunning()) && pid != null ? pid : 0;
    }

    private static boolean belongs(long pid, String containerId) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")).contains(containerId);
        } catch (IOException e) {
            return false;
        }
    }

    /** Each row: {@code sl local rem st ...}, the ends as hex address and hex port. */
    private static void decode(Path file, Map<Socket, Integer> into) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (!f[0].endsWith(":")) {
                continue; // the header
            }
            Socket s = new Socket(address(f[1]), port(f[1]), address(f[2]), port(f[2]), STATES[Integer.parseInt(f[3], 16)]);
            into.merge(s, 1, Integer::sum);
        }
    }

    private static int port(String end) {
        return Integer.parseInt(end.substring(end.indexOf(':') + 1), 16);
    }

    /**
     * The kernel prints an address as 32-bit words in the machine's order (little-endian here),
     * each as 8 hex digits; an IPv4-mapped IPv6 address is taken as the IPv4 address it maps.
     */
    private static InetAddress address(String end) {
        String hex = end.substring(0, end.indexOf(':'));
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        boolean mapped = bytes.length == 16 && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        for (int i = 0; mapped && i < 10; i++) {
            mapped = bytes[i] == 0;
        }
        try {
            return InetAddress.getByAddress(mapped ? Arrays.copyOfRange(bytes, 12, 16) : bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + end, e);
        }
    }
}
