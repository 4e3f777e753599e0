package io.tcpscope.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A loopback listener and connected pairs held open in this JVM's namespace, closed without a trace. */
final class LiveSockets implements AutoCloseable {

    private final List<AutoCloseable> held = new ArrayList<>();

    /** Opens a listener and {@code pairs} connections to it: {@code 2 * pairs + 1} sockets. */
    void open(int pairs) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), Math.max(50, pairs));
        held.add(listener);
        for (int i = 0; i < pairs; i++) {
            held.add(abortive(new Socket(InetAddress.getByName("127.0.0.1"), listener.getLocalPort())));
            held.add(abortive(listener.accept()));
        }
    }

    /**
     * Closing resets the connection instead of leaving TIME_WAIT sockets behind, which would
     * swell the next trial's table: JMH's forks share one namespace.
     */
    private static Socket abortive(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        return socket;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (AutoCloseable c : held) {
            try {
                c.close();
            } catch (Exception e) {
                failure = failure == null ? new IOException("could not close every socket", e) : failure;
            }
        }
        held.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
