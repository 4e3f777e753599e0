package io.tcpscope.procfs;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the tracefs ITs share: the source, required (with {@code CI=true} an unusable tracefs fails
 * the test, elsewhere it is skipped), ports nothing listens on, and dials whose ends the test knows.
 */
final class KernelEvents implements Consumer<List<TcpTraceEvent>> {

    static final InetAddress V4 = address(new byte[] {127, 0, 0, 1});
    static final InetAddress V6 = address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private final List<TcpTraceEvent> seen = Collections.synchronizedList(new ArrayList<>());

    /** The host's tracefs, when this process can use it; skips, or fails under {@code CI=true}, when it cannot. */
    static TracefsEventSource requireTracefs() {
        TracefsEventSource tracefs = TracefsEventSource.local();
        Optional<String> why = tracefs.unavailable();
        if (why.isPresent() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so the tracefs ITs must run, but " + why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "tracefs is unusable here: " + why.orElseThrow());
        return tracefs;
    }

    /** {@return distinct ports where nothing listens: each was bound by a listener of ours, then freed} */
    static List<Integer> freePorts(int n) throws IOException {
        Set<Integer> ports = new HashSet<>();
        while (ports.size() < n) {
            try (ServerSocket s = new ServerSocket(0, 1, V4)) {
                ports.add(s.getLocalPort());
            }
        }
        return List.copyOf(ports);
    }

    /** {@return a port where nothing listens} */
    static int freePortsUnchecked() {
        try {
            return freePorts(1).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Dials a port where nothing listens, from a port the test bound first, so that it knows the
     * dialer's end; the dial is refused.
     *
     * @return the dialer's end
     */
    static Endpoint refusedDial(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address, 0));
            Endpoint local = Endpoint.of(address, s.getLocalPort());
            assertThatThrownBy(() -> s.connect(new InetSocketAddress(address, port), 5_000)).isInstanceOf(ConnectException.class);
            return local;
        }
    }

    /** Keeps each batch. */
    @Override
    public void accept(List<TcpTraceEvent> batch) {
        seen.addAll(batch);
    }

    /** {@return every event seen so far, in order} */
    List<TcpTraceEvent> all() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** {@return the events seen whose remote end is {@code remote}} */
    List<TcpTraceEvent> toward(Endpoint remote) {
        return all().stream().filter(e -> e.remote().equals(remote)).toList();
    }

    /** {@return the local ends of the events toward {@code remote} that {@code which} picks} */
    List<Endpoint> locals(Endpoint remote, Predicate<TcpTraceEvent> which) {
        return toward(remote).stream().filter(which).map(TcpTraceEvent::local).toList();
    }

    static Predicate<TcpTraceEvent> change(TcpState from, TcpState to) {
        return e -> e.kind() == Kind.STATE_CHANGE && e.oldState() == from && e.newState() == to;
    }

    static Predicate<TcpTraceEvent> kind(Kind kind) {
        return e -> e.kind() == kind;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
