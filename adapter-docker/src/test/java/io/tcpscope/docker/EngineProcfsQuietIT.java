package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.tcpscope.core.Golden.withoutDetails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The engine-procfs reader says nothing it was not asked: AUTO learns that a container is missing or
 * stopped without starting a helper, and neither that nor closing an engine whose helper ran prints
 * anything from a background thread. The sequences run 24 times each, as a user's runs of the
 * command did when a stack trace came in about half of them; System.err is this JVM's, redirected for
 * the test, and the engine's own event stream is the oracle of which helpers were created.
 */
class EngineProcfsQuietIT {

    private static final int RUNS = 24;
    private static final String RUN_LABEL = "io.tcpscope.test.quiet-run";

    private static DockerTestCluster cluster;
    private PrintStream stderr;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final String run = UUID.randomUUID().toString();

    @BeforeAll
    static void startCluster() {
        cluster = DockerTestCluster.shared();
    }

    @BeforeEach
    void redirectStderr() {
        stderr = System.err;
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(stderr);
        stderr.print(printed.toString(StandardCharsets.UTF_8)); // what the test saw, for its report
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void auto_learns_that_a_container_is_missing_or_stopped_without_a_helper_and_prints_nothing() throws Exception {
        Created created = watchCreated();
        for (int i = 0; i < RUNS; i++) {
            // given: what the command builds for AUTO, on an engine of its own
            try (DockerEngine engine = DockerEngine.builder().labels(Map.of(RUN_LABEL, run)).build();
                 AutoInspector auto = new AutoInspector(InspectorProviders.installed(), InspectionContext.builder()
                         .with(DockerEngine.class, engine).with(HostPidResolver.class, engine.hostPids()).build())) {
                // when / then
                assertThatThrownBy(() -> auto.connections(cluster.missing()))
                        .isInstanceOf(ContainerUnavailableException.class);
                assertThatThrownBy(() -> auto.connections(cluster.stopped()))
                        .isInstanceOf(ContainerUnavailableException.class);
            }
        }

        assertThat(created.helpers()).as("reader helpers the engine created").isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("System.err").isEmpty();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void closing_an_engine_whose_helper_read_a_container_prints_nothing() throws Exception {
        Created created = watchCreated();
        for (int i = 0; i < RUNS; i++) {
            // given: an engine whose helper read a table
            try (DockerEngine engine = DockerEngine.builder().labels(Map.of(RUN_LABEL, run)).build()) {
                assertThat(withoutDetails(new EngineProcfsInspector(engine).connections(cluster.listener())))
                        .isNotEmpty();
                // then, when: a read of a missing container, and the engine closed at once
                assertThatThrownBy(() -> new EngineProcfsInspector(engine).connections(cluster.missing()))
                        .isInstanceOf(ContainerUnavailableException.class);
            }
        }

        // then: the helpers ran (the oracle can see them), and not one line reached System.err
        assertThat(created.helpers()).hasSize(RUNS);
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("System.err").isEmpty();
    }

    /**
     * Watches the engine's live event stream for the containers of this test's run that it creates,
     * from now on. The stream, not the engine's log of past events, which keeps only the last few
     * hundred of a busy engine's.
     */
    private Created watchCreated() throws InterruptedException {
        Created created = new Created();
        TestEngine.client().eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("create")
                .withLabelFilter(Map.of(RUN_LABEL, run)).exec(created).awaitStarted(30, TimeUnit.SECONDS);
        return created;
    }

    /** The containers of the run that the engine created, as its events said. */
    private final class Created extends ResultCallback.Adapter<Event> {
        private final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void onNext(Event event) {
            events.add(event);
        }

        /**
         * The reader helpers among them, once the engine has said that it created a marker container
         * of the run, made now: its events come in order, so every earlier one has come.
         */
        List<String> helpers() throws Exception {
            DockerClient client = TestEngine.client();
            String marker = client.createContainerCmd(TestImages.BUSYBOX).withLabels(Map.of(RUN_LABEL, run))
                    .withCmd("true").exec().getId();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> marker.equals(e.getId())));
            } finally {
                client.removeContainerCmd(marker).withForce(true).exec();
                close();
            }
            return events.stream()
                    .filter(e -> e.getActor() != null && e.getActor().getAttributes() != null
                            && EngineProcfsReader.ROLE.equals(e.getActor().getAttributes().get(SidecarImage.LABEL)))
                    .map(Event::getId).distinct().toList(); // Podman's stream may say a create twice
        }
    }
}
