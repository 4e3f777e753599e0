package io.tcpscope.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The listings captured by {@code src/test/resources/listings/capture.sh}, and the socket plan of
 * {@code sockets.py} that they show.
 */
public final class Golden {

    /** The long IPv6 address that net-tools cuts short without -W. */
    public static final String LONG_V6 = "fd12:3456:789a:bcde:1234:5678:9abc:def0";

    private Golden() {
    }

    /** A captured listing from {@code listings/plan/} or {@code listings/many/}, gunzipped if needed. */
    public static String listing(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String name) {
        String path = "/listings/" + (name.contains("/") ? name : "plan/" + name);
        try (InputStream in = Golden.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no golden listing at " + path);
            }
            return (path.endsWith(".gz") ? new GZIPInputStream(in) : in).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both /proc tables, concatenated as {@code cat /proc/net/tcp /proc/net/tcp6} prints them. */
    public static String procTables() {
        return listing("proc-net-tcp") + listing("proc-net-tcp6");
    }

    /** Every socket of the plan, with endpoints and state only; the reuse-port listener twice. */
    public static List<TcpConnection> plan() {
        List<TcpConnection> plan = new ArrayList<>(List.of(
                c(TcpState.LISTEN, "127.0.0.1", 9004, "0.0.0.0", 0),
                c(TcpState.LISTEN, "127.0.0.1", 9007, "0.0.0.0", 0),
                c(TcpState.LISTEN, "127.0.0.1", 9000, "0.0.0.0", 0),
                c(TcpState.LISTEN, "0.0.0.0", 8080, "0.0.0.0", 0),
                c(TcpState.LISTEN, "0.0.0.0", 9006, "0.0.0.0", 0),
                c(TcpState.LISTEN, "0.0.0.0", 9006, "0.0.0.0", 0),
                c(TcpState.SYN_RECV, "127.0.0.1", 9007, "127.0.0.1", 40007),
                c(TcpState.ESTABLISHED, "127.0.0.1", 40001, "127.0.0.1", 9000),
                c(TcpState.FIN_WAIT2, "127.0.0.1", 40003, "127.0.0.1", 9000),
                c(TcpState.TIME_WAIT, "127.0.0.1", 40004, "127.0.0.1", 9000),
                c(TcpState.ESTABLISHED, "127.0.0.1", 9000, "127.0.0.1", 40001),
                c(TcpState.ESTABLISHED, "127.0.0.1", 8080, "127.0.0.1", 40002),
                c(TcpState.SYN_SENT, "127.0.0.1", 40005, "127.0.0.1", 9999),
                c(TcpState.CLOSE_WAIT, "127.0.0.1", 9000, "127.0.0.1", 40003),
                c(TcpState.ESTABLISHED, "127.0.0.1", 40002, "127.0.0.1", 8080),
                c(TcpState.ESTABLISHED, "127.0.0.1", 40012, "127.0.0.1", 9002),
                c(TcpState.ESTABLISHED, "127.0.0.1", 40007, "127.0.0.1", 9007)));
        plan.addAll(plan6());
        return plan;
    }

    /** The sockets of /proc/net/tcp6: IPv6, plus one IPv4-mapped pair that reads as IPv4. */
    public static List<TcpConnection> plan6() {
        return List.of(
                c(TcpState.LISTEN, "::", 9002, "::", 0),
                c(TcpState.LISTEN, "::1", 9005, "::", 0),
                c(TcpState.LISTEN, "::1", 9001, "::", 0),
                c(TcpState.LISTEN, LONG_V6, 9003, "::", 0),
                c(TcpState.ESTABLISHED, LONG_V6, 9003, LONG_V6, 40013),
                c(TcpState.ESTABLISHED, "::1", 40011, "::1", 9001),
                c(TcpState.ESTABLISHED, "127.0.0.1", 9002, "127.0.0.1", 40012),
                c(TcpState.ESTABLISHED, "::1", 9001, "::1", 40011),
                c(TcpState.ESTABLISHED, LONG_V6, 40013, LONG_V6, 9003));
    }

    /** The table of {@code capture.sh many}: a listener on 9100 and 5,025 connected pairs. */
    public static List<TcpConnection> many() {
        List<TcpConnection> many = new ArrayList<>();
        many.add(c(TcpState.LISTEN, "127.0.0.1", 9100, "0.0.0.0", 0));
        for (int i = 0; i < 5025; i++) {
            many.add(c(TcpState.ESTABLISHED, "127.0.0.1", 20000 + i, "127.0.0.1", 9100));
            many.add(c(TcpState.ESTABLISHED, "127.0.0.1", 9100, "127.0.0.1", 20000 + i));
        }
        return many;
    }

    public static List<TcpConnection> withoutDetails(List<TcpConnection> connections) {
        return connections.stream().map(TcpConnection::withoutDetails).toList();
    }

    public static TcpConnection c(TcpState state, String local, int localPort, String remote, int remotePort) {
        return TcpConnection.of(Endpoint.of(local, localPort), Endpoint.of(remote, remotePort), state);
    }
}
