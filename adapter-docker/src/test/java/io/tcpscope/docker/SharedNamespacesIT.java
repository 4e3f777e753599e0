package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProvider;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.docker.internal.EngineProcfsProvider;
import io.tcpscope.docker.internal.ExecProvider;
import io.tcpscope.docker.internal.SidecarProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Containers with no network namespace of their own ({@code --network host}, {@code --network
 * container:X}), read by each mode of the adapter as the inspection context gives it, against the
 * real engine: refused by default in one line that names whose namespace it is; read with the
 * policy that says so, and then the table is the owner's: a listening socket the test opened on the
 * host, or one the owner container opened, is in it.
 */
@ExtendWith(RequiresDocker.class)
@Timeout(300)
class SharedNamespacesIT {

    private static final String LABEL = "io.tcpscope.test.namespaces";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final int OWNER_PORT = 7071;

    private static DockerEngine engine;
    private static DockerClient real;
    private static ServerSocket hostListener;
    private static String owner;
    private static String onHost;
    private static String joined;
    private static String joinedOnHost;

    /** The modes, as the inspection context gives them. */
    enum Mode {
        EXEC(new ExecProvider()),
        SIDECAR(new SidecarProvider()),
        ENGINE_PROCFS(new EngineProcfsProvider());

        final InspectorProvider provider;

        Mode(InspectorProvider provider) {
            this.provider = provider;
        }

        ConnectionInspector inspector(SharedNamespacePolicy policy) {
            InspectionContext.Builder context = InspectionContext.builder().with(DockerEngine.class, engine);
            if (policy != null) {
                context.with(SharedNamespacePolicy.class, policy);
            }
            return provider.create(context.build());
        }
    }

    @BeforeAll
    static void start() throws IOException {
        engine = TestEngine.require();
        real = engine.client();
        TestImages.build(engine);
        hostListener = new ServerSocket();
        hostListener.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0));
        owner = run("owner", "bridge", "exec nc -ll -p " + OWNER_PORT + " -e cat");
        onHost = run("on-host", "host", "exec sleep 100000");
        joined = run("joined", "container:" + owner, "exec sleep 100000");
        joinedOnHost = run("joined-on-host", "container:" + onHost, "exec sleep 100000");
        await().until(() -> listens(Mode.EXEC.inspector(null).connections(owner), OWNER_PORT));
    }

    @AfterAll
    static void stop() throws IOException {
        if (hostListener != null) {
            hostListener.close();
        }
        if (real != null) {
            // the joined container first: Podman refuses to remove a container others share the namespace of
            List<Container> made = new java.util.ArrayList<>(
                    real.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, RUN)).exec());
            made.sort(java.util.Comparator.comparing((Container c) -> c.getNames()[0].contains("-joined")).reversed());
            for (Container c : made) {
                real.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_container_on_the_hosts_network_is_refused_in_one_line_that_names_the_host(Mode mode) {
        // given
        ConnectionInspector inspector = mode.inspector(null);

        // then
        assertThatThrownBy(() -> inspector.connections(onHost))
                .isInstanceOfSatisfying(SharedNamespaceException.class, e -> assertThat(e.owner().isHost()).isTrue())
                .hasMessageContaining("'" + onHost + "'")
                .hasMessageContaining("shares the host's network namespace (--network host)")
                .hasMessageContaining("withSharedNamespaces()")
                .message().doesNotContain("\n");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_container_in_anothers_namespace_is_refused_in_one_line_that_names_the_other(Mode mode) {
        // given
        ConnectionInspector inspector = mode.inspector(SharedNamespacePolicy.refuse("--shared-namespaces"));

        // then
        assertThatThrownBy(() -> inspector.connections(joined))
                .isInstanceOfSatisfying(SharedNamespaceException.class,
                        e -> assertThat(e.owner()).isEqualTo(NamespaceOwner.container(owner)))
                .hasMessageContaining("shares container '" + owner + "''s network namespace (--network container:" + owner + ")")
                .hasMessageContaining("--shared-namespaces")
                .message().doesNotContain("\n");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_container_in_the_namespace_of_one_on_the_hosts_network_shares_the_hosts(Mode mode) {
        // given
        ConnectionInspector inspector = mode.inspector(null);

        // then
        assertThatThrownBy(() -> inspector.connections(joinedOnHost))
                .isInstanceOfSatisfying(SharedNamespaceException.class, e -> assertThat(e.owner().isHost()).isTrue())
                .hasMessageContaining("shares the host's network namespace");
        assertThat(inspector.sharedNamespace(joinedOnHost)).contains(NamespaceOwner.host());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void with_the_policy_that_reads_them_the_hosts_table_is_read_and_labelled(Mode mode) {
        // given
        ConnectionInspector inspector = mode.inspector(SharedNamespacePolicy.read());

        // when
        List<TcpConnection> table = inspector.connections(onHost);

        // then: the socket this test opened on the host is in it
        assertThat(listens(table, hostListener.getLocalPort())).as("the host's listener in %s", table).isTrue();
        assertThat(inspector.sharedNamespace(onHost)).contains(NamespaceOwner.host());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void with_the_policy_that_reads_them_the_owners_table_is_read_and_labelled(Mode mode) {
        // given
        ConnectionInspector inspector = mode.inspector(SharedNamespacePolicy.read());

        // when
        List<TcpConnection> table = inspector.connections(joined);

        // then: the owner's listener is in it, and the host's is not
        assertThat(listens(table, OWNER_PORT)).as("the owner's listener in %s", table).isTrue();
        assertThat(listens(table, hostListener.getLocalPort())).isFalse();
        assertThat(inspector.sharedNamespace(joined)).contains(NamespaceOwner.container(owner));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_container_with_a_namespace_of_its_own_is_read_and_shares_none(Mode mode) {
        // given
        ConnectionInspector inspector = mode.inspector(null);

        // then
        assertThat(listens(inspector.connections(owner), OWNER_PORT)).isTrue();
        assertThat(inspector.sharedNamespace(owner)).isEmpty();
        assertThat(inspector.sharedNamespace(engine.runtime().inspect(owner).id())).isEmpty();
    }

    private static boolean listens(List<TcpConnection> table, int port) {
        return table.stream().anyMatch(c -> c.state() == TcpState.LISTEN && c.local().port() == port);
    }

    private static String run(String name, String network, String script) {
        String full = "tcpscope-ns-" + RUN + "-" + name;
        String id = real.createContainerCmd(TestImages.BUSYBOX).withName(full).withLabels(Map.of(LABEL, RUN))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
                .withCmd("sh", "-c", script).exec().getId();
        real.startContainerCmd(id).exec();
        return full;
    }
}
