package io.tcpscope.procfs;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sockets this JVM opens in its own network namespace, read back through /proc/self/net. */
class LocalNamespaceIT {

    private final List<Closeable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (Closeable c : open) {
            c.close();
        }
    }

    @Test
    void listeners_and_established_pairs_are_read_back_exactly() throws IOException {
        // given
        ServerSocket v4 = listen("127.0.0.1");
        ServerSocket v6 = listen("::1");
        Socket v4Client = dial(v4, "127.0.0.1");
        Socket v4Server = keep(v4.accept());
        Socket v6Client = dial(v6, "::1");
        Socket v6Server = keep(v6.accept());
        Set<Integer> ports = Set.of(v4.getLocalPort(), v6.getLocalPort());

        // when
        List<TcpConnection> mine = read(c -> ports.contains(c.local().port()) || ports.contains(c.remote().port()));

        // then
        assertThat(mine).containsExactlyInAnyOrder(
                c(TcpState.LISTEN, "127.0.0.1", v4.getLocalPort(), "0.0.0.0", 0),
                c(TcpState.LISTEN, "::1", v6.getLocalPort(), "::", 0),
                c(TcpState.ESTABLISHED, "127.0.0.1", v4Client.getLocalPort(), "127.0.0.1", v4.getLocalPort()),
                c(TcpState.ESTABLISHED, "127.0.0.1", v4.getLocalPort(), "127.0.0.1", v4Server.getPort()),
                c(TcpState.ESTABLISHED, "::1", v6Client.getLocalPort(), "::1", v6.getLocalPort()),
                c(TcpState.ESTABLISHED, "::1", v6.getLocalPort(), "::1", v6Server.getPort()));
    }

    @Test
    void an_ipv4_dial_into_a_dual_stack_listener_reads_as_ipv4() throws IOException {
        // given: Java binds "::" without IPV6_V6ONLY, so the accepted socket lives in tcp6 as ::ffff:127.0.0.1
        ServerSocket dual = listen("::");
        Socket client = dial(dual, "127.0.0.1");
        keep(dual.accept());
        int port = dual.getLocalPort();

        // when
        List<TcpConnection> mine = read(c -> c.local().port() == port || c.remote().port() == port);

        // then
        assertThat(mine).containsExactlyInAnyOrder(
                c(TcpState.LISTEN, "::", port, "::", 0),
                c(TcpState.ESTABLISHED, "127.0.0.1", client.getLocalPort(), "127.0.0.1", port),
                c(TcpState.ESTABLISHED, "127.0.0.1", port, "127.0.0.1", client.getLocalPort()));
    }

    @Test
    void the_side_that_closes_first_is_left_in_time_wait() throws IOException {
        // given
        ServerSocket server = listen("127.0.0.1");
        Socket client = dial(server, "127.0.0.1");
        Socket accepted = server.accept();
        int clientPort = client.getLocalPort();
        client.close();
        accepted.getInputStream().read();
        accepted.close();
        Endpoint local = Endpoint.of("127.0.0.1", clientPort);

        // then
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(read(c -> c.local().equals(local)))
                .containsExactly(c(TcpState.TIME_WAIT, "127.0.0.1", clientPort, "127.0.0.1", server.getLocalPort())));
    }

    private static List<TcpConnection> read(Predicate<TcpConnection> mine) {
        return ProcfsInspector.local().localConnections().stream().filter(mine)
                .map(TcpConnection::withoutDetails).toList();
    }

    private ServerSocket listen(String address) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return keep(s);
    }

    private Socket dial(ServerSocket server, String address) throws IOException {
        return keep(new Socket(InetAddress.getByName(address), server.getLocalPort()));
    }

    private <T extends Closeable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static TcpConnection c(TcpState state, String local, int localPort, String remote, int remotePort) {
        return TcpConnection.of(Endpoint.of(local, localPort), Endpoint.of(remote, remotePort), state);
    }
}
