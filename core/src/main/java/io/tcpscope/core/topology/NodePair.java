package io.tcpscope.core.topology;

import java.util.Objects;

/**
 * Two nodes, named as a topology names them, in either order: {@code NodePair.of("a", "b")} equals
 * {@code NodePair.of("b", "a")}. The order given is kept for showing, as in {@link Topology#missingPairs()},
 * which lists pairs in node order.
 *
 * <pre>{@code
 * assertThat(topology.missingPairs()).containsExactly(NodePair.of("node-1", "node-3"));
 * cluster.await().forConnected(NodePair.of("seed", "peer-1"), NodePair.of("seed", "peer-2"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param first one node
 * @param second the other node
 * @since 0.2.0
 */
public record NodePair(String first, String second) {

    /**
     * Validates.
     *
     * @param first one node
     * @param second the other node
     * @throws NullPointerException if a name is null
     * @throws IllegalArgumentException if both are one node
     */
    public NodePair {
        Objects.requireNonNull(first, "first must not be null");
        Objects.requireNonNull(second, "second must not be null");
        if (first.equals(second)) {
            throw new IllegalArgumentException("a pair is two nodes, not '" + first + "' twice");
        }
    }

    /**
     * Two nodes.
     *
     * @param first one node
     * @param second the other node
     * @return the pair
     */
    public static NodePair of(String first, String second) {
        return new NodePair(first, second);
    }

    /** The pair with its names in name order, as a timeline lists pairs. */
    static NodePair inNameOrder(String a, String b) {
        return a.compareTo(b) <= 0 ? new NodePair(a, b) : new NodePair(b, a);
    }

    /**
     * Whether a node is one of the two.
     *
     * @param node a node's name
     * @return whether it is {@link #first()} or {@link #second()}
     */
    public boolean contains(String node) {
        return first.equals(node) || second.equals(node);
    }

    /**
     * The other node of the pair.
     *
     * @param node one of the two
     * @return the other one
     * @throws IllegalArgumentException if the node is not in the pair
     */
    public String other(String node) {
        if (first.equals(node)) {
            return second;
        }
        if (second.equals(node)) {
            return first;
        }
        throw new IllegalArgumentException("'" + node + "' is not in the pair " + this);
    }

    /** Equal to a pair of the same two nodes, in either order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof NodePair p
                && (first.equals(p.first) && second.equals(p.second) || first.equals(p.second) && second.equals(p.first));
    }

    @Override
    public int hashCode() {
        return first.hashCode() + second.hashCode();
    }

    /** {@return the two names as {@code [first, second]}} */
    @Override
    public String toString() {
        return "[" + first + ", " + second + "]";
    }
}
