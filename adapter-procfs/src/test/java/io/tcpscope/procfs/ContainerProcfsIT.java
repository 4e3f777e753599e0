package io.tcpscope.procfs;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.procfs.internal.ProcfsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Containers of a real engine read through {@code /proc}: one restarted while it is read, one in the
 * host's network namespace and one in another container's. PIDs and ids come from {@code docker
 * inspect} ({@link DockerCli}); the oracles are listeners the test itself opened.
 */
@Timeout(180)
class ContainerProcfsIT {

    private static final int PORT = 7777;

    @BeforeAll
    static void engine() {
        DockerCli.require();
    }

    @AfterAll
    static void removeContainers() {
        DockerCli.removeAll();
    }

    @Test
    void a_container_restarted_between_the_engines_answer_and_the_read_is_read_at_its_new_pid() {
        // given: a listening container, and an engine whose answer is stale by the time it is read:
        // the container is restarted (docker restart) right after the engine gave its PID
        String node = DockerCli.run(List.of(), "httpd", "-f", "-p", Integer.toString(PORT), "-h", "/");
        HostPidResolver engine = DockerCli.resolver();
        awaitListening(node);
        AtomicInteger asked = new AtomicInteger();
        long[] stale = new long[1];
        HostPidResolver restartedMeanwhile = new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                return hostProcess(container).pid();
            }

            @Override
            public HostProcess hostProcess(String container) {
                HostProcess answer = engine.hostProcess(container);
                if (asked.getAndIncrement() == 0) {
                    stale[0] = answer.pid();
                    DockerCli.docker("restart", "-t", "0", container);
                    awaitListening(container);
                }
                return answer;
            }
        };

        // when
        List<TcpConnection> table = new ProcfsInspector(restartedMeanwhile).connections(node);

        // then: the restarted container's table, read at its new PID
        assertThat(engine.hostProcess(node).pid()).as("the restart gave the container a new process").isNotEqualTo(stale[0]);
        assertThat(table).anySatisfy(c -> {
            assertThat(c.state()).isEqualTo(TcpState.LISTEN);
            assertThat(c.local().port()).isEqualTo(PORT);
        });
        assertThat(asked).hasValueGreaterThan(1);
    }

    @Test
    void a_container_stopped_between_the_engines_answer_and_the_read_is_not_running_as_the_engine_says() {
        // given: the container is stopped right after the engine gave its PID
        String node = DockerCli.run(List.of(), "sleep", "600");
        String id = DockerCli.id(node);
        HostPidResolver engine = DockerCli.resolver();
        AtomicInteger asked = new AtomicInteger();
        HostPidResolver stoppedMeanwhile = new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                return hostProcess(container).pid();
            }

            @Override
            public HostProcess hostProcess(String container) {
                HostProcess answer = engine.hostProcess(container);
                if (asked.getAndIncrement() == 0) {
                    DockerCli.docker("stop", "-t", "0", container);
                }
                return answer;
            }
        };

        // then: the engine, asked again, says what became of it
        assertThatThrownBy(() -> new ProcfsInspector(stoppedMeanwhile).connections(node))
                .isInstanceOfSatisfying(ContainerUnavailableException.class, e -> {
                    assertThat(e.condition()).isEqualTo(ContainerUnavailableException.Condition.NOT_RUNNING);
                    assertThat(e.id()).isEqualTo(id);
                });
    }

    @Test
    void a_container_in_the_hosts_network_namespace_is_refused_naming_the_host() {
        // given
        String hostNet = DockerCli.run(List.of("--network", "host"), "sleep", "600");
        String id = DockerCli.id(hostNet);

        // then
        assertThatThrownBy(() -> new ProcfsInspector(DockerCli.resolver()).connections(hostNet))
                .isInstanceOfSatisfying(SharedNamespaceException.class, e -> {
                    assertThat(e.owner()).isEqualTo(NamespaceOwner.host());
                    assertThat(e).hasMessage("container '" + hostNet + "' (" + id.substring(0, 12) + ") shares the host's"
                            + " network namespace (--network host), so its table would be the host's; give it a network"
                            + " of its own, or read it anyway with withSharedNamespaces()");
                });
    }

    @Test
    void a_container_in_the_hosts_network_namespace_read_when_opted_in_shows_a_listener_of_the_host() throws IOException {
        // given: a listener of this JVM's, which runs in the namespace the engine calls the host's
        try (ServerSocket mine = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String hostNet = DockerCli.run(List.of("--network", "host"), "sleep", "600");
            long pid = DockerCli.resolver().hostPid(hostNet);
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")))
                    .as("this test's oracle is a listener of this JVM's, which must run in the host's network namespace")
                    .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
            ProcfsInspector procfs = ProcfsInspector.builder(DockerCli.resolver())
                    .withSharedNamespaces(SharedNamespacePolicy.read()).build();

            // when
            List<TcpConnection> table = procfs.connections(hostNet);

            // then
            assertThat(procfs.sharedNamespace(hostNet)).contains(NamespaceOwner.host());
            assertThat(table).anySatisfy(c -> {
                assertThat(c.state()).isEqualTo(TcpState.LISTEN);
                assertThat(c.local().port()).isEqualTo(mine.getLocalPort());
            });
        }
    }

    @Test
    void a_container_in_another_containers_namespace_is_refused_naming_that_container_and_read_when_opted_in() {
        // given: an owner that listens, and a container started in its namespace
        String owner = DockerCli.run(List.of(), "httpd", "-f", "-p", Integer.toString(PORT), "-h", "/");
        String ownerId = DockerCli.id(owner).substring(0, 12);
        String joiner = DockerCli.run(List.of("--network", "container:" + owner), "sleep", "600");
        String joinerId = DockerCli.id(joiner).substring(0, 12);
        awaitListening(owner);
        ProcfsInspector refusing = new ProcfsInspector(DockerCli.resolver());
        ProcfsInspector reading = ProcfsInspector.builder(DockerCli.resolver())
                .withSharedNamespaces(SharedNamespacePolicy.read()).build();

        // then: the joiner is refused, naming the owner
        assertThatThrownBy(() -> refusing.connections(joiner))
                .isInstanceOfSatisfying(SharedNamespaceException.class, e -> {
                    assertThat(e.owner()).isEqualTo(NamespaceOwner.container(ownerId));
                    assertThat(e).hasMessage("container '" + joiner + "' (" + joinerId + ") shares container '" + ownerId
                            + "''s network namespace (--network container:" + ownerId + "), so its table would be that"
                            + " container's; give it a network of its own, or read it anyway with withSharedNamespaces()");
                });
        // the owner has a namespace of its own, and is read
        assertThat(refusing.sharedNamespace(owner)).isEmpty();
        assertThat(refusing.connections(owner)).anySatisfy(c -> assertThat(c.local().port()).isEqualTo(PORT));
        // opted in, the joiner's table is the owner's, with the owner's listener
        assertThat(reading.sharedNamespace(joiner)).contains(NamespaceOwner.container(ownerId));
        assertThat(reading.connections(joiner)).anySatisfy(c -> {
            assertThat(c.state()).isEqualTo(TcpState.LISTEN);
            assertThat(c.local().port()).isEqualTo(PORT);
        });
    }

    @Test
    void the_procfs_mode_takes_its_shared_namespace_policy_from_the_inspection_context() {
        // given
        String hostNet = DockerCli.run(List.of("--network", "host"), "sleep", "600");
        InspectionContext.Builder context = InspectionContext.builder().with(HostPidResolver.class, DockerCli.resolver());
        ProcfsProvider procfs = new ProcfsProvider();

        // then
        assertThatThrownBy(() -> procfs.create(context.build()).connections(hostNet))
                .isInstanceOf(SharedNamespaceException.class).hasMessageEndingWith("read it anyway with withSharedNamespaces()");
        ConnectionInspector refusing = procfs.create(context
                .with(SharedNamespacePolicy.class, SharedNamespacePolicy.refuse("--shared-namespaces")).build());
        assertThatThrownBy(() -> refusing.connections(hostNet))
                .isInstanceOf(SharedNamespaceException.class).hasMessageEndingWith("read it anyway with --shared-namespaces");
        ConnectionInspector reading = procfs.create(context.with(SharedNamespacePolicy.class, SharedNamespacePolicy.read()).build());
        assertThat(reading.sharedNamespace(hostNet)).contains(NamespaceOwner.host());
        assertThat(reading.connections(hostNet)).isNotEmpty();
    }

    /** Waits until the container listens on {@link #PORT}, as busybox's netstat in it says. */
    private static void awaitListening(String container) {
        await().atMost(Duration.ofSeconds(30)).until(() -> DockerCli.exec(List.of("docker", "exec", container,
                "/bin/busybox", "netstat", "-ltn")).out().contains(":" + PORT + " "));
    }
}
