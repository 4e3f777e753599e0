package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node named by a reference is the node whose container the engine itself resolves that
 * reference to: a container's name goes before the start of another container's id. The oracle is
 * the engine's own inspect of the reference, through docker-java.
 */
@Timeout(120)
class NodeReferencesIT {

    private final DockerEngine engine = TestEngine.require();
    private final DockerClient docker = TestEngine.client();
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void remove() {
        created.forEach(c -> docker.removeContainerCmd(c).withForce(true).exec());
    }

    private String running(String name) {
        String id = docker.createContainerCmd(TestImages.builtOn(engine)).withName(name).withCmd("sleep", "600").exec().getId();
        created.add(id);
        docker.startContainerCmd(id).exec();
        return id;
    }

    @Test
    void a_name_that_is_the_start_of_another_nodes_id_names_its_own_node() {
        // given: node y's container is named after the first 12 digits of node x's id
        String x = running("tk-refs-" + Long.toHexString(System.nanoTime()));
        String prefix = x.substring(0, 12);
        String y = running(prefix);
        try (Cluster cluster = Cluster.adopt().withEngine(engine).node("x", x).node("y", y).build().start()) {

            // when
            Node byName = cluster.node(prefix);
            Node byLongerPrefix = cluster.node(x.substring(0, 13));

            // then: the nodes the engine resolves the references to
            assertThat(byName.containerId()).isEqualTo(docker.inspectContainerCmd(prefix).exec().getId()).isEqualTo(y);
            assertThat(byName.name()).isEqualTo("y");
            assertThat(byLongerPrefix.containerId()).isEqualTo(docker.inspectContainerCmd(x.substring(0, 13)).exec().getId())
                    .isEqualTo(x);
        }
    }
}
