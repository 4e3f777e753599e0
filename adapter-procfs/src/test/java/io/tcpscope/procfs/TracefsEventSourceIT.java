package io.tcpscope.procfs;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.EventSubscription;
import io.tcpscope.core.events.TcpTraceEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.tcpscope.core.TcpState.CLOSE;
import static io.tcpscope.core.TcpState.SYN_SENT;
import static io.tcpscope.core.events.TcpTraceEvent.Kind.DESTROYED;
import static io.tcpscope.core.events.TcpTraceEvent.Kind.ERROR_REPORT;
import static io.tcpscope.core.events.TcpTraceEvent.Kind.RESET_RECEIVED;
import static io.tcpscope.procfs.KernelEvents.V4;
import static io.tcpscope.procfs.KernelEvents.V6;
import static io.tcpscope.procfs.KernelEvents.change;
import static io.tcpscope.procfs.KernelEvents.kind;
import static io.tcpscope.procfs.KernelEvents.refusedDial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kernel's TCP events on loopback, read through the host's tracefs, against the sockets the test
 * opened itself: their ends are the oracle. Needs root and tracefs; with {@code CI=true} it fails
 * where they are missing, elsewhere it is skipped.
 */
@Timeout(60)
class TracefsEventSourceIT {

    private static final Duration SYNC = Duration.ofSeconds(10);
    private static TracefsEventSource tracefs;

    @BeforeAll
    static void requireTracefs() {
        tracefs = KernelEvents.requireTracefs();
    }

    @Test
    void each_refused_dial_is_seen_once_as_its_close_its_error_and_the_reset_it_received() throws IOException {
        // given
        int port = KernelEvents.freePorts(1).get(0);
        Endpoint target = Endpoint.of(V4, port);
        KernelEvents events = new KernelEvents();
        List<Endpoint> dialers = new ArrayList<>();

        try (EventSubscription subscription = tracefs.subscribe(PortSet.of(port), events)) {
            // when
            for (int i = 0; i < 5; i++) {
                dialers.add(refusedDial(V4, port));
            }
            subscription.sync(SYNC);

            // then
            assertThat(events.locals(target, change(SYN_SENT, CLOSE))).containsExactlyInAnyOrderElementsOf(dialers);
            assertThat(events.locals(target, kind(ERROR_REPORT))).containsExactlyInAnyOrderElementsOf(dialers);
            assertThat(events.locals(target, kind(RESET_RECEIVED))).containsExactlyInAnyOrderElementsOf(dialers);
            assertThat(events.locals(target, kind(DESTROYED))).containsExactlyInAnyOrderElementsOf(dialers);
            assertThat(events.toward(target)).filteredOn(kind(ERROR_REPORT)).extracting(TcpTraceEvent::error)
                    .containsOnly(TcpTraceEvent.ECONNREFUSED);
            assertThat(subscription.overruns()).isZero();
        }
    }

    @Test
    void a_refused_dial_over_ipv6_is_seen_with_its_ipv6_ends() throws IOException {
        // given
        int port = KernelEvents.freePorts(1).get(0);
        KernelEvents events = new KernelEvents();

        try (EventSubscription subscription = tracefs.subscribe(PortSet.of(port), events)) {
            // when
            Endpoint dialer = refusedDial(V6, port);
            subscription.sync(SYNC);

            // then
            assertThat(events.locals(Endpoint.of(V6, port), kind(ERROR_REPORT))).containsExactly(dialer);
            assertThat(dialer.toString()).startsWith("[::1]:");
        }
    }

    @Test
    void each_reset_an_aborting_server_sends_is_seen_once_on_the_clients_end() throws IOException {
        // given
        KernelEvents events = new KernelEvents();
        List<Socket> clients = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, V4);
                EventSubscription subscription = tracefs.subscribe(PortSet.of(server.getLocalPort()), events)) {
            Endpoint listener = Endpoint.of(V4, server.getLocalPort());

            // when: three connections that the server closes with SO_LINGER 0, which sends a reset
            for (int i = 0; i < 3; i++) {
                Socket client = new Socket(V4, server.getLocalPort());
                clients.add(client);
                try (Socket accepted = server.accept()) {
                    accepted.setSoLinger(true, 0);
                }
                // the client has the reset once its read fails
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketException.class);
            }
            subscription.sync(SYNC);

            // then
            assertThat(events.locals(listener, kind(RESET_RECEIVED)))
                    .containsExactlyInAnyOrderElementsOf(clients.stream().map(c -> Endpoint.of(V4, c.getLocalPort())).toList());
            assertThat(events.all()).filteredOn(kind(RESET_RECEIVED)).hasSize(3);
            assertThat(subscription.overruns()).isZero();
        } finally {
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    @Test
    void two_subscriptions_at_once_each_see_their_own_port_only() throws IOException {
        // given: three ports; each subscription follows one, nobody the third
        List<Integer> ports = KernelEvents.freePorts(3);
        int a = ports.get(0);
        int b = ports.get(1);
        int neither = ports.get(2);
        KernelEvents onA = new KernelEvents();
        KernelEvents onB = new KernelEvents();

        try (EventSubscription first = tracefs.subscribe(PortSet.of(a), onA);
                EventSubscription second = tracefs.subscribe(PortSet.of(b), onB)) {
            // when
            List<Endpoint> toA = List.of(refusedDial(V4, a), refusedDial(V4, a));
            List<Endpoint> toB = List.of(refusedDial(V4, b), refusedDial(V4, b), refusedDial(V4, b));
            refusedDial(V4, neither);
            first.sync(SYNC);
            second.sync(SYNC);

            // then
            assertThat(onA.locals(Endpoint.of(V4, a), kind(ERROR_REPORT))).containsExactlyInAnyOrderElementsOf(toA);
            assertThat(onB.locals(Endpoint.of(V4, b), kind(ERROR_REPORT))).containsExactlyInAnyOrderElementsOf(toB);
            assertThat(onA.all()).isNotEmpty().allMatch(e -> e.local().port() == a || e.remote().port() == a);
            assertThat(onB.all()).isNotEmpty().allMatch(e -> e.local().port() == b || e.remote().port() == b);
        }
    }

    @Test
    void the_kernel_keeps_another_ports_traffic_from_the_pipe() throws IOException {
        // given
        List<Integer> ports = KernelEvents.freePorts(2);
        int mine = ports.get(0);
        int other = ports.get(1);
        KernelEvents events = new KernelEvents();

        try (EventSubscription subscription = tracefs.subscribe(PortSet.of(mine), events)) {
            // when
            for (int i = 0; i < 3; i++) {
                refusedDial(V4, other);
            }
            Endpoint dialer = refusedDial(V4, mine);
            subscription.sync(SYNC);

            // then: the pipe gave only events on our port, so the kernel's filter, not ours, kept the others out
            assertThat(events.locals(Endpoint.of(V4, mine), kind(ERROR_REPORT))).containsExactly(dialer);
            assertThat(events.all()).noneMatch(e -> e.local().port() == other || e.remote().port() == other);
            assertThat(((TracefsSubscription) subscription).reader().eventsRead()).isEqualTo(events.all().size());
        }
    }

    @Test
    void a_sync_with_nothing_happening_returns_with_no_events() {
        // given
        List<Integer> calls = Collections.synchronizedList(new ArrayList<>());

        try (EventSubscription subscription = tracefs.subscribe(PortSet.of(KernelEvents.freePortsUnchecked()),
                batch -> calls.add(batch.size()))) {
            // when
            subscription.sync(SYNC);
            subscription.sync(SYNC);

            // then
            assertThat(calls).isEmpty();
            assertThat(subscription.overruns()).isZero();
            assertThat(subscription.isOpen()).isTrue();
        }
    }

    @Test
    void a_callback_that_throws_neither_stops_delivery_nor_prints() throws IOException {
        // given: a callback that throws at its first batch
        int port = KernelEvents.freePorts(1).get(0);
        KernelEvents later = new KernelEvents();
        List<Integer> calls = Collections.synchronizedList(new ArrayList<>());
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true));
        try (EventSubscription subscription = tracefs.subscribe(PortSet.of(port), batch -> {
            calls.add(batch.size());
            if (calls.size() == 1) {
                throw new IllegalStateException("the callback's own failure");
            }
            later.accept(batch);
        })) {
            // when
            refusedDial(V4, port);
            subscription.sync(SYNC);
            Endpoint second = refusedDial(V4, port);
            subscription.sync(SYNC);

            // then: the batches after the one that threw were delivered, the second dial's error among them
            assertThat(calls).hasSizeGreaterThan(1);
            assertThat(later.locals(Endpoint.of(V4, port), kind(ERROR_REPORT))).contains(second);
            assertThat(((TracefsSubscription) subscription).reader().callbackFailures()).isEqualTo(1);
            assertThat(subscription.isOpen()).isTrue();
        } finally {
            System.setErr(stderr);
        }
        assertThat(printed.toString()).isEmpty();
    }
}
