package io.tcpscope.testkit;

import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.ContainerSpec;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.internal.PeerImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Containers with no network namespace of their own, adopted on a real engine: one run with
 * {@code --network host}, and one with {@code --network container:<other>}. Each mode refuses to
 * adopt them in one line that names whose namespace it is, and leaves nothing behind; told to read
 * shared namespaces, it reads the host's table, in which a socket this test opened is the oracle.
 */
@ExtendWith(RequiresDocker.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard: a refusal comes at start, not at a timeout
class SharedNamespaceAdoptionIT {

    private static final String PREFIX = "tcpscope-it-sharedns-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String HOST_NET = PREFIX + "-hostnet";
    private static final String OWNER = PREFIX + "-owner";
    private static final String GUEST = PREFIX + "-guest";

    private static ContainerRuntime runtime;
    private static final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void containersWithoutANamespaceOfTheirOwn() {
        // given: one in the host's namespace; one with a namespace of its own on a network of the test's; and
        // one in that one's namespace, as `docker run --network host` and `--network container:X` make them
        runtime = TestEngine.require().runtime();
        String image = PeerImages.ensure(runtime);
        runtime.createNetwork(PREFIX, DockerTestCluster.labels());
        run(ContainerSpec.of(image).withName(HOST_NET).withNetwork("host"), freePort());
        run(ContainerSpec.of(image).withName(OWNER).withNetwork(PREFIX, "owner"), 9000);
        run(ContainerSpec.of(image).withName(GUEST).withNetwork("container:" + OWNER), 9001);
    }

    /** Runs a peer that listens on one port, so that it keeps running. */
    private static void run(ContainerSpec spec, int port) {
        String id = runtime.create(spec.withEnv(Map.of("LISTEN", Integer.toString(port), "PEERS", ""))
                .withLabels(DockerTestCluster.labels()));
        containers.add(id);
        runtime.start(id);
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeThem() {
        if (runtime != null) {
            for (int i = containers.size() - 1; i >= 0; i--) {
                runtime.remove(containers.get(i));
            }
            runtime.removeNetwork(PREFIX);
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(InspectorMode.AUTO, InspectorMode.EXEC, InspectorMode.PROCFS, InspectorMode.ENGINE_PROCFS)
                .flatMap(mode -> Stream.of(Arguments.of(mode, HOST_NET), Arguments.of(mode, GUEST)));
    }

    /**
     * Whose namespace the container is in, as the engine's inspect says (the oracle): the host's, or
     * the owner container's, named by its name (the engine's modes) or by its short id (procfs, which
     * knows containers by id only).
     */
    private static List<NamespaceOwner> ownersOf(String container) {
        if (container.equals(HOST_NET)) {
            return List.of(NamespaceOwner.host());
        }
        String ownerId = runtime.inspect(OWNER).id();
        return List.of(NamespaceOwner.container(OWNER), NamespaceOwner.container(ownerId.substring(0, 12)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void adopting_a_container_in_a_shared_namespace_is_refused_in_one_line_and_leaves_nothing_behind(
            InspectorMode mode, String container) {
        // given
        List<String> before = helpersOfThisProcess();
        List<NamespaceOwner> owners = ownersOf(container);

        // when / then
        assertThatThrownBy(() -> Cluster.adopt().withEngine(TestEngine.require()).withInspectorMode(mode)
                .container(container).build().start())
                .isInstanceOfSatisfying(SharedNamespaceException.class, e -> {
                    assertThat(e.owner()).isIn(owners);
                    assertThat(e.getMessage()).contains("'" + container + "'")
                            .contains("shares " + e.owner().describe() + " network namespace")
                            .contains("withSharedNamespaces()").doesNotContain("\n");
                });

        // then: no helper (sidecar, engine-side reader) of this process is left, by the engine's own listing, and
        // the user's containers run on
        assertThat(helpersOfThisProcess()).containsExactlyInAnyOrderElementsOf(before);
        containers.forEach(c -> assertThat(runtime.inspect(c).running()).as(c).isTrue());
    }

    static Stream<InspectorMode> modes() {
        return Stream.of(InspectorMode.AUTO, InspectorMode.EXEC, InspectorMode.PROCFS, InspectorMode.ENGINE_PROCFS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void told_to_read_shared_namespaces_it_reads_the_hosts_table(InspectorMode mode) throws Exception {
        // given: a socket the test listens on, on the host, on a port the kernel picks
        try (ServerSocket listening = new ServerSocket()) {
            listening.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0));
            int port = listening.getLocalPort();

            // when
            try (Cluster cluster = Cluster.adopt().withEngine(TestEngine.require()).withInspectorMode(mode)
                    .withSharedNamespaces().container(HOST_NET).build().start()) {
                List<TcpConnection> table = cluster.connections(cluster.nodes().get(0).name());

                // then
                assertThat(table).filteredOn(c -> c.state() == TcpState.LISTEN)
                        .extracting(c -> c.local().port()).contains(port);
            }
        }
    }

    /** The containers the engine lists with this process's owner label: the helpers it started, if any are left. */
    static List<String> helpersOfThisProcess() {
        String pid = Long.toString(ProcessHandle.current().pid());
        return runtime.list(Map.of(), true).stream()
                .filter(c -> ownedByThisProcess(c, pid)).map(ContainerInfo::id).toList();
    }

    private static boolean ownedByThisProcess(ContainerInfo container, String pid) {
        String owner = container.labels().get(ContainerRuntime.OWNER_LABEL);
        if (owner == null) {
            return false;
        }
        String[] parts = owner.split("/");
        return parts.length >= 4 && parts[3].equals(pid);
    }
}
