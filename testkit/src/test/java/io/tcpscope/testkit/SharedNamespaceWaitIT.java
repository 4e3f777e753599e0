package io.tcpscope.testkit;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.ContainerSpec;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.internal.PeerImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Can a wait meet a shared namespace after adoption refused them at start? An adopted node's
 * container is replaced by one of the same name run with {@code --network host}, as a user's script
 * that recreates a service would. A node is its container, followed by id, so the new container is
 * not the node: the wait must not pass on the host's table (a socket this test listens on is the
 * oracle), and fails saying the node's container is gone.
 *
 * <p>Only a changing whole-network adoption finds new containers after start, and a container in the
 * host's or another container's namespace is on no user network, so no wait meets one there either.
 */
@ExtendWith(RequiresDocker.class)
class SharedNamespaceWaitIT {

    /** Long enough for many reads (one each 200 ms); a wait that passed on the host's table would end sooner. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final String prefix = "tcpscope-it-sharedwait-" + UUID.randomUUID().toString().substring(0, 8);
    private final String name = prefix + "-svc";
    private ContainerRuntime runtime;

    @BeforeEach
    void aContainerOnANetworkOfItsOwn() {
        runtime = TestEngine.require().runtime();
        runtime.createNetwork(prefix, DockerTestCluster.labels());
        run(ContainerSpec.of(PeerImages.ensure(runtime)).withName(name).withNetwork(prefix, "svc"), 9000);
    }

    @AfterEach
    void removeIt() {
        runtime.remove(name);
        runtime.removeNetwork(prefix);
    }

    private void run(ContainerSpec spec, int port) {
        String id = runtime.create(spec.withEnv(Map.of("LISTEN", Integer.toString(port), "PEERS", ""))
                .withLabels(DockerTestCluster.labels()));
        runtime.start(id);
    }

    static Stream<InspectorMode> modes() {
        return Stream.of(InspectorMode.AUTO, InspectorMode.EXEC, InspectorMode.PROCFS, InspectorMode.ENGINE_PROCFS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard
    void a_wait_on_a_node_whose_container_was_recreated_in_the_hosts_namespace_never_passes_on_the_hosts_table(
            InspectorMode mode) throws Exception {
        try (Cluster cluster = Cluster.adopt().withEngine(TestEngine.require()).withInspectorMode(mode)
                .node("svc", name).build().start()) {
            cluster.await().withTimeout(Duration.ofSeconds(60)).forListeningPort("svc", 9000);

            // given: the container recreated under its name in the host's namespace, and a socket the test listens on
            // there, which a wait that read the host's table would pass on
            runtime.remove(name);
            try (ServerSocket hosts = new ServerSocket(0)) {
                run(ContainerSpec.of(PeerImages.ensure(runtime)).withName(name).withNetwork("host"), freePort());

                // when / then: the host's listener is never taken for the node's
                assertThatThrownBy(() -> cluster.await().withTimeout(WAIT).forListeningPort("svc", hosts.getLocalPort()))
                        .isInstanceOfSatisfying(WaitFailedError.class, e -> assertThat(e.getMessage())
                                .contains("svc did not listen on [" + hosts.getLocalPort() + "]")
                                .contains("was not found"));
                // and a direct read says the node's container is gone, rather than give the host's table
                assertThatThrownBy(() -> cluster.connections("svc")).isInstanceOf(ContainerUnavailableException.class);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
