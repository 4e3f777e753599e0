package io.tcpscope.testkit;

import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.docker.DockerTestCluster;
import io.tcpscope.docker.RequiresDocker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example for containers one already has, run as written on the shared fixture's
 * containers, which plain docker-java calls started: if this changes, change the README.
 */
@ExtendWith(RequiresDocker.class)
class ReadmeExampleIT {

    static class ExistingContainers {

        // a, b and c: the names or ids of three running containers that dial each other on 9000-9001
        static Topology checkMesh(String a, String b, String c) {
            // --8<-- [start:adopt]
            try (Cluster cluster = Cluster.adopt()              // DOCKER_HOST, AUTO mode, ports 9000-9001
                    .container(a).container(b).container(c)    // named by their container names here
                    .build().start()) {
                int live = cluster.activeConnections(a);        // the seed's two operations
                List<TcpConnection> all = cluster.connections(a);
                return cluster.await().withTimeout(Duration.ofSeconds(30)).forFullMesh();
            }
            // --8<-- [end:adopt]
        }
    }

    @Test
    void the_example_checks_a_mesh_of_containers_it_did_not_start() {
        // given: left and right dial each other on 9001; a third container joins them
        DockerTestCluster fixture = DockerTestCluster.shared();
        String third = fixture.run("readme-third", DockerTestCluster.dialLoop(fixture.bidiLeft(), 9001) + " & "
                + DockerTestCluster.dialLoop(fixture.bidiRight(), 9001) + " & wait");
        try {
            // when
            Topology mesh = ExistingContainers.checkMesh(fixture.bidiLeft(), fixture.bidiRight(), third);

            // then
            assertThat(mesh.nodes()).containsExactly(fixture.bidiLeft(), fixture.bidiRight(), third);
            assertThat(mesh.missingPairs()).isEmpty();
            assertThat(mesh.edgesBetween(third, fixture.bidiLeft())).singleElement()
                    .satisfies(e -> assertThat(e.from()).isEqualTo(third));
        } finally {
            fixture.removeContainer(third);
        }
    }
}
