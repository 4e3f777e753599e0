package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.EngineFaultProxy;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A start that is given up on leaves nothing behind, and says why in a typed error.
 *
 * <p>A start that gives up on a create at the engine's response timeout leaves nothing behind, even
 * when the engine carries the create out afterwards: the fault proxy holds node b's create for
 * {@link #DELAY}, past the response timeout {@link #TIMEOUT}, and then hands it to the engine, which
 * creates the container after the start has given up on it; it holds the removal of the network for
 * as long, so that the start's clean-up is still under way when that container appears. The oracle
 * is the engine itself: its live events (that it did create node b's container) and its listing.
 *
 * <p>A start whose thread is interrupted while it waits for its nodes to start (the proxy holds a
 * node's start) throws a typed error, keeps the flag, and leaves nothing either.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AbandonedStartIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /**
     * Past {@link #TIMEOUT}, and within twice it: b appears while the clean-up waits on the network's
     * removal, about {@link #TIMEOUT} before the clean-up lists again; that is the margin a slow
     * engine has for carrying out b's create.
     */
    private static final Duration DELAY = Duration.ofSeconds(6);

    @Test
    void a_node_the_engine_creates_after_the_start_gave_up_on_it_is_removed_with_the_rest() throws Exception {
        DockerClient direct = TestEngine.client();
        TestEngine.require();
        try (EngineFaultProxy proxy = EngineFaultProxy.start();
             DockerEngine engine = DockerEngine.builder().host(proxy.host()).responseTimeout(TIMEOUT).build();
             Created created = new Created()) {
            Cluster cluster = Cluster.builder().withEngine(engine).node("a").node("b").build();
            try {
                startAndCheck(direct, proxy, created, cluster);
            } finally {
                cluster.close();
                removeWhatIsLeft(direct, cluster);
            }
        }
    }

    @Test
    void a_start_interrupted_while_its_nodes_start_says_so_typed_keeps_the_flag_and_leaves_nothing() throws Exception {
        DockerClient direct = TestEngine.client();
        TestEngine.require();
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try (EngineFaultProxy proxy = EngineFaultProxy.start();
             DockerEngine engine = DockerEngine.builder().host(proxy.host()).responseTimeout(Duration.ofSeconds(30)).build()) {
            Cluster cluster = Cluster.builder().withEngine(engine).node("a").build();
            try {
                // given: node a's start reaches the engine only after the delay
                proxy.delay(DELAY);
                proxy.fault("POST", "/containers/[^/]+/start$", EngineFaultProxy.Fault.DELAY);
                AtomicBoolean flagKept = new AtomicBoolean();
                Future<Throwable> start = starter.submit(() -> {
                    Throwable t = catchThrowable(cluster::start);
                    flagKept.set(Thread.currentThread().isInterrupted());
                    return t;
                });

                // when: the starting thread is interrupted while it waits for that start
                await().atMost(Duration.ofSeconds(60)).until(() -> proxy.faulted() == 1);
                starter.shutdownNow();

                // then
                assertThat(start.get(60, TimeUnit.SECONDS)).isInstanceOf(EngineUnavailableException.class)
                        .hasMessageStartingWith("interrupted while waiting for 'start of cluster " + cluster.id() + "' on ");
                assertThat(flagKept).as("the interrupt flag, after start() threw").isTrue();
                assertThat(direct.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Cluster.LABEL, cluster.id()))
                        .exec()).as("the cluster's containers").isEmpty();
                assertThat(direct.listNetworksCmd().withFilter("label", List.of(Cluster.LABEL + "=" + cluster.id())).exec())
                        .as("the cluster's network").isEmpty();
            } finally {
                cluster.close();
                removeWhatIsLeft(direct, cluster);
            }
        }
    }

    private static void removeWhatIsLeft(DockerClient direct, Cluster cluster) {
        // what a failed check found is not left for the next run
        direct.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Cluster.LABEL, cluster.id())).exec()
                .forEach(c -> direct.removeContainerCmd(c.getId()).withForce(true).exec());
        direct.listNetworksCmd().withFilter("label", List.of(Cluster.LABEL + "=" + cluster.id())).exec()
                .forEach(n -> direct.removeNetworkCmd(n.getId()).exec());
    }

    private static void startAndCheck(DockerClient direct, EngineFaultProxy proxy, Created created, Cluster cluster)
            throws InterruptedException {
        // given: node b's create and the network's removal reach the engine only after the delay
        String nodeB = cluster.id() + "-b";
        direct.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("create")
                .withLabelFilter(Map.of(Cluster.LABEL, cluster.id())).exec(created).awaitStarted(30, TimeUnit.SECONDS);
        proxy.delay(DELAY);
        proxy.fault("POST", "/containers/create\\?name=" + Pattern.quote(nodeB) + "$", EngineFaultProxy.Fault.DELAY);
        proxy.fault("DELETE", "/networks/" + Pattern.quote(cluster.id()) + "$", EngineFaultProxy.Fault.DELAY);

        // when
        Throwable thrown = catchThrowable(cluster::start);

        // then: the start gave up on b's create, which the engine carried out all the same
        assertThat(thrown).isInstanceOf(EngineUnavailableException.class).hasMessageContaining(nodeB);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(created.names()).as("containers the engine created").contains(nodeB);
            assertThat(direct.listNetworksCmd().withFilter("label", List.of(Cluster.LABEL + "=" + cluster.id())).exec())
                    .as("the cluster's network").isEmpty();
        });
        assertThat(direct.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Cluster.LABEL, cluster.id()))
                .exec()).as("the cluster's containers").isEmpty();
        assertThat(proxy.faulted()).as("calls the proxy delayed").isEqualTo(2);
    }

    /** The names of the containers the engine said it created, from the engine's live event stream. */
    private static final class Created extends ResultCallback.Adapter<Event> {
        private final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void onNext(Event event) {
            if (event.getActor() != null && event.getActor().getAttributes() != null) {
                names.add(event.getActor().getAttributes().get("name"));
            }
        }

        List<String> names() {
            return names;
        }
    }
}
