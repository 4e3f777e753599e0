package io.tcpscope.procfs;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.EventSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.tcpscope.core.events.TcpTraceEvent.Kind.ERROR_REPORT;
import static io.tcpscope.procfs.KernelEvents.V4;
import static io.tcpscope.procfs.KernelEvents.kind;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source that may mount tracefs, as {@link TracefsEventSource#local()}'s does, pointed at an empty
 * directory of the test's, so that the host's own mount is left alone: as root it mounts tracefs
 * there, and reads events through it. With {@code CI=true} a JVM that is not root fails here
 * instead of skipping.
 */
@Timeout(60)
class TracefsMountIT {

    @Test
    void as_root_a_tracefs_that_is_not_mounted_is_mounted_and_then_read() throws Exception {
        // given
        KernelEvents.requireTracefs();
        Path dir = Files.createTempDirectory("tcpscope-tracefs-");
        try {
            assertThat(TracefsEventSource.at(dir).unavailable())
                    .hasValue("tracefs is not mounted at " + dir + "; mount it as root: mount -t tracefs nodev " + dir);
            TracefsEventSource mounting = new TracefsEventSource(dir, true, TracefsEventSource.DEFAULT_BUFFER_SIZE_KB);

            // when
            var why = mounting.unavailable();

            // then
            assertThat(why).isEmpty();
            assertThat(dir.resolve("instances")).isDirectory();
            int port = KernelEvents.freePorts(1).get(0);
            KernelEvents events = new KernelEvents();
            try (EventSubscription subscription = mounting.subscribe(PortSet.of(port), events)) {
                Endpoint dialer = KernelEvents.refusedDial(V4, port);
                subscription.sync(Duration.ofSeconds(10));
                assertThat(events.locals(Endpoint.of(V4, port), kind(ERROR_REPORT))).containsExactly(dialer);
            }
        } finally {
            if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + dir + " ")) {
                Process umount = new ProcessBuilder("umount", dir.toString()).inheritIO().start();
                assertThat(umount.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            Files.delete(dir);
        }
    }
}
