package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestImages;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** How a cluster comes up, fails to, and goes down while others read it. */
class ClusterLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void building_twice_from_one_builder_gives_the_same_dials() {
        // given
        ClusterBuilder builder = Cluster.builder().withEngine(TestEngine.require()).nodes(3).fullMesh();
        builder.build().close();

        // when
        try (Cluster second = builder.build().start()) {

            // then: node-1 dials each later node once, not twice
            assertThat(second.execInContainer("node-1", "env").stdoutText()).contains("PEERS=node-2:9000 node-3:9000\n");
            assertThat(second.execInContainer("node-3", "env").stdoutText()).contains("PEERS=\n");
        }
    }

    @Test
    void a_start_that_fails_on_a_missing_image_leaves_nothing_behind() {
        // given
        Cluster cluster = Cluster.builder().withEngine(TestEngine.require()).withImage("tcpscope-test/no-such-image:0").nodes(2).build();

        // when
        Throwable thrown = catchThrowable(cluster::start);

        // then
        assertThat(thrown).isInstanceOf(EngineRefusedException.class).hasMessageContaining("No such image");
        assertNothingLeftOf(cluster);
        cluster.close();
    }

    @Test
    void a_start_that_fails_on_a_name_clash_leaves_nothing_behind() {
        // given: another container already has the name node-2's container would get
        Cluster cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(3).build();
        DockerClient client = TestEngine.client();
        String squatter = client.createContainerCmd(TestImages.builtOn(TestEngine.require()))
                .withName(cluster.id() + "-node-2").withCmd("sleep", "1000").exec().getId();
        try {
            // when
            Throwable thrown = catchThrowable(cluster::start);

            // then
            assertThat(thrown).isInstanceOfSatisfying(EngineRefusedException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(409));
            assertNothingLeftOf(cluster);
        } finally {
            client.removeContainerCmd(squatter).withForce(true).exec();
            cluster.close();
        }
    }

    @Test
    void a_start_that_fails_after_a_node_started_leaves_nothing_behind_and_no_exit_hook() {
        // given: node a starts; node b's command is not in the image, so the engine cannot start it
        Cluster cluster = Cluster.builder().withEngine(TestEngine.require()).node("a")
                .node("b", b -> b.command("/no/such/command")).build();

        // when
        Throwable thrown = catchThrowable(cluster::start);

        // then: the engine's own listing holds nothing of it, and the hook was registered, then forgotten
        assertThat(thrown).isInstanceOf(EngineRefusedException.class).hasMessageContaining("/no/such/command");
        assertNothingLeftOf(cluster);
        assertThat(Runtime.getRuntime().removeShutdownHook(cluster.exitHook())).as("the exit hook is still registered")
                .isFalse();
        cluster.close();
    }

    @Test
    void readers_in_parallel_never_see_a_half_removed_or_closed_cluster() throws Exception {
        // given: a mesh, and six threads reading and waiting on it as parallel tests would
        Cluster cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(3).fullMesh().build().start();
        cluster.await().withTimeout(WAIT).forFullMesh();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        ConcurrentLinkedQueue<Throwable> wrong = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<List<String>> seen = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        List<Future<?>> readers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int kind = t % 3;
            readers.add(threads.submit(() -> {
                while (true) {
                    try {
                        if (kind == 0) {
                            seen.add(cluster.await().withTimeout(WAIT).forTopology("two nodes or more", x -> x.nodes().size() >= 2).nodes());
                        } else if (kind == 1) {
                            seen.add(cluster.topology().nodes());
                        } else {
                            // node-1 keeps a peer whichever node goes: 1 or 2 live connections
                            cluster.await().withTimeout(WAIT).forActiveConnections("node-1", 1, 2);
                            assertThat(cluster.activeConnections("node-2")).isBetween(0, 2);
                        }
                        reads.incrementAndGet();
                    } catch (IllegalStateException closed) {
                        assertThat(closed).hasMessage("cluster " + cluster.id() + " is closed");
                        return;
                    } catch (Throwable e) {
                        wrong.add(e);
                        return;
                    }
                }
            }));
        }

        // when: a node is removed, then the whole cluster, while they read
        awaitReads(reads, 12, readers);
        cluster.remove("node-3");
        awaitReads(reads, reads.get() + 12, readers);
        cluster.close();

        // then: every reader stopped on the closed cluster, and every snapshot was whole
        for (Future<?> reader : readers) {
            reader.get(60, TimeUnit.SECONDS);
        }
        threads.shutdownNow();
        assertThat(wrong).isEmpty();
        assertThat(seen).allSatisfy(nodes -> assertThat(nodes).isIn(
                List.of("node-1", "node-2", "node-3"), List.of("node-1", "node-2")));
        assertThat(seen).contains(List.of("node-1", "node-2", "node-3"), List.of("node-1", "node-2"));
        assertThatThrownBy(cluster::topology).isInstanceOf(IllegalStateException.class);
        assertNothingLeftOf(cluster);
    }

    /** Waits for the readers to have read {@code n} times in all; a reader that stopped early fails the test. */
    private static void awaitReads(AtomicInteger reads, int n, List<Future<?>> readers) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reads.get() < n) {
            assertThat(readers).as("a reader stopped before the cluster closed").noneMatch(Future::isDone);
            assertThat(System.nanoTime() - deadline).as("the readers read %d times within %s", n, WAIT).isNegative();
            Thread.onSpinWait();
        }
    }

    private static void assertNothingLeftOf(Cluster cluster) {
        DockerClient client = TestEngine.client();
        assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Cluster.LABEL, cluster.id())).exec())
                .isEmpty();
        assertThat(client.listNetworksCmd().withFilter("label", List.of(Cluster.LABEL + "=" + cluster.id())).exec()).isEmpty();
    }
}
