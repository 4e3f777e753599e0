package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.EngineRefusedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

/** The runtime against the real engine: what it does, what it refuses, and what it leaves alone. */
class DockerRuntimeIT {

    private static DockerTestCluster cluster;
    private static DockerEngine engine;
    private static ContainerRuntime runtime;

    @BeforeAll
    static void engine() {
        cluster = DockerTestCluster.shared();
        engine = cluster.engine();
        runtime = engine.runtime();
    }

    @Test
    void a_container_lives_its_life_through_the_runtime_and_carries_its_owner() {
        // given
        String name = cluster.name("lifecycle");
        String net = runtime.createNetwork(cluster.name("lifecycle-net"), Map.of(DockerTestCluster.LABEL, "true"));
        String id = runtime.create(ContainerSpec.of(TestImages.BUSYBOX).withName(name).withNetwork(net, "alias-1")
                .withEnv(Map.of("ROLE", "seed")).withLabels(Map.of(DockerTestCluster.LABEL, "true"))
                .withCmd("sleep", "1000"));
        try {
            // when
            runtime.start(id);
            ContainerInfo running = runtime.inspect(name);
            runtime.pause(name);
            String paused = runtime.inspect(name).state();
            runtime.unpause(name);
            runtime.disconnect(net, name);
            ContainerInfo apart = runtime.inspect(name);
            runtime.connect(net, name, List.of("alias-2"));
            ContainerInfo back = runtime.inspect(name);
            runtime.stop(name, Duration.ZERO);
            runtime.stop(name, Duration.ZERO);

            // then
            assertThat(running.id()).isEqualTo(id);
            assertThat(running.name()).isEqualTo(name);
            assertThat(running.running()).isTrue();
            assertThat(running.labels()).containsEntry(ContainerRuntime.OWNER_LABEL, Owner.self().label());
            assertThat(running.aliases().get(cluster.name("lifecycle-net"))).contains("alias-1");
            assertThat(running.addresses().get(cluster.name("lifecycle-net"))).hasSize(1);
            assertThat(paused).isEqualTo("paused");
            assertThat(apart.addresses()).doesNotContainKey(cluster.name("lifecycle-net"));
            assertThat(back.aliases().get(cluster.name("lifecycle-net"))).contains("alias-2");
            assertThat(runtime.inspect(name).state()).isEqualTo("exited");
            assertThat(runtime.list(Map.of(DockerTestCluster.LABEL, "true"), true)).extracting(ContainerInfo::id).contains(id);
            assertThat(runtime.list(Map.of(DockerTestCluster.LABEL, "true"), false)).extracting(ContainerInfo::id).doesNotContain(id);
        } finally {
            runtime.remove(id);
            runtime.remove(id);
            runtime.removeNetwork(net);
        }
        assertThatThrownBy(() -> runtime.inspect(name)).isInstanceOfSatisfying(ContainerUnavailableException.class,
                e -> assertThat(e.condition()).isEqualTo(Condition.NOT_FOUND));
    }

    @Test
    void what_the_engine_refuses_is_said_in_its_own_words() {
        // then: a missing image, a name that is taken, in the engine's words (Docker's "No such
        // image", Podman's "no such image"), with the engine's status code (409 from Docker, 500
        // from Podman for the name), and never docker-java's wrapping of them
        assertThatThrownBy(() -> runtime.create(ContainerSpec.of("tcpscope-test/no-such-image:0")))
                .isInstanceOfSatisfying(EngineRefusedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e).hasMessageContaining("refused to create container from image 'tcpscope-test/no-such-image:0'")
                            .hasMessageNotContaining("Status 404").hasMessageNotContaining("{\"");
                    assertThat(e.engineMessage()).containsIgnoringCase("no such image");
                });
        assertThatThrownBy(() -> runtime.create(ContainerSpec.of(TestImages.BUSYBOX).withName(cluster.listener()).withCmd("true")))
                .isInstanceOfSatisfying(EngineRefusedException.class, e -> {
                    assertThat(e.statusCode()).isIn(409, 500);
                    assertThat(e.engineMessage()).contains("is already in use");
                    assertThat(e).hasMessageNotContaining("Status ").hasMessageNotContaining("{\"");
                });

        // and a container that is missing or in the wrong state is named as such
        assertThatThrownBy(() -> runtime.start(cluster.missing())).isInstanceOfSatisfying(ContainerUnavailableException.class,
                e -> assertThat(e.condition()).isEqualTo(Condition.NOT_FOUND));
        assertThatThrownBy(() -> runtime.pause(cluster.stopped())).isInstanceOfSatisfying(ContainerUnavailableException.class,
                e -> assertThat(e.condition()).isEqualTo(Condition.NOT_RUNNING));
        assertThatThrownBy(() -> runtime.connect("tcpscope-test-no-such-network", cluster.idle(), List.of()))
                .isInstanceOf(EngineRefusedException.class).hasMessageContaining("tcpscope-test-no-such-network");
        assertThatThrownBy(() -> runtime.pause("$(touch /tmp/x)")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leftovers_of_a_dead_process_are_removed_and_those_of_live_ones_are_left_alone() throws Exception {
        // given: a container and a network of a process that ended, one of this live JVM, one
        // without an owner, and one of another machine
        DockerClient client = engine.client();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Owner self = Owner.self();
        String[] parts = self.label().split("/");
        String dead = parts[0] + "/" + parts[1] + "/" + parts[2] + "/" + ended.pid() + "/1";
        String label = "io.tcpscope.test.leftover-" + java.util.UUID.randomUUID(); // this run's own
        String deadOne = created(client, Map.of(label, "x", ContainerRuntime.OWNER_LABEL, dead));
        String liveOne = created(client, Map.of(label, "x", ContainerRuntime.OWNER_LABEL, self.label()));
        String ownerless = created(client, Map.of(label, "x"));
        String foreign = created(client, Map.of(label, "x", ContainerRuntime.OWNER_LABEL, "other-boot/1/0/" + ended.pid() + "/1"));
        String deadNet = client.createNetworkCmd().withName(cluster.name("dead-net"))
                .withLabels(Map.of(label, "x", ContainerRuntime.OWNER_LABEL, dead)).exec().getId();
        try {
            // when
            int removed = runtime.removeLeftovers(label);

            // then
            assertThat(removed).isEqualTo(2);
            assertThat(runtime.list(Map.of(label, "x"), true)).extracting(ContainerInfo::id)
                    .containsExactlyInAnyOrder(liveOne, ownerless, foreign);
            assertThat(client.listNetworksCmd().withIdFilter(deadNet).exec()).isEmpty();
        } finally {
            for (String c : List.of(deadOne, liveOne, ownerless, foreign)) {
                runtime.remove(c);
            }
            runtime.removeNetwork(deadNet);
        }
    }

    @Test
    void building_one_image_does_not_hold_up_another() throws Exception {
        // given: an engine whose answer about one tag never comes until the test says so
        DockerClient client = Mockito.spy(engine.client());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
            if (call.<String>getArgument(0).startsWith("tcpscope-test/slow:1-")) {
                inside.countDown();
                release.await();
            }
            return call.callRealMethod();
        }).when(client).inspectImageCmd(anyString());
        DockerEngine slowEngine = DockerEngine.of(client, "test");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> slow = threads.submit(() -> slowEngine.runtime().ensureImage("tcpscope-test/slow:1", Map.of(), List.of()));
            inside.await();

            // when
            Future<String> other = threads.submit(() -> slowEngine.runtime().ensureImage(TestImages.BUSYBOX, Map.of(), List.of()));

            // then: it is done while the first is still held (the bound only keeps a failing run finite)
            assertThat(other.get(60, TimeUnit.SECONDS)).startsWith(TestImages.BUSYBOX + "-");
            assertThat(slow).isNotDone();
            release.countDown();
            assertThat(slow.get(120, TimeUnit.SECONDS)).startsWith("tcpscope-test/slow:1-");
        } finally {
            release.countDown();
            threads.shutdownNow();
            for (var image : engine.client().listImagesCmd().withReferenceFilter("tcpscope-test/slow").exec()) {
                engine.client().removeImageCmd(image.getId()).withForce(true).exec();
            }
        }
    }

    private static String created(DockerClient client, Map<String, String> labels) {
        return client.createContainerCmd(TestImages.BUSYBOX).withCmd("true").withLabels(labels).exec().getId();
    }
}
