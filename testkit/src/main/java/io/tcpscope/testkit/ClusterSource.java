package io.tcpscope.testkit;

import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.testkit.internal.Adopter;
import io.tcpscope.testkit.internal.ClusterLauncher;
import io.tcpscope.testkit.internal.ClusterLauncher.Launched;
import io.tcpscope.testkit.internal.ClusterPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return new Adopting(network, new LinkedHashMap<>(named), List.copyOf(unnamed), wholeNetwork, composeProject);
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

    /** Finds containers; never creates or removes one. */
    record Adopting(String network, Map<String, String> named, List<String> unnamed, boolean wholeNetwork,
                    String composeProject) implements ClusterSource {
        @Override
        public Launched start(ContainerRuntime runtime, String id, Runnable onFailure) {
            try {
                return Adopter.adopt(runtime, network, named, unnamed, wholeNetwork, composeProject);
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
