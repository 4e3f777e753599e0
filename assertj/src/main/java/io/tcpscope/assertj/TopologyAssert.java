package io.tcpscope.assertj;

import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.StalledLink;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import org.assertj.core.api.AbstractAssert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Assertions on a {@link Topology}: who is connected to whom, how often, and whether a partition
 * made outside tcpscope has taken effect, and later healed: they read only the sockets the nodes
 * hold, whatever made the cut (tested with a network disconnect and an iptables drop). A failure
 * names the missing and the extra edges, with the states of the sockets the two nodes do hold
 * towards each other, and ends with the whole topology.
 *
 * <pre>{@code
 * assertThat(cluster.topology())
 *         .hasEdge("node-1", "node-2")
 *         .hasConnectionCount("node-1", "node-2", 1)
 *         .hasDegree("node-3", 2);
 * chaos.cut("node-3");
 * await().untilAsserted(() -> assertThat(cluster.topology())
 *         .isPartitionedInto(Set.of("node-1", "node-2"), Set.of("node-3")));
 * chaos.heal();
 * await().untilAsserted(() -> assertThat(cluster.topology())
 *         .isConnectedAcross(Set.of("node-1", "node-2"), Set.of("node-3")));
 * }</pre>
 *
 * <p>Not thread-safe, as AssertJ's assertions are not. Not final, so that soft assertions can
 * proxy it ({@link TcpscopeSoftAssertions}).
 *
 * @since 0.1.0
 */
public class TopologyAssert extends AbstractAssert<TopologyAssert, Topology> {

    /**
     * An assertion on a topology; reach it through {@link TcpscopeAssertions#assertThat(Topology)}.
     *
     * @param actual the topology
     */
    public TopologyAssert(Topology actual) {
        super(actual, TopologyAssert.class);
    }

    /**
     * Every pair of nodes is connected.
     *
     * @return this assertion
     */
    public TopologyAssert isFullMesh() {
        isNotNull();
        List<NodePair> missing = actual.missingPairs();
        if (!missing.isEmpty()) {
            failWithMessage("expected a full mesh of %s, but %d pair%s had no edge:%n%s%n%n%s", actual.nodes(),
                    missing.size(), missing.size() == 1 ? "" : "s",
                    missing.stream().map(p -> "  " + p.first() + " -- " + p.second() + ": "
                            + Links.socketsBetween(actual, p.first(), p.second())).collect(Collectors.joining("\n")),
                    TopologyRenderer.text(actual));
        }
        return myself;
    }

    /**
     * No link between two nodes is stalled in this snapshot: no socket has bytes waiting while the
     * kernel resends them or probes the peer's closed window ({@link Topology#stalledLinks()}).
     *
     * @return this assertion
     */
    public TopologyAssert hasNoStalledLinks() {
        isNotNull();
        List<StalledLink> stalled = actual.stalledLinks();
        if (!stalled.isEmpty()) {
            failWithMessage("expected no stalled link, but %d link%s could not send:%n%s%n%n%s", stalled.size(),
                    stalled.size() == 1 ? "" : "s", stalled.stream().map(s -> "  " + s).collect(Collectors.joining("\n")),
                    TopologyRenderer.text(actual));
        }
        return myself;
    }

    /**
     * Two nodes are connected, in either direction.
     *
     * @param a a node
     * @param b another node
     * @return this assertion
     */
    public TopologyAssert hasEdge(String a, String b) {
        requireNodes(a, b);
        if (!actual.isConnected(a, b)) {
            failWithMessage("expected an edge between %s and %s, but there was none: %s%n%n%s", a, b,
                    Links.socketsBetween(actual, a, b), TopologyRenderer.text(actual));
        }
        return myself;
    }

    /**
     * Two nodes are not connected.
     *
     * @param a a node
     * @param b another node
     * @return this assertion
     */
    public TopologyAssert hasNoEdge(String a, String b) {
        requireNodes(a, b);
        List<Edge> extra = actual.edgesBetween(a, b);
        if (!extra.isEmpty()) {
            failWithMessage("expected no edge between %s and %s, but there %s %d:%n%s%n%n%s", a, b,
                    extra.size() == 1 ? "was" : "were", extra.size(), Links.edges(extra), TopologyRenderer.text(actual));
        }
        return myself;
    }

    /**
     * Two nodes are joined by exactly {@code count} connections: 1 when one dialed the other, 2
     * when both did.
     *
     * @param a a node
     * @param b another node
     * @param count the number of connections
     * @return this assertion
     */
    public TopologyAssert hasConnectionCount(String a, String b, int count) {
        requireNodes(a, b);
        List<Edge> edges = actual.edgesBetween(a, b);
        if (edges.size() != count) {
            failWithMessage("expected %d connection%s between %s and %s, but there %s %d:%n%s%nsockets: %s%n%n%s",
                    count, count == 1 ? "" : "s", a, b, edges.size() == 1 ? "was" : "were", edges.size(),
                    Links.edges(edges), Links.socketsBetween(actual, a, b), TopologyRenderer.text(actual));
        }
        return myself;
    }

    /**
     * A node has {@code degree} connections to other nodes of the topology, counting each
     * connection once: a peer it dialed and that dialed it back counts 2. Connections to
     * addresses outside the topology do not count.
     *
     * @param node a node
     * @param degree the number of connections
     * @return this assertion
     */
    public TopologyAssert hasDegree(String node, int degree) {
        requireNodes(node);
        List<Edge> edges = actual.edges().stream().filter(e -> e.from().equals(node) || e.to().equals(node)).toList();
        if (edges.size() != degree) {
            failWithMessage("expected %s to have %d connection%s to other nodes, but it had %d:%n%s%n%n%s", node, degree,
                    degree == 1 ? "" : "s", edges.size(), Links.edges(edges), TopologyRenderer.text(actual));
        }
        return myself;
    }

    /**
     * A partition into two sides has taken effect: no edge joins the sides.
     *
     * @param side one side's nodes
     * @param otherSide the other side's nodes; together the two name every node once
     * @return this assertion
     */
    public TopologyAssert isPartitionedInto(Collection<String> side, Collection<String> otherSide) {
        return isPartitionedInto(List.of(side, otherSide));
    }

    /**
     * A partition has taken effect: the nodes fall into exactly these groups, and no edge joins two
     * groups. Edges within a group are not asked for.
     *
     * @param groups the groups of node names, two or more, which together name every node once
     * @return this assertion
     */
    public TopologyAssert isPartitionedInto(List<? extends Collection<String>> groups) {
        requireGroups(groups);
        List<Edge> crossing = new ArrayList<>();
        forEachPairOf(groups, (left, right) -> crossing.addAll(edgesAcross(left, right)));
        if (!crossing.isEmpty()) {
            failWithMessage("expected no edge between the groups %s, but %d crossed:%n%s%n%n%s", groups,
                    crossing.size(), Links.edges(crossing), TopologyRenderer.text(actual));
        }
        return myself;
    }

    /**
     * A partition into two sides has healed: at least one edge joins the sides again.
     *
     * @param side one side's nodes
     * @param otherSide the other side's nodes; together the two name every node once
     * @return this assertion
     */
    public TopologyAssert isConnectedAcross(Collection<String> side, Collection<String> otherSide) {
        return isConnectedAcross(List.of(side, otherSide));
    }

    /**
     * A partition has healed: every two groups are joined by at least one edge again.
     *
     * @param groups the groups of node names, two or more, which together name every node once
     * @return this assertion
     */
    public TopologyAssert isConnectedAcross(List<? extends Collection<String>> groups) {
        requireGroups(groups);
        List<String> apart = new ArrayList<>();
        forEachPairOf(groups, (left, right) -> {
            if (edgesAcross(left, right).isEmpty()) {
                apart.add("  " + left + " and " + right);
            }
        });
        if (!apart.isEmpty()) {
            failWithMessage("expected every two groups of %s to be joined by an edge, but these were not:%n%s%n%n%s",
                    groups, String.join("\n", apart), TopologyRenderer.text(actual));
        }
        return myself;
    }

    private static void forEachPairOf(List<? extends Collection<String>> groups,
                                      BiConsumer<Collection<String>, Collection<String>> pair) {
        for (int i = 0; i < groups.size(); i++) {
            for (int j = i + 1; j < groups.size(); j++) {
                pair.accept(groups.get(i), groups.get(j));
            }
        }
    }

    private List<Edge> edgesAcross(Collection<String> left, Collection<String> right) {
        return actual.edges().stream()
                .filter(e -> left.contains(e.from()) && right.contains(e.to()) || right.contains(e.from()) && left.contains(e.to()))
                .toList();
    }

    private void requireGroups(List<? extends Collection<String>> groups) {
        isNotNull();
        if (groups.size() < 2) {
            throw new IllegalArgumentException("a partition has two groups or more, not " + groups.size());
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Collection<String> group : groups) {
            for (String node : group) {
                if (!seen.add(node)) {
                    throw new IllegalArgumentException("node '" + node + "' is in two groups of " + groups);
                }
            }
        }
        if (!seen.equals(new LinkedHashSet<>(actual.nodes()))) {
            failWithMessage("expected the groups %s to name every node of the topology once, but it has %s",
                    groups, actual.nodes());
        }
    }

    private void requireNodes(String... nodes) {
        isNotNull();
        for (String node : nodes) {
            if (!actual.nodes().contains(node)) {
                failWithMessage("expected a node named %s in the topology, but its nodes are %s", node, actual.nodes());
            }
        }
    }
}
