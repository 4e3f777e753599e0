package io.tcpscope.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A TCP port on loopback that relays every connection to the engine's unix socket, as {@code socat}
 * would: the same engine, reached as {@code tcp://127.0.0.1:PORT}, for tests of what a client's
 * transport says about where the engine is.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Thread acceptor;

    private TcpRelay(Path socket) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel client = server.accept();
                    SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                    engine.connect(UnixDomainSocketAddress.of(socket));
                    pump(client, engine);
                    pump(engine, client);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A relay to the socket of the engine the ITs run against: {@code DOCKER_HOST}'s when that is a
     * unix socket (a Podman service, say), else the default one.
     */
    public static TcpRelay toDefaultSocket() {
        String host = System.getenv("DOCKER_HOST");
        String socket = host != null && host.startsWith("unix://") ? host.substring("unix://".length()) : "/var/run/docker.sock";
        try {
            return new TcpRelay(Path.of(socket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The relay's address, as a Docker host URI. */
    public String uri() {
        try {
            return "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try (from; to) {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // one side closed: both are closed on the way out
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
