package io.tcpscope.testkit.internal;

import io.tcpscope.core.PortSet;
import io.tcpscope.testkit.InspectorMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A cluster as built: each node's ports, the peers it dials as {@code host:port}, its environment
 * and command, and what the whole cluster runs on. Made from copies of the descriptions, so that
 * one builder gives the same plan every time.
 *
 * @param nodes the nodes, in the order they were described
 * @param image the image every node runs, or {@code null} for the built-in peer image
 * @param ports the P2P ports
 * @param mode how tables are read
 */
public record ClusterPlan(List<NodePlan> nodes, String image, PortSet ports, InspectorMode mode) {

    /**
     * One node as it will be created.
     *
     * @param name its name, host name and alias on the cluster's network
     * @param listen the ports it listens on, at least one
     * @param peers what it dials, as {@code node:port}
     * @param env its own environment
     * @param command its command; empty for the image's
     */
    public record NodePlan(String name, List<Integer> listen, List<String> peers, Map<String, String> env,
                           List<String> command) {

        /**
         * Copies.
         *
         * @param name its name
         * @param listen its ports
         * @param peers its dials
         * @param env its environment
         * @param command its command
         */
        public NodePlan {
            Objects.requireNonNull(name, "name must not be null");
            listen = List.copyOf(listen);
            peers = List.copyOf(peers);
            env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
            command = List.copyOf(command);
        }

        /**
         * The environment the node's container gets: {@code $LISTEN} and {@code $PEERS}, then its own.
         *
         * @return the variables, in order
         */
        public Map<String, String> containerEnv() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("LISTEN", listen.stream().map(String::valueOf).collect(Collectors.joining(" ")));
            all.put("PEERS", String.join(" ", peers));
            all.putAll(env);
            return all;
        }
    }

    /**
     * Validates and copies.
     *
     * @param nodes the nodes
     * @param image the image, or {@code null}
     * @param ports the P2P ports
     * @param mode the mode
     */
    public ClusterPlan {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(ports, "ports must not be null");
        Objects.requireNonNull(mode, "mode must not be null");
    }

    /**
     * Plans a cluster from the nodes' descriptions.
     *
     * @param drafts the nodes, in order
     * @param fullMesh whether each node also dials every node described after it
     * @param image the image, or {@code null} for the built-in peer image
     * @param ports the P2P ports; a node that names no port listens on the first
     * @param mode how tables are read
     * @return the plan
     * @throws IllegalArgumentException if there are no nodes, or a node dials one that does not exist
     */
    public static ClusterPlan of(List<NodeDraft> drafts, boolean fullMesh, String image, PortSet ports,
                                 InspectorMode mode) {
        if (drafts.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node; use nodes(n) or node(name)");
        }
        Map<String, List<Integer>> listening = new LinkedHashMap<>();
        for (NodeDraft draft : drafts) {
            listening.put(draft.name(), draft.listen().isEmpty() ? List.of(ports.first()) : draft.listen());
        }
        List<NodePlan> plans = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            NodeDraft draft = drafts.get(i);
            List<NodeDraft.Dial> dials = new ArrayList<>(draft.dials());
            if (fullMesh) {
                drafts.subList(i + 1, drafts.size()).forEach(later -> dials.add(new NodeDraft.Dial(later.name(), null)));
            }
            List<String> peers = new ArrayList<>();
            for (NodeDraft.Dial dial : dials) {
                List<Integer> theirs = listening.get(dial.node());
                if (theirs == null) {
                    throw new IllegalArgumentException("node '" + draft.name() + "' dials '" + dial.node()
                            + "', which is not in the cluster; its nodes are " + listening.keySet());
                }
                peers.add(dial.node() + ":" + (dial.port() != null ? dial.port() : theirs.get(0)));
            }
            plans.add(new NodePlan(draft.name(), listening.get(draft.name()), peers, draft.env(), draft.command()));
        }
        return new ClusterPlan(plans, image, ports, mode);
    }
}
