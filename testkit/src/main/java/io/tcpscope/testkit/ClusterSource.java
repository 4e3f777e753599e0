package io.tcpscope.testkit;

import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.testkit.internal.Adopter;
import io.tcpscope.testkit.internal.ClusterLauncher;
import io.tcpscope.testkit.internal.ClusterLauncher.Launched;
import io.tcpscope.testkit.internal.ClusterPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a {@link Cluster}'s containers come from when it starts: created from a plan, or adopted.
 * The one thing that differs between the ways to reach a cluster; everything else is the cluster's.
 *
 * <p>Immutable and thread-safe.
 */
sealed interface ClusterSource {

    /**
     * Makes or finds the containers.
     *
     * @param runtime the engine's runtime
     * @param id the cluster's id
     * @param onFailure run if the start fails, after what it created is removed
     * @return the containers and their network
     */
    Launched start(ContainerRuntime runtime, String id, Runnable onFailure);

    /** {@return whether the nodes are found again at each read: every container on a network} */
    default boolean changes() {
        return false;
    }

    /** {@return how the cluster came to be, for its log line and its {@code toString()}} */
    String describe();

    /** A cluster of tcpscope's own, created from a plan. */
    static ClusterSource launching(ClusterPlan plan) {
        return new Launching(plan);
    }

    /** Containers that someone else started; the collections are copied. */
    static ClusterSource adopting(String network, Map<String, String> named, List<String> unnamed, boolean wholeNetwork,
                                  String composeProject) {
        return new Adopting(network, new LinkedHashMap<>(named), List.copyOf(unnamed), wholeNetwork, composeProject,
                new ConcurrentHashMap<>());
    }

    /** Creates the network and the containers. */
    record Launching(ClusterPlan plan) implements ClusterSource {
        @Override
        public Launched start(ContainerRuntime runtime, String id, Runnable onFailure) {
            return ClusterLauncher.start(runtime, plan, Cluster.LABEL, id, onFailure);
        }

        @Override
        public String describe() {
            return plan.nodes().size() + " nodes";
        }
    }

    /**
     * Finds containers; never creates or removes one. The containers found on a whole network are
     * inspected once each ({@code seen}, by id, kept while they are there), so that finding the nodes
     * again at each read costs one listing, and an inspection per container that joined.
     */
    record Adopting(String network, Map<String, String> named, List<String> unnamed, boolean wholeNetwork,
                    String composeProject, Map<String, ContainerInfo> seen) implements ClusterSource {
        @Override
        public Launched start(ContainerRuntime runtime, String id, Runnable onFailure) {
            try {
                Launched found = Adopter.adopt(runtime, network, named, unnamed, wholeNetwork, composeProject,
                        container -> seen.computeIfAbsent(container, runtime::inspect));
                seen.keySet().retainAll(found.containers().values());
                return found;
            } catch (RuntimeException e) {
                onFailure.run();
                throw e;
            }
        }

        @Override
        public boolean changes() {
            return wholeNetwork;
        }

        @Override
        public String describe() {
            return "adopted";
        }
    }
}
