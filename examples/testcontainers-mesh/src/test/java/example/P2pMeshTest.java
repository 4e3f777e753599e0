package example;

// The README shows this test whole, between the readme markers; the site shows the nodes, between the nodes markers.
// --8<-- [start:readme]
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testcontainers.TcpscopeWait;
import io.tcpscope.testcontainers.TestcontainersCluster;
import io.tcpscope.testkit.Cluster;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.util.Set;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;

@Testcontainers
class P2pMeshTest {

    // --8<-- [start:nodes]
    // Your node; here the official busybox running a script: it listens on 9000, dials $PEERS,
    // redials a dropped link, and hangs up on a peer that stays silent for 3 s.
    static final String NODE = """
            hb='while echo hb; do sleep 1; done & while read -t 3 l; do :; done; kill $!'
            nc -ll -p 9000 -e sh -c "$hb" &
            for p in $PEERS; do (while true; do nc "$p" 9000 -e sh -c "$hb"; sleep 1; done) & done
            wait
            """;

    static final Network network = Network.newNetwork();

    @Container static final GenericContainer<?> seed = node("seed", "");
    @Container static final GenericContainer<?> peer1 = node("peer-1", "seed");
    @Container static final GenericContainer<?> peer2 = node("peer-2", "seed peer-1");

    static GenericContainer<?> node(String alias, String peers) {
        return new GenericContainer<>("busybox:1.37.0-musl")
                .withCopyToContainer(Transferable.of(NODE), "/node.sh").withCommand("sh", "/node.sh")
                .withNetwork(network).withNetworkAliases(alias).withEnv("PEERS", peers)
                .waitingFor(TcpscopeWait.forListeningPort(9000));     // the node's own socket, not the port proxy
    }
    // --8<-- [end:nodes]

    // --8<-- [start:testcontainers]
    @Test
    void the_mesh_forms_splits_and_heals() {
        try (Cluster cluster = TestcontainersCluster.of(network, seed, peer1, peer2).start()) {
            Topology mesh = cluster.await().forFullMesh();                     // 60 s unless told
            assertThat(mesh).hasConnectionCount("seed", "peer-2", 1).hasDegree("peer-2", 2);

            cluster.disconnect("peer-2");                                      // a partition, on your network
            Topology cut = cluster.await().forTopology("peer-2 cut off", t -> t.edges().size() == 1);
            assertThat(cut).isPartitionedInto(Set.of("seed", "peer-1"), Set.of("peer-2"));

            cluster.reconnect("peer-2");                                       // and healed
            assertThat(cluster.await().forFullMesh()).hasConnectionCount("peer-2", "seed", 1)
                    .hasConnectionCount("peer-2", "peer-1", 1);
        }
    }
    // --8<-- [end:testcontainers]
}
// --8<-- [end:readme]
