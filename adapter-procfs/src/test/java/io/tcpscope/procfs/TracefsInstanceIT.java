package io.tcpscope.procfs;

import io.tcpscope.core.events.PortFilter;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.EventSubscription;
import io.tcpscope.core.events.TcpTraceEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static io.tcpscope.core.events.TcpTraceEvent.Kind.ERROR_REPORT;
import static io.tcpscope.procfs.KernelEvents.V4;
import static io.tcpscope.procfs.KernelEvents.kind;
import static io.tcpscope.procfs.KernelEvents.refusedDial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A subscription's tracing instance on the host's tracefs: how it is set up, that it is gone once
 * closed, that a dead process's is swept, and that its clock is {@link System#nanoTime()}'s. Needs
 * root and tracefs; with {@code CI=true} it fails where they are missing, elsewhere it is skipped.
 */
@Timeout(60)
class TracefsInstanceIT {

    private static final Duration SYNC = Duration.ofSeconds(10);
    private static TracefsEventSource tracefs;
    private static Path instances;

    @BeforeAll
    static void requireTracefs() {
        tracefs = KernelEvents.requireTracefs();
        instances = tracefs.tracefs().resolve("instances");
    }

    @Test
    void close_removes_the_instance_and_stops_its_reader_and_a_second_close_does_nothing() throws IOException {
        // given
        EventSubscription subscription = tracefs.subscribe(PortSet.of(KernelEvents.freePortsUnchecked()), batch -> { });
        Path dir = ((TracefsSubscription) subscription).instanceDir();
        String reader = "tcpscope-tracefs-" + dir.getFileName();
        assertThat(dir.getParent()).isEqualTo(instances);
        assertThat(dir.getFileName().toString()).matches("tcpscope-" + ProcessHandle.current().pid() + "-\\d+-[0-9a-f]{8}");
        assertThat(dir).isDirectory();
        assertThat(thread(reader)).isNotNull().matches(Thread::isDaemon);

        // when
        subscription.close();

        // then
        assertThat(dir).doesNotExist();
        assertThat(subscription.isOpen()).isFalse();
        assertThat(thread(reader)).isNull();
        assertThatThrownBy(() -> subscription.sync(SYNC)).isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("the subscription is closed; subscribe again").hasMessageNotContaining("\n");
        subscription.close();
        assertThat(subscription.overruns()).isZero();
    }

    @Test
    void the_instance_has_its_own_clock_buffer_and_filters_and_leaves_the_hosts_tracing_alone() throws IOException {
        // given
        PortSet ports = PortSet.parse("7000,9000-9001");
        Path hostsReset = tracefs.tracefs().resolve("events/tcp/tcp_receive_reset/enable");
        String hostsBefore = read(hostsReset);

        try (EventSubscription subscription = tracefs.withBufferSize(256).subscribe(ports, batch -> { })) {
            Path dir = ((TracefsSubscription) subscription).instanceDir();

            // then
            assertThat(read(dir.resolve("trace_clock"))).contains("[mono]");
            assertThat(Integer.parseInt(read(dir.resolve("buffer_size_kb")).strip())).isBetween(256, 264);
            assertThat(read(dir.resolve("tracing_on")).strip()).isEqualTo("1");
            for (String event : TracefsAccess.EVENTS) {
                assertThat(read(dir.resolve("events").resolve(event).resolve("filter")).strip())
                        .as(event).isEqualTo("sport == 7000 || dport == 7000 || (sport >= 9000 && sport <= 9001)"
                                + " || (dport >= 9000 && dport <= 9001)");
                assertThat(read(dir.resolve("events").resolve(event).resolve("enable")).strip()).as(event).isEqualTo("1");
            }
            assertThat(read(hostsReset)).isEqualTo(hostsBefore);
        }
    }

    @Test
    void a_dead_processs_leftover_instance_is_swept_and_a_live_ones_kept() throws IOException {
        // given: no process has the PID pid_max, and this one is alive
        long dead = Long.parseLong(read(Path.of("/proc/sys/kernel/pid_max")).strip());
        Path leftover = Files.createDirectory(instances.resolve("tcpscope-" + dead + "-1-0badcafe"));
        Path alive = Files.createDirectory(instances.resolve("tcpscope-" + ProcessHandle.current().pid() + "-999999999-0badcafe"));
        try {
            // when
            try (EventSubscription subscription = tracefs.subscribe(PortSet.of(KernelEvents.freePortsUnchecked()), batch -> { })) {
                // then
                assertThat(subscription.isOpen()).isTrue();
                assertThat(leftover).doesNotExist();
                assertThat(alive).isDirectory();
            }
        } finally {
            Files.deleteIfExists(leftover);
            Files.deleteIfExists(alive);
        }
    }

    @Test
    void an_events_time_is_the_time_system_nano_time_gave_around_it() throws IOException {
        // given
        int port = KernelEvents.freePorts(1).get(0);
        KernelEvents events = new KernelEvents();
        try (EventSubscription subscription = tracefs.subscribe(PortSet.of(port), events)) {
            TracefsSubscription traced = (TracefsSubscription) subscription;

            // when
            long before = System.nanoTime();
            Endpoint dialer = refusedDial(V4, port);
            long after = System.nanoTime();
            subscription.sync(SYNC);

            // then
            List<TcpTraceEvent> dial = events.toward(Endpoint.of(V4, port));
            assertThat(dial).filteredOn(kind(ERROR_REPORT)).extracting(TcpTraceEvent::local).containsExactly(dialer);
            assertThat(dial).extracting(TcpTraceEvent::at)
                    .allSatisfy(at -> assertThat(at).isBetween(traced.at(before), traced.at(after)))
                    .isSorted();
        }
    }

    @Test
    void a_filter_as_long_as_a_page_allows_is_taken_by_the_kernel() throws IOException {
        // given: the test's port and as many other single ports as the filter holds
        int port = KernelEvents.freePorts(1).get(0);
        int[] others = IntStream.rangeClosed(1, 200).map(i -> 1000 + 2 * i).filter(p -> p != port).toArray();
        int fit = others.length;
        while (PortFilter.of(with(port, others, fit)).length() > PortFilter.MAX_LENGTH
                || PortFilter.of(with(port, others, fit)).startsWith("(")) {
            fit--;
        }
        PortSet ports = with(port, others, fit);
        KernelEvents events = new KernelEvents();

        try (EventSubscription subscription = tracefs.subscribe(ports, events)) {
            // when
            Endpoint dialer = refusedDial(V4, port);
            subscription.sync(SYNC);

            // then
            Path filter = ((TracefsSubscription) subscription).instanceDir().resolve("events/sock/inet_sock_set_state/filter");
            assertThat(read(filter).strip()).isEqualTo(PortFilter.of(ports)).hasSizeGreaterThan(3_500);
            assertThat(events.locals(Endpoint.of(V4, port), kind(ERROR_REPORT))).containsExactly(dialer);
        }
    }

    @Test
    void a_set_too_long_for_the_kernels_filter_is_kept_exact_by_the_reader() throws IOException {
        // given: lo and hi free; the set holds lo and 300 ports past hi, so its covering range holds hi too
        List<Integer> free = KernelEvents.freePorts(2);
        int lo = Math.min(free.get(0), free.get(1));
        int hi = Math.max(free.get(0), free.get(1));
        Assumptions.assumeTrue(hi + 600 <= 65_535, "the free ports are too high to leave room above them");
        PortSet ports = PortSet.of(IntStream.concat(IntStream.of(lo), IntStream.rangeClosed(1, 300).map(i -> hi + 2 * i - 1)).toArray());
        assertThat(PortFilter.of(ports)).isEqualTo("(sport >= " + lo + " && sport <= " + (hi + 599) + ") || (dport >= " + lo
                + " && dport <= " + (hi + 599) + ")");
        KernelEvents events = new KernelEvents();

        try (EventSubscription subscription = tracefs.subscribe(ports, events)) {
            // when
            refusedDial(V4, hi);
            Endpoint dialer = refusedDial(V4, lo);
            subscription.sync(SYNC);

            // then: the kernel let hi's events through, and the reader kept them out
            assertThat(events.all()).noneMatch(e -> e.remote().port() == hi);
            assertThat(events.locals(Endpoint.of(V4, lo), kind(ERROR_REPORT))).containsExactly(dialer);
            assertThat(((TracefsSubscription) subscription).reader().eventsRead()).isGreaterThan(events.all().size());
        }
    }

    @Test
    void a_subscription_closed_by_its_own_callback_removes_its_instance() throws IOException {
        // given
        int port = KernelEvents.freePorts(1).get(0);
        AtomicReference<EventSubscription> self = new AtomicReference<>();
        self.set(tracefs.subscribe(PortSet.of(port), batch -> self.get().close()));
        Path dir = ((TracefsSubscription) self.get()).instanceDir();

        // when
        refusedDial(V4, port);

        // then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dir).doesNotExist());
        assertThat(self.get().isOpen()).isFalse();
        assertThatThrownBy(() -> self.get().sync(SYNC)).isInstanceOf(InspectionFailedException.class);
    }

    @Test
    void a_write_the_kernel_refuses_is_explained_from_the_instances_error_log() {
        // given
        TracingInstance instance = TracingInstance.create(instances, InstanceName.next(ProcessHandle.current().pid()));
        try {
            // then
            assertThatThrownBy(() -> instance.configure(TracefsEventSource.DEFAULT_BUFFER_SIZE_KB, "bogus == 1"))
                    .isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("writing 'bogus == 1' to " + instance.dir().resolve("events/sock/inet_sock_set_state/filter")
                            + " failed (Invalid argument): ")
                    .hasMessageContaining("Field not found (Command: bogus == 1)")
                    .hasMessageNotContaining("\n");
        } finally {
            assertThat(instance.remove(50)).isTrue();
        }
    }

    @Test
    void a_sync_from_the_callback_is_refused_rather_than_left_to_wait_for_itself() throws IOException {
        // given
        int port = KernelEvents.freePorts(1).get(0);
        AtomicReference<EventSubscription> self = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (EventSubscription subscription = tracefs.subscribe(PortSet.of(port), batch -> {
            try {
                self.get().sync(SYNC);
            } catch (RuntimeException e) {
                thrown.compareAndSet(null, e);
            }
        })) {
            self.set(subscription);

            // when
            refusedDial(V4, port);
            subscription.sync(SYNC);

            // then
            assertThat(thrown.get()).isInstanceOf(InspectionFailedException.class)
                    .hasMessageContaining("sync was called from the subscription's own callback");
            assertThat(subscription.isOpen()).isTrue();
        }
    }

    /**
     * The text of a kernel file. Not {@code Files.readString}: it reads a file whose size is 0 one byte
     * at a time after the first, and a tracefs filter, or a sysctl, gives nothing past its first read.
     */
    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static PortSet with(int port, int[] others, int n) {
        return PortSet.of(IntStream.concat(IntStream.of(port), IntStream.of(others).limit(n)).toArray());
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst().orElse(null);
    }
}
