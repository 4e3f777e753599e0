package io.tcpscope.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.ClusterAdoption;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The condition of {@link TcpscopeWait#forConnectedPeers}: a live P2P connection with each named
 * peer. Until every peer can be found on a network the container shares with all of them, each
 * read says which are missing, and the wait goes on; once they are, it adopts them as one cluster
 * and reads its topology until the wait ends.
 */
final class PeerCondition implements TcpscopeWaitStrategy.Condition {

    private static final String COMPOSE_SERVICE = "com.docker.compose.service";

    private final List<String> peers;
    private Cluster cluster;
    private String self;

    PeerCondition(List<String> peers) {
        this.peers = List.copyOf(peers);
    }

    @Override
    public TcpscopeWaitStrategy.Read read(TcpscopeWaitStrategy.Target target) {
        if (cluster == null) {
            String missing = resolve(target);
            if (missing != null) {
                return new TcpscopeWaitStrategy.Read(false, missing, null, List.of(missing));
            }
        }
        Topology t = cluster.topology();
        List<String> missing = peers.stream().filter(p -> !t.isConnected(self, p))
                .map(p -> self + " and " + p + " are not connected").toList();
        return new TcpscopeWaitStrategy.Read(missing.isEmpty(), "\n" + TopologyRenderer.text(t), t, missing);
    }

    /** Finds the peers and adopts them; says what is missing if it cannot yet. */
    private String resolve(TcpscopeWaitStrategy.Target target) {
        WaitStrategyTarget container = target.container();
        DockerClient client = container.getDockerClient();
        InspectContainerResponse me = client.inspectContainerCmd(container.getContainerId()).exec();
        Set<String> mine = me.getNetworkSettings() == null || me.getNetworkSettings().getNetworks() == null
                ? Set.of() : me.getNetworkSettings().getNetworks().keySet();
        Map<String, String> ids = new LinkedHashMap<>();
        Set<String> shared = new LinkedHashSet<>(mine);
        shared.removeAll(List.of("bridge", "host", "none"));
        for (Container c : client.listContainersCmd().withNetworkFilter(new ArrayList<>(mine)).exec()) {
            if (c.getId().equals(me.getId())) {
                continue;
            }
            InspectContainerResponse info;
            try {
                info = client.inspectContainerCmd(c.getId()).exec();
            } catch (NotFoundException gone) {
                continue;
            }
            for (String peer : peers) {
                Set<String> where = networksAnswering(info, mine, peer);
                if (where.isEmpty()) {
                    continue;
                }
                String other = ids.putIfAbsent(peer, info.getId());
                if (other != null) {
                    throw new ContainerLaunchException("two containers go by the name '" + peer + "' on the networks of this"
                            + " one: " + other.substring(0, 12) + " and " + info.getId().substring(0, 12)
                            + "; give each an alias of its own");
                }
                shared.retainAll(where);
            }
        }
        List<String> absent = new ArrayList<>(peers);
        absent.removeAll(ids.keySet());
        if (!absent.isEmpty()) {
            return "no running container on the networks " + mine + " of this one goes by the name"
                    + (absent.size() == 1 ? " '" + absent.get(0) + "'" : "s " + absent) + " yet";
        }
        if (shared.isEmpty()) {
            return "the peers " + peers + " share no one user network with this container";
        }
        ClusterAdoption adoption = Cluster.adopt().engine(target.engine()).network(shared.iterator().next())
                .p2pPorts(target.strategy().p2pPorts()).inspectorMode(target.strategy().mode()).container(me.getId());
        ids.forEach(adoption::node);
        cluster = adoption.build();
        self = cluster.nodes().stream().filter(n -> n.containerId().equals(me.getId())).findFirst().orElseThrow().name();
        return null;
    }

    /** The networks, of the given ones, on which a container answers to a name. */
    private static Set<String> networksAnswering(InspectContainerResponse c, Set<String> networks, String name) {
        Set<String> on = new LinkedHashSet<>();
        if (c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null) {
            return on;
        }
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null ? Map.of() : c.getConfig().getLabels();
        boolean byName = TcpscopeWaitStrategy.shortName(c.getName()).equals(name) || name.equals(labels.get(COMPOSE_SERVICE));
        for (Map.Entry<String, ContainerNetwork> n : c.getNetworkSettings().getNetworks().entrySet()) {
            List<String> aliases = n.getValue().getAliases() == null ? List.of() : n.getValue().getAliases();
            if (networks.contains(n.getKey()) && (byName || aliases.contains(name))) {
                on.add(n.getKey());
            }
        }
        return on;
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
