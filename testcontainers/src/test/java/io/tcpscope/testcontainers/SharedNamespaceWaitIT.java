package io.tcpscope.testcontainers;

import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.docker.RequiresDocker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Testcontainers container run with {@code withNetworkMode("host")}: its table would be the host's,
 * so a tcpscope wait on it fails the start with the refusal, at once rather than at its timeout.
 */
@ExtendWith(RequiresDocker.class)
class SharedNamespaceWaitIT {

    /** Far beyond the hang guard, so that a wait that ran to its timeout would trip the guard instead. */
    private static final Duration STARTUP = Duration.ofMinutes(10);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard: the refusal comes at the first read
    void a_wait_on_a_container_in_the_hosts_namespace_fails_the_start_with_the_refusal_in_one_line() throws Exception {
        // given: a peer that listens in the host's namespace, on a port the kernel had free
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (GenericContainer<?> hostNet = new GenericContainer<>(Images.peer()).withNetworkMode("host")
                .withEnv("LISTEN", Integer.toString(port)).withEnv("PEERS", "")
                .waitingFor(TcpscopeWait.forListeningPort(port).withStartupTimeout(STARTUP))) {

            // when / then
            assertThatThrownBy(hostNet::start).isInstanceOf(ContainerLaunchException.class)
                    .satisfies(e -> {
                        SharedNamespaceException refusal = refusalIn(e);
                        assertThat(refusal.owner()).isEqualTo(NamespaceOwner.host());
                        assertThat(refusal.getMessage()).contains("shares the host's network namespace")
                                .doesNotContain("\n");
                        // the wait's own message carries the refusal's line
                        assertThat(launchMessages(e)).anySatisfy(m -> assertThat(m.lines().findFirst().orElseThrow())
                                .contains(refusal.getMessage()));
                    });
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void told_to_read_shared_namespaces_the_wait_reads_the_hosts_table() throws Exception {
        // given: a socket the test listens on, on the host, and a peer in the host's namespace that listens on another
        try (java.net.ServerSocket listening = new java.net.ServerSocket()) {
            listening.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(new byte[4]), 0));
            int port = listening.getLocalPort();
            int peerPort;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                peerPort = probe.getLocalPort();
            }
            try (GenericContainer<?> hostNet = new GenericContainer<>(Images.peer()).withNetworkMode("host")
                    .withEnv("LISTEN", Integer.toString(peerPort)).withEnv("PEERS", "")
                    .waitingFor(TcpscopeWait.forListeningPort(port).withSharedNamespaces()
                            .withStartupTimeout(Duration.ofSeconds(60)))) {

                // when
                hostNet.start();

                // then: the wait passed on the test's own socket, which only the host's table has
                assertThat(hostNet.isRunning()).isTrue();
            }
        }
    }

    private static SharedNamespaceException refusalIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SharedNamespaceException found) {
                return found;
            }
        }
        throw new AssertionError("no SharedNamespaceException in the cause chain of " + e, e);
    }

    private static java.util.List<String> launchMessages(Throwable e) {
        java.util.List<String> messages = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ContainerLaunchException && t.getMessage() != null) {
                messages.add(t.getMessage());
            }
        }
        return messages;
    }
}
