package io.tcpscope.testkit;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import org.assertj.core.groups.Tuple;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The P2P sockets a test set up, known by construction: which node listens on which port, and
 * which node dials which on which port. It checks the tables a cluster reads against that, with
 * each node's address taken from the engine: the address of the container that the engine knows
 * by the node's name on the cluster's network, which is where the dialer's {@code nc <name>} goes.
 * Nothing of it comes from a table, so a table that is wrong cannot agree with it by accident.
 *
 * <pre>{@code
 * Wiring.of(cluster, runtime).listening(9000, "a", "b").dial("b", "a", 9000).assertTables("a", "b");
 * }</pre>
 */
final class Wiring {

    private static final String ANY_PORT = "*";
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** Docker's resolver for user-defined networks listens in every container, on a port of its choosing. */
    private static final String ENGINE_DNS = "127.0.0.11";

    private final Cluster cluster;
    private final ContainerRuntime runtime;
    private final Map<String, Set<Integer>> listens = new LinkedHashMap<>();
    private final List<Dial> dials = new ArrayList<>();

    private Wiring(Cluster cluster, ContainerRuntime runtime) {
        this.cluster = cluster;
        this.runtime = runtime;
    }

    /** Nothing listening and nothing dialed yet, on this cluster; addresses asked of this runtime. */
    static Wiring of(Cluster cluster, ContainerRuntime runtime) {
        return new Wiring(cluster, runtime);
    }

    /** These nodes listen on {@code port}, and on no port but those declared. */
    Wiring listening(int port, String... nodes) {
        for (String node : nodes) {
            listens.computeIfAbsent(node, n -> new TreeSet<>()).add(port);
        }
        return this;
    }

    /** {@code from} has one live connection that it dialed to {@code to}'s {@code port}. */
    Wiring dial(String from, String to, int port) {
        dials.add(new Dial(from, to, port));
        return this;
    }

    /**
     * Reads each node's table through the cluster, and asserts for each that the following holds,
     * reading again until it does, for 30 s at most: a peer under load that misses a heartbeat hangs up
     * and redials a second later, so one read may catch a connection between the two.
     * <ul>
     *   <li>its LISTEN sockets are on exactly the ports declared for it, besides the engine's DNS
     *       resolver at {@value #ENGINE_DNS};</li>
     *   <li>its ESTABLISHED sockets are exactly its dials, each at the right addresses, with the
     *       listener's port on the listener's side and an ephemeral port on the dialer's;</li>
     *   <li>where both ends of a dial are read, the dialer's ephemeral port is the one the
     *       listener sees: the two rows are one connection.</li>
     * </ul>
     *
     * @return each node's table as read, by node
     */
    Map<String, List<TcpConnection>> assertTables(String... nodes) {
        AtomicReference<Map<String, List<TcpConnection>>> read = new AtomicReference<>();
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> read.set(readAndAssert(nodes)));
        return read.get();
    }

    private Map<String, List<TcpConnection>> readAndAssert(String... nodes) {
        Map<String, InetAddress> addresses = new LinkedHashMap<>();
        Map<String, List<TcpConnection>> tables = new LinkedHashMap<>();
        for (String node : nodes) {
            tables.put(node, cluster.connections(node).stream().map(TcpConnection::withoutDetails).toList());
        }
        for (String node : nodes) {
            List<TcpConnection> table = tables.get(node);
            assertThat(table).as("%s's LISTEN ports, in %s", node, table)
                    .filteredOn(c -> c.state() == TcpState.LISTEN && !c.local().host().equals(ENGINE_DNS))
                    .extracting(c -> c.local().port())
                    .containsExactlyInAnyOrderElementsOf(listens.getOrDefault(node, Set.of()));
            List<Tuple> expected = new ArrayList<>();
            for (Dial d : dials) {
                if (d.from().equals(node)) {
                    expected.add(tuple(host(node, addresses), ANY_PORT, host(d.to(), addresses), String.valueOf(d.port())));
                }
                if (d.to().equals(node)) {
                    expected.add(tuple(host(node, addresses), String.valueOf(d.port()), host(d.from(), addresses), ANY_PORT));
                }
            }
            assertThat(table).as("%s's ESTABLISHED sockets (a listener's port as is, any other as *), in %s", node, table)
                    .filteredOn(c -> c.state() == TcpState.ESTABLISHED)
                    .extracting(c -> c.local().host(), c -> shown(c.local()), c -> c.remote().host(), c -> shown(c.remote()))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        for (Dial d : dials) {
            if (tables.containsKey(d.from()) && tables.containsKey(d.to())) {
                Endpoint dialer = tables.get(d.from()).stream()
                        .filter(c -> c.state() == TcpState.ESTABLISHED && c.remote().port() == d.port()
                                && c.remote().address().equals(addresses.get(d.to())))
                        .map(TcpConnection::local).findFirst().orElseThrow();
                Endpoint listener = new Endpoint(addresses.get(d.to()), d.port());
                assertThat(tables.get(d.to())).as("%s's end of %s, in %s", d.to(), d, tables.get(d.to()))
                        .contains(TcpConnection.of(listener, dialer, TcpState.ESTABLISHED));
            }
        }
        return tables;
    }

    /** A port the test set a listener on, as is; any other, an ephemeral one, as {@code *}. */
    private String shown(Endpoint end) {
        boolean declared = listens.values().stream().anyMatch(ports -> ports.contains(end.port()))
                || dials.stream().anyMatch(d -> d.port() == end.port());
        return declared ? String.valueOf(end.port()) : ANY_PORT;
    }

    private String host(String node, Map<String, InetAddress> addresses) {
        return addresses.computeIfAbsent(node, this::address).getHostAddress();
    }

    /** The IPv4 address, on the cluster's network, of the running container the engine knows there by that name. */
    private InetAddress address(String node) {
        String network = cluster.id();
        List<InetAddress> found = new ArrayList<>();
        for (ContainerInfo listed : runtime.list(Map.of(Cluster.LABEL, cluster.id()), false)) {
            ContainerInfo container = runtime.inspect(listed.id());
            if (container.aliases().getOrDefault(network, List.of()).contains(node)) {
                container.addresses().getOrDefault(network, Set.of()).stream()
                        .filter(Inet4Address.class::isInstance).forEach(found::add);
            }
        }
        assertThat(found).as("the engine's IPv4 address of %s on network %s", node, network).hasSize(1);
        return found.get(0);
    }

    private record Dial(String from, String to, int port) {
        @Override
        public String toString() {
            return from + " -> " + to + ":" + port;
        }
    }
}
