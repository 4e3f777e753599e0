package io.tcpscope.testkit;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster on an engine in PID and network namespaces of its own, as a remote engine is
 * ({@code .ci/remote-engine}): in AUTO it is read on the engine's side, through one reader helper,
 * and never by an exec in a node. Not an {@code *IT}: {@code .ci/run} runs it on that engine only
 * ({@code -Dit.test='RemoteCluster*'}), beside the cluster ITs that need no host-side oracle.
 */
class RemoteClusterCheck {

    @Test
    void auto_reads_a_cluster_of_an_engine_elsewhere_through_one_reader_helper_and_no_exec() {
        AtomicInteger calls = new AtomicInteger();
        DockerEngine engine = DockerEngine.of(TestEngine.counting(TestEngine.client(), name -> !name.equals("close"), calls));
        try (Cluster cluster = Cluster.builder().withEngine(engine).nodes(4).fullMesh().build().start()) {
            cluster.await().withTimeout(Duration.ofSeconds(60)).forFullMesh();
            calls.set(0);

            // when: a warm snapshot
            Topology mesh = cluster.topology();

            // then: every pair of the 4 nodes, read without an exec, by a reader helper, for one
            // engine call (its list of running containers, for the nodes' addresses): no exec, no
            // inspect per node
            assertThat(mesh.nodes()).hasSize(4);
            assertThat(mesh.missingPairs()).isEmpty();
            assertThat(calls).as("engine calls of a warm snapshot of 4 nodes").hasValue(1);
            List<String> nodes = cluster.nodes().stream().map(Node::containerId).toList();
            assertThat(Resources.execSessions(engine, nodes)).as("exec sessions in the nodes").isEmpty();
            assertThat(TestEngine.client().listContainersCmd()
                    .withLabelFilter(Map.of("io.tcpscope", "engine-procfs", "io.tcpscope.owner", TestEngine.owner())).exec())
                    .as("this JVM's reader helpers (one per engine object; other tests' engines may have theirs)").isNotEmpty();
        }
    }
}
