package io.tcpscope.testkit.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node as its description stood when a cluster was built: a copy, so that building again, or
 * changing the description afterwards, changes no cluster built before.
 *
 * @param name the node's name
 * @param listen the ports it listens on; empty for the cluster's first P2P port
 * @param dials the nodes it dials
 * @param env its own environment
 * @param command its command; empty for the image's
 */
public record NodeDraft(String name, List<Integer> listen, List<Dial> dials, Map<String, String> env,
                        List<String> command) {

    /**
     * A dial of another node.
     *
     * @param node the other node
     * @param port the port to dial, or {@code null} for the first port it listens on
     */
    public record Dial(String node, Integer port) {

        /**
         * Validates.
         *
         * @param node the other node
         * @param port the port, or {@code null}
         */
        public Dial {
            Objects.requireNonNull(node, "node must not be null");
        }
    }

    /**
     * Validates and copies.
     *
     * @param name the node's name
     * @param listen the ports
     * @param dials the dials
     * @param env the environment
     * @param command the command
     */
    public NodeDraft {
        Objects.requireNonNull(name, "name must not be null");
        listen = List.copyOf(listen);
        dials = List.copyOf(dials);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        command = List.copyOf(command);
    }
}
