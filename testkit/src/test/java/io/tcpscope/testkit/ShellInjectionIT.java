package io.tcpscope.testkit;

import com.github.dockerjava.api.exception.NotFoundException;
import io.tcpscope.testkit.internal.Inspectors;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No string a caller hands to tcpscope reaches a shell, on this machine or in a container:
 * hostile container references are refused by every inspector before any call, and hostile
 * values given to a cluster's nodes arrive as plain text.
 *
 * <p>Each payload, run by a shell, would {@code touch} a marker file: on this machine if the shell
 * ran here, in the node's container if it ran there. The test looks for the marker where it would
 * be, and first shows that the same look finds a file made the same way, by a shell's
 * {@code touch}, so that a look that sees nothing proves something.
 */
class ShellInjectionIT {

    private final String id = UUID.randomUUID().toString();
    private final String marker = "/tmp/tcpscope-injected-" + id;
    private final String control = "/tmp/tcpscope-control-" + id;

    private List<String> hostile() {
        return List.of("$(touch " + marker + ")", "; touch " + marker, "`touch " + marker + "`",
                "node-a && touch " + marker, "node-a | touch " + marker, "node-a\ntouch " + marker,
                "../../../proc/1", "-v", "node-a;rm -rf /", "; rm -rf /");
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void every_inspector_refuses_hostile_container_references_before_any_call(InspectorMode mode) throws Exception {
        // given: a shell's touch on this machine is seen by the look for the marker
        assertThat(shellHereTouches(control)).as("a control file made by a shell here").isTrue();
        ConnectionInspector inspector = Inspectors.create(mode, TestEngine.require());

        // then
        for (String reference : hostile()) {
            assertThatThrownBy(() -> inspector.connections(reference))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a container name or id");
        }
        assertThat(Files.exists(Path.of(marker))).as("the marker on this machine").isFalse();
    }

    @Test
    void hostile_values_given_to_a_node_arrive_as_plain_text() throws Exception {
        String value = "$(touch " + marker + "); touch " + marker + " `touch " + marker + "`";
        assertThat(shellHereTouches(control)).as("a control file made by a shell here").isTrue();
        try (Cluster cluster = Cluster.builder().withEngine(TestEngine.require())
                .node("a", n -> n.env("GREETING", value))
                .node("b", n -> n.dial("a"))
                .build().start()) {
            cluster.await().withTimeout(Duration.ofSeconds(30)).forActiveConnections("a", 1);
            String a = cluster.node("a").containerId();
            String b = cluster.node("b").containerId();

            // given: a shell's touch in each node is seen by the look for the marker there
            for (String node : List.of("a", "b")) {
                assertThat(cluster.execInContainer(node, "sh", "-c", "touch " + control).exitCode()).isZero();
            }
            assertThat(existsIn(a, control)).as("the control file in a").isTrue();
            assertThat(existsIn(b, control)).as("the control file in b").isTrue();

            // then
            assertThat(cluster.execInContainer("a", "busybox", "env").stdoutText().lines()).contains("GREETING=" + value);
            assertThatThrownBy(() -> cluster.connections("a; touch " + marker))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(existsIn(a, marker)).as("the marker in a").isFalse();
            assertThat(existsIn(b, marker)).as("the marker in b").isFalse();
        }
        assertThat(Files.exists(Path.of(marker))).as("the marker on this machine").isFalse();
    }

    /**
     * Whether a file is in a container, asked of the engine's archive endpoint (what {@code docker
     * cp} reads), not of a command run in the container.
     */
    private static boolean existsIn(String container, String path) {
        try (InputStream tar = TestEngine.client().copyArchiveFromContainerCmd(container, path).exec()) {
            tar.transferTo(java.io.OutputStream.nullOutputStream());
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code path} with a shell's touch on this machine; whether the look for it sees it. Removes it. */
    private static boolean shellHereTouches(String path) throws Exception {
        Process touch = new ProcessBuilder("sh", "-c", "touch " + path).start();
        assertThat(touch.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try {
            return Files.exists(Path.of(path));
        } finally {
            Files.deleteIfExists(Path.of(path));
        }
    }
}
