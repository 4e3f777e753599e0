package io.tcpscope.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.EngineProcfsInspector;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.docker.SidecarImage;
import io.tcpscope.docker.SidecarInspector;
import io.tcpscope.docker.internal.DefaultEngines;
import io.tcpscope.docker.spi.DockerEngineProvider;
import io.tcpscope.testcontainers.internal.TestcontainersEngines;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code tcpscope-testcontainers} on the class path, tcpscope works on the engine Testcontainers
 * found, through its client, and what tcpscope creates there carries Testcontainers' session labels,
 * the ones its reaper (Ryuk) removes a session's containers by. Ryuk itself does not run here (its
 * image would come from a public registry): the engine's own record of what was created is the oracle.
 */
@ExtendWith(RequiresDocker.class)
class TestcontainersEngineIT {

    private static final Network NETWORK = Network.newNetwork();
    private static final GenericContainer<?> PEER = Images.peer(NETWORK, "peer", "");

    @BeforeAll
    static void start() {
        PEER.start();
    }

    @AfterAll
    static void stop() {
        PEER.stop();
        NETWORK.close();
    }

    /**
     * The labels Testcontainers itself put on a container it started in this session: its own
     * {@code org.testcontainers*} labels, the ones Ryuk's filter is made of.
     */
    private static Map<String, String> ryuksLabels() {
        Map<String, String> labels = new java.util.HashMap<>(PEER.getContainerInfo().getConfig().getLabels());
        labels.keySet().removeIf(key -> !key.startsWith("org.testcontainers"));
        assertThat(labels).containsKey("org.testcontainers.sessionId").containsEntry("org.testcontainers", "true");
        return labels;
    }

    @Test
    void the_default_engine_is_the_one_testcontainers_found() {
        // then: Testcontainers' provider comes first, and its engine is named as Testcontainers reaches it
        assertThat(DefaultEngines.installed()).extracting(DockerEngineProvider::name)
                .containsExactly("testcontainers", "environment");
        try (DockerEngine engine = DockerEngine.fromEnvironment()) {
            assertThat(engine.endpoint())
                    .isEqualTo(DockerClientFactory.instance().getTransportConfig().getDockerHost().toString());
            assertThat(engine.labels()).containsAllEntriesOf(ryuksLabels());
        }
    }

    @Test
    void a_sidecar_carries_the_session_labels_that_ryuk_removes_by() throws Exception {
        // given
        DockerClient client = DockerClientFactory.instance().client();
        DockerEngine engine = TestcontainersEngines.engine(client);
        long since = System.currentTimeMillis() / 1000 - 1;

        // when
        new SidecarInspector(engine, SidecarImage.standard()).connections(PEER.getContainerId());

        // then: the engine's record of the sidecar it created, which it has removed since
        List<Event> created = new ArrayList<>();
        client.eventsCmd().withSince(Long.toString(since)).withUntil(Long.toString(System.currentTimeMillis() / 1000 + 1))
                .withEventTypeFilter(EventType.CONTAINER).withEventFilter("create").withLabelFilter(Map.of(SidecarImage.LABEL, "sidecar"))
                .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event event) {
                        created.add(event);
                    }
                }).awaitCompletion(30, TimeUnit.SECONDS);
        assertThat(created).isNotEmpty();
        assertThat(created.get(created.size() - 1).getActor().getAttributes()).containsAllEntriesOf(ryuksLabels());
    }

    @Test
    void the_reader_helper_and_a_clusters_nodes_and_network_carry_them_too() {
        DockerClient client = DockerClientFactory.instance().client();
        try (DockerEngine engine = TestcontainersEngines.engine(client)) {
            // when
            new EngineProcfsInspector(engine).connections(PEER.getContainerId());

            // then
            List<Container> readers = client.listContainersCmd().withLabelFilter(Map.of(SidecarImage.LABEL, "engine-procfs",
                    "org.testcontainers.sessionId", DockerClientFactory.SESSION_ID)).exec();
            assertThat(readers).isNotEmpty();
            assertThat(readers.get(0).getLabels()).containsAllEntriesOf(ryuksLabels());
        }
        try (Cluster cluster = Cluster.builder().nodes(2).fullMesh().build().start()) {
            List<Container> nodes = client.listContainersCmd()
                    .withLabelFilter(Map.of("io.tcpscope.cluster", cluster.id())).exec();
            assertThat(nodes).hasSize(2).allSatisfy(node -> assertThat(node.getLabels()).containsAllEntriesOf(ryuksLabels()));
            assertThat(client.listNetworksCmd().withFilter("label", List.of("io.tcpscope.cluster=" + cluster.id())).exec())
                    .singleElement().satisfies(n -> assertThat(n.getLabels()).containsAllEntriesOf(ryuksLabels()));
        }
    }
}
