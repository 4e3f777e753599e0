package io.tcpscope.junit;

import io.tcpscope.core.PortSet;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.InspectorMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's JUnit example, run as written: if this changes, change the README. The site includes it from here:
 * the whole of it on the JUnit page, its first test on the quickstart.
 */
@ExtendWith(RequiresDocker.class)
class ReadmeExampleIT {

    // --8<-- [start:junit]
    // --8<-- [start:quickstart]
    // Three built-in peer nodes, each dialing the ones after it on 9000: every pair connected once.
    @RegisterExtension
    static final ClusterExtension mesh = new ClusterExtension(Cluster.builder()
            .nodes(3)                                   // node-1, node-2, node-3
            .fullMesh()
            .withP2pPorts(PortSet.parse("9000-9001"))
            .withInspectorMode(InspectorMode.AUTO));        // procfs if it can, else exec, else a sidecar

    @Test
    void every_node_reaches_every_other(Cluster cluster) {
        cluster.await().forFullMesh();                  // 60 s unless told
        // one dial between two nodes is one ESTABLISHED socket on each of them
        assertEquals(2, cluster.activeConnections("node-1"));
        assertTrue(cluster.topology().isConnected("node-1", "node-3"));
    }
    // --8<-- [end:quickstart]

    @Test
    void a_partitioned_node_loses_its_peers_and_finds_them_again() {
        Cluster cluster = mesh.cluster();
        cluster.await().forFullMesh();
        cluster.disconnect("node-3");
        cluster.await().withTimeout(Duration.ofSeconds(30)).forActiveConnections("node-3", 0);
        assertFalse(cluster.topology().isConnected("node-1", "node-3"));
        cluster.reconnect("node-3");
        cluster.await().forFullMesh();
    }
    // --8<-- [end:junit]
}
