package io.tcpscope.benchmarks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Dials from this JVM to a loopback port where nothing listens, each refused by the kernel. */
final class RefusedDials {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private RefusedDials() {
    }

    /** {@return a loopback port where nothing listens: one a listener of ours bound, then freed} */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /**
     * Dials {@code port} {@code dials} times, the i-th at {@code i * pace} after the first (or back to
     * back, for a pace of zero); each must be refused.
     *
     * @throws IllegalStateException if a dial connects: something listens there now
     */
    static void dial(int port, int dials, Duration pace) throws IOException {
        InetSocketAddress target = new InetSocketAddress(LOOPBACK, port);
        long start = System.nanoTime();
        for (int i = 0; i < dials; i++) {
            long due = start + i * pace.toNanos();
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            try (Socket s = new Socket()) {
                s.connect(target, CONNECT_TIMEOUT_MS);
                throw new IllegalStateException("a dial to " + target + " connected; something listens there now, so run again");
            } catch (ConnectException refused) {
                // what a dial here does
            }
        }
    }
}
