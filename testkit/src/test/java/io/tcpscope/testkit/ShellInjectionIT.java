package io.tcpscope.testkit;

import io.tcpscope.testkit.internal.Inspectors;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No string a caller hands to tcpscope reaches a shell, on this machine or in a container:
 * hostile container references are refused by every inspector before any call, and hostile
 * values given to a cluster's nodes arrive as plain text.
 */
class ShellInjectionIT {

    private final String marker = "/tmp/tcpscope-injected-" + UUID.randomUUID();

    private List<String> hostile() {
        return List.of("$(touch " + marker + ")", "; touch " + marker, "`touch " + marker + "`",
                "node-a && touch " + marker, "node-a | touch " + marker, "node-a\ntouch " + marker,
                "../../../proc/1", "-v", "node-a;rm -rf /", "; rm -rf /");
    }

    @ParameterizedTest
    @MethodSource("io.tcpscope.testkit.InspectorMode#builtIn")
    void every_inspector_refuses_hostile_container_references_before_any_call(InspectorMode mode) {
        ConnectionInspector inspector = Inspectors.create(mode, TestEngine.require());
        for (String reference : hostile()) {
            assertThatThrownBy(() -> inspector.connections(reference))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a container name or id");
        }
        assertThat(Files.exists(Path.of(marker))).isFalse();
    }

    @Test
    void hostile_values_given_to_a_node_arrive_as_plain_text() {
        String value = "$(touch " + marker + "); touch " + marker + " `touch " + marker + "`";
        try (Cluster cluster = Cluster.builder().engine(TestEngine.require())
                .node("a", n -> n.env("GREETING", value))
                .node("b", n -> n.dial("a"))
                .build().start()) {
            cluster.awaitActiveConnections("a", 1, Duration.ofSeconds(30));

            assertThat(cluster.execInContainer("a", "busybox", "env").stdoutText().lines()).contains("GREETING=" + value);
            assertThat(cluster.execInContainer("a", "ls", "/tmp").stdoutText()).doesNotContain("tcpscope-injected");
            assertThat(cluster.execInContainer("b", "ls", "/tmp").stdoutText()).doesNotContain("tcpscope-injected");
            assertThatThrownBy(() -> cluster.checkTcpConnections("a; touch " + marker))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.exists(Path.of(marker))).isFalse();
    }
}
