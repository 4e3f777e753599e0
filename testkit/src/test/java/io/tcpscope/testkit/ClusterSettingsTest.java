package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.topology.NodePair;
import io.tcpscope.docker.DockerEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a cluster's description sets, before anything runs: the same settings, under the same names,
 * on a built and an adopted cluster, and the waits' default timeout. An engine that nothing
 * answers on is enough, since nothing here talks to it.
 */
class ClusterSettingsTest {

    private static final DockerEngine NOWHERE = DockerEngine.at("tcp://127.0.0.1:9");

    @Test
    void waits_last_the_clusters_default_timeout_sixty_seconds_unless_set() {
        // given
        Cluster plain = Cluster.builder().withEngine(NOWHERE).nodes(1).build();
        Cluster told = Cluster.builder().withEngine(NOWHERE).nodes(1).withDefaultTimeout(Duration.ofSeconds(7)).build();
        Cluster adopted = Cluster.adopt().withEngine(NOWHERE).container("a").withDefaultTimeout(Duration.ofMillis(1500)).build();

        // then
        assertThat(plain.await().timeout()).isEqualTo(Duration.ofSeconds(60)).isEqualTo(ClusterSettings.DEFAULT_TIMEOUT);
        assertThat(told.await().timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(told.await().withTimeout(Duration.ofSeconds(2)).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(told.await().timeout()).as("a wait's setting is its own").isEqualTo(Duration.ofSeconds(7));
        assertThat(adopted.defaultTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(adopted.await()).hasToString("ClusterWait[cluster " + adopted.id() + ", at most 1500 ms]");
    }

    @Test
    void a_built_and_an_adopted_cluster_take_the_same_settings() {
        // when
        Cluster built = Cluster.builder().withEngine(NOWHERE).nodes(1).withP2pPorts(PortSet.parse("7000"))
                .withInspectorMode(InspectorMode.PROCFS).build();
        Cluster adopted = Cluster.adopt().withEngine(NOWHERE).container("a").withP2pPorts(PortSet.parse("7000"))
                .withInspectorMode(InspectorMode.PROCFS).build();

        // then
        assertThat(built.p2pPorts()).isEqualTo(adopted.p2pPorts()).isEqualTo(PortSet.parse("7000"));
        assertThat(built.inspectorMode()).isEqualTo(adopted.inspectorMode()).isEqualTo(InspectorMode.PROCFS);
    }

    @Test
    void a_negative_time_is_refused_where_it_is_set() {
        assertThatThrownBy(() -> Cluster.builder().withDefaultTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a time to wait is zero or more, not PT-1S");
        Cluster cluster = Cluster.builder().withEngine(NOWHERE).nodes(1).build();
        assertThatThrownBy(() -> cluster.await().withTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero or more");
    }

    @Test
    void a_cluster_that_has_not_started_says_to_start_it_and_reads_nothing() {
        // given: built, not started
        Cluster cluster = Cluster.builder().withEngine(NOWHERE).nodes(2).build();

        // then
        assertThatThrownBy(cluster::topology).isInstanceOf(IllegalStateException.class)
                .hasMessage("cluster " + cluster.id() + " has not started; call start() first");
        assertThatThrownBy(() -> cluster.await().forConnected(NodePair.of("node-1", "node-2")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call start() first");
        cluster.close();
        assertThatThrownBy(cluster::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("cluster " + cluster.id() + " is closed");
    }
}
