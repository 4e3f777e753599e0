package example.nsenter;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.InspectorMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mode in a user's test: the testkit finds it on the test class path by its name, and a cluster
 * of tcpscope's built-in peers is read through it. docs/extending.md includes the test's body.
 */
class NsenterClusterIT {

    @Test
    void a_cluster_is_read_through_the_mode_found_by_its_name() {
        // --8<-- [start:cluster]
        try (Cluster cluster = Cluster.builder().nodes(3).fullMesh()
                .withInspectorMode(InspectorMode.named("nsenter"))   // the adapter's mode, by the name it gives
                .build().start()) {
            Topology mesh = cluster.await().forFullMesh();          // every table read through nsenter
            assertEquals(1, mesh.edgesBetween("node-1", "node-3").size());
            assertEquals(2, cluster.activeConnections("node-1"));
            assertEquals(InspectorMode.named("nsenter"), cluster.inspectorMode());
        }
        // --8<-- [end:cluster]
    }
}
