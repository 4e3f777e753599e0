package io.tcpscope.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tcpscope.core.Endpoint;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.PortFilter;
import io.tcpscope.core.events.TcpTraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.tcpscope.core.TcpState.CLOSE;
import static io.tcpscope.core.TcpState.SYN_SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel-events helper's script and this side of its conversation, without an engine: the script
 * runs under this machine's static busybox, as it does in the helper's image, against this machine's
 * tracefs (so as root), and its stdout comes back to {@link EngineEventStream} as the engine's frames
 * would, cut anywhere. The oracle is the test's own sockets: the dialer's end it bound, the port it
 * dialed, and the instants around the dials on this JVM's clock. With {@code CI=true} a machine
 * without root and tracefs fails, as the procfs adapter's tracefs ITs do; elsewhere it is skipped.
 */
@Timeout(60)
class EngineEventScriptIT {

    private static final Path INSTANCES = Path.of("/sys/kernel/tracing/instances");
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** busybox's applets, linked as in the helper's image, ahead of this machine's own tools. */
    private static Path bin;

    @TempDir
    Path temp;

    private final List<Process> helpers = new ArrayList<>();
    private final List<EngineEventStream> streams = new ArrayList<>();

    @BeforeAll
    static void requireTracefs() throws IOException, InterruptedException {
        HostTracefs.mountIfMissing();
        boolean usable = Files.isWritable(INSTANCES) && Files.isExecutable(Path.of(HelperBase.HOST_BUSYBOX_PATH));
        if (!usable && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so the helper script's ITs must run, but " + INSTANCES + " is not"
                    + " writable or " + HelperBase.HOST_BUSYBOX_PATH + " is missing; run as root with tracefs mounted");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(usable, "needs root, tracefs at /sys/kernel/tracing and a static busybox");
        bin = Files.createTempDirectory("engine-event-script-bin");
        for (String applet : List.of("sh", "cat", "dd", "date", "stat", "mkdir", "rmdir", "mount", "kill", "sleep", "tr")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of(HelperBase.HOST_BUSYBOX_PATH));
        }
    }

    @AfterAll
    static void removeApplets() throws IOException {
        if (bin != null) {
            try (var links = Files.list(bin)) {
                for (Path link : links.toList()) {
                    Files.delete(link);
                }
            }
            Files.delete(bin);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        streams.forEach(EngineEventStream::release);
        for (Process helper : helpers) {
            helper.destroy();
            helper.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void every_refused_dial_comes_through_before_the_sync_that_follows_it_at_this_jvms_instant() throws Exception {
        // given
        int port = freePort();
        List<TcpTraceEvent> events = new CopyOnWriteArrayList<>();
        EngineEventStream stream = start(EngineEventScript.instanceName(), PortSet.of(port), events::addAll, Map.of());

        // when
        Instant before = Instant.now();
        List<Endpoint> dialers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            dialers.add(refusedDial(port));
        }
        Instant after = Instant.now();
        assertThat(stream.await(stream.request(), BOUND.toNanos())).isEqualTo(EngineEventStream.Outcome.ANSWERED);

        // then: each dial's close and error, from the end it was bound to, at an instant between the dials'
        Endpoint target = Endpoint.of("127.0.0.1", port);
        List<TcpTraceEvent> toTarget = events.stream().filter(e -> e.remote().equals(target)).toList();
        assertThat(toTarget.stream().filter(e -> e.kind() == TcpTraceEvent.Kind.STATE_CHANGE
                && e.oldState() == SYN_SENT && e.newState() == CLOSE).map(TcpTraceEvent::local))
                .containsExactlyInAnyOrderElementsOf(dialers);
        assertThat(toTarget.stream().filter(e -> e.kind() == TcpTraceEvent.Kind.ERROR_REPORT
                && e.error() == TcpTraceEvent.ECONNREFUSED).map(TcpTraceEvent::local))
                .containsExactlyInAnyOrderElementsOf(dialers);
        Duration within = Duration.ofNanos(stream.clockUncertaintyNanos()).plusMillis(1);
        assertThat(toTarget).allSatisfy(e -> assertThat(e.at()).isBetween(before.minus(within), after.plus(within)));
        assertThat(stream.overruns()).isZero();
    }

    @Test
    void close_removes_the_instance_and_says_so() throws Exception {
        // given
        String name = EngineEventScript.instanceName();
        EngineEventStream stream = start(name, PortSet.of(9001), batch -> { }, Map.of());
        assertThat(INSTANCES.resolve(name)).isDirectory();

        // when
        stream.requestClose();

        // then
        assertThat(stream.awaitEnd(BOUND.toNanos())).isTrue();
        assertThat(stream.said().removed()).isTrue();
        assertThat(INSTANCES.resolve(name)).doesNotExist();
    }

    @Test
    void the_end_of_its_stdin_removes_the_instance_as_a_client_that_went_does() throws Exception {
        // given
        String name = EngineEventScript.instanceName();
        EngineEventStream stream = start(name, PortSet.of(9001), batch -> { }, Map.of());

        // when: stdin ends without a word, as the engine ends it when the attaching client goes
        stream.end("the test ended its stdin");
        helpers.get(0).getOutputStream().close();

        // then
        assertTrue(helpers.get(0).waitFor(10, TimeUnit.SECONDS), "the helper exits");
        assertThat(INSTANCES.resolve(name)).doesNotExist();
    }

    @Test
    void a_kernel_without_the_tracepoints_is_said_in_the_helpers_words() throws Exception {
        // given: a tracefs with instances but no events
        Files.createDirectories(temp.resolve("instances"));

        // when / then
        assertThatThrownBy(() -> start(EngineEventScript.instanceName(), PortSet.of(9001), batch -> { },
                Map.of("TRACEFS", temp.toString())))
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining("this kernel has no tracepoint sock/inet_sock_set_state")
                .hasMessageNotContaining("\n");
        try (var left = Files.list(temp.resolve("instances"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void a_killed_helpers_instance_is_swept_but_a_live_helpers_is_not() throws Exception {
        // given: one helper that reads its instance, and one instance that nobody reads any more
        String live = EngineEventScript.instanceName();
        start(live, PortSet.of(9001), batch -> { }, Map.of());
        Path dead = Files.createDirectory(INSTANCES.resolve(EngineEventScript.instanceName()));

        // when: a helper starts that sweeps whatever is old enough (here: anything)
        start(EngineEventScript.instanceName(), PortSet.of(9001), batch -> { }, Map.of("SWEEP_AFTER", "0"));

        // then
        assertThat(dead).doesNotExist();
        assertThat(INSTANCES.resolve(live)).isDirectory();
    }

    /** Starts the script as the helper's container would, and waits for it as a subscription does. */
    private EngineEventStream start(String instance, PortSet ports, java.util.function.Consumer<List<TcpTraceEvent>> batches,
            Map<String, String> environment) throws Exception {
        ProcessBuilder sh = new ProcessBuilder(HelperBase.HOST_BUSYBOX_PATH, "sh", "-c", EngineEventScript.SCRIPT, "sh",
                instance, PortFilter.of(ports));
        sh.environment().putAll(environment);
        sh.environment().put("PATH", bin + ":" + sh.environment().get("PATH"));
        Process helper = sh.start();
        helpers.add(helper);
        EngineEventStream stream = new EngineEventStream(ports, batches);
        streams.add(stream);
        pump(stream.stdin(), helper.getOutputStream(), null, StreamType.STDIN);
        pump(helper.getInputStream(), null, stream, StreamType.STDOUT);
        pump(helper.getErrorStream(), null, stream, StreamType.STDERR);
        EngineEventHelper.handshake("this machine", stream, BOUND);
        return stream;
    }

    /** Copies stdin to the helper, or the helper's output to the stream in frames cut anywhere, as the engine does. */
    private static void pump(InputStream from, OutputStream to, EngineEventStream stream, StreamType type) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[777];
            try (from) {
                for (int n; (n = from.read(buffer)) > 0; ) {
                    if (to != null) {
                        to.write(buffer, 0, n);
                        to.flush();
                    } else {
                        stream.onNext(new Frame(type, java.util.Arrays.copyOf(buffer, n)));
                    }
                }
                if (to != null) {
                    to.close();
                } else if (type == StreamType.STDOUT) {
                    stream.onComplete();
                }
            } catch (IOException e) {
                // the test ended it
            }
        }, "engine-event-script-" + type);
        thread.setDaemon(true);
        thread.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Dials the port, where nothing listens, from an end of the test's own choosing; returns that end. */
    private static Endpoint refusedDial(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Endpoint local = Endpoint.of("127.0.0.1", socket.getLocalPort());
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000))
                    .isInstanceOf(ConnectException.class);
            return local;
        }
    }
}
