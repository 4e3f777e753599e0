package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * No caller waits without end for a read that does not end: a close gives up waiting for it and
 * removes the cluster anyway, a change says it could not wait, and a wait ends at its time. The
 * reads that do not end are real: a command in a node that sleeps (held by {@link Cluster#execInContainer}
 * for up to 30 s), and a node whose {@code cat} sleeps, so that every read in exec mode stalls until
 * the exec's own timeout. The oracle of what is left is the engine's own listing.
 *
 * <p>The preemptive timeouts only keep a hang from stalling the build; what each test checks is
 * what the caller is told and what is left.
 */
class BoundedClusterIT {

    private static final Duration GUARD = Duration.ofSeconds(20);

    private final DockerClient docker = TestEngine.client();

    /** A cluster whose changes and close wait at most 5 s for the reads under way. */
    private static Cluster started(InspectorMode mode) {
        return Cluster.builder().withEngine(TestEngine.require()).withInspectorMode(mode)
                .withDefaultTimeout(Duration.ofSeconds(2)).node("a").build().start();
    }

    /** Runs a command in node a that holds the cluster's read lock for 30 s, and returns once it runs. */
    private static ExecutorService holdingARead(Cluster cluster) {
        ExecutorService other = Executors.newSingleThreadExecutor();
        other.submit(() -> cluster.execInContainer("a", "sh", "-c", "touch /tmp/held; exec sleep 600"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.execInContainer("a", "test", "-e", "/tmp/held").exitCode() == 0);
        return other;
    }

    @Test
    void close_gives_up_on_a_read_that_does_not_end_and_removes_the_clusters_containers_and_network() {
        // given
        Cluster cluster = started(InspectorMode.AUTO);
        ExecutorService other = holdingARead(cluster);
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Cluster.LABEL, cluster.id())).exec())
                .as("the cluster's containers, before").hasSize(1);
        try {
            // when
            assertTimeoutPreemptively(GUARD, cluster::close);

            // then: the engine's own listing holds nothing of the cluster's
            assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Cluster.LABEL, cluster.id()))
                    .exec()).as("the cluster's containers, after").isEmpty();
            assertThat(docker.listNetworksCmd().exec()).noneMatch(n -> n.getName().equals(cluster.id()));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void a_pause_that_cannot_wait_for_a_read_says_so_in_a_typed_error() {
        // given
        try (Cluster cluster = started(InspectorMode.AUTO)) {
            ExecutorService other = holdingARead(cluster);
            try {
                // when / then
                assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(() -> cluster.pause("a"))
                        .isInstanceOf(EngineUnavailableException.class)
                        .hasMessageStartingWith("'pause of cluster " + cluster.id() + "' did not run: the reads and changes"
                                + " under way kept it waiting for longer than 5 s;")
                        .hasMessageNotContaining("did not answer"));
                assertThat(docker.inspectContainerCmd(cluster.node("a").containerId()).exec().getState().getPaused())
                        .as("node a paused").isFalse();
            } finally {
                other.shutdownNow();
            }
        }
    }

    @Test
    void a_wait_whose_read_stalls_ends_at_its_time_and_says_that_the_last_read_did_not_return() {
        // given: in exec mode, node a's table is read with cat, which now sleeps
        try (Cluster cluster = started(InspectorMode.EXEC)) {
            assertThat(cluster.execInContainer("a", "sh", "-c", "rm /bin/cat && printf '#!/bin/sh\\nexec /bin/busybox sleep 600\\n'"
                    + " > /bin/cat && chmod +x /bin/cat").exitCode()).isZero();

            // when / then
            assertTimeoutPreemptively(GUARD, () -> assertThatThrownBy(() -> cluster.await().forActiveConnections("a", 5))
                    .isInstanceOf(WaitFailedError.class)
                    .hasMessageStartingWith("a did not reach 5 active P2P connections")
                    .hasMessageContaining(": its time (2 s) was up while a read was under way, which had not returned 2 s later"));
        }
    }
}
