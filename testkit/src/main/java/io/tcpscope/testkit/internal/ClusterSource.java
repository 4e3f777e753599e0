package io.tcpscope.testkit.internal;

import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.testkit.internal.ClusterLauncher.Launched;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Where a {@link io.tcpscope.testkit.Cluster}'s containers come from when it starts: created from
 * a plan, or adopted. The one thing that differs between the ways to reach a cluster; everything
 * else is the cluster's.
 *
 * <p>Thread-safe.
 */
public sealed interface ClusterSource {

    /**
     * Makes or finds the containers.
     *
     * @param runtime the engine's runtime
     * @param id the cluster's id
     * @param onFailure run if the start fails, after what it created is removed
     * @param abandoned whether the cluster was closed while it starts: then a start that creates
     *     removes what it created and gives up, before its next engine call
     * @return the containers and their network
     */
    Launched start(ContainerRuntime runtime, String id, Runnable onFailure, BooleanSupplier abandoned);

    /**
     * Whether the nodes are found again at each read: every container on a network.
     *
     * @return whether they change
     */
    default boolean changes() {
        return false;
    }

    /**
     * How the cluster came to be, for its log line and its {@code toString()}.
     *
     * @return a few words
     */
    String describe();

    /**
     * A cluster of tcpscope's own, created from a plan.
     *
     * @param plan the nodes
     * @param label the label on everything it makes, whose value is the cluster's id
     * @return the source
     */
    static ClusterSource launching(ClusterPlan plan, String label) {
        return new Launching(plan, label);
    }

    /**
     * Containers that someone else started.
     *
     * @param plan what to adopt
     * @return the source
     */
    static ClusterSource adopting(AdoptionPlan plan) {
        return new Adopting(plan, new ConcurrentHashMap<>());
    }

    /**
     * Creates the network and the containers.
     *
     * @param plan the nodes
     * @param label the label on everything it makes
     */
    record Launching(ClusterPlan plan, String label) implements ClusterSource {
        @Override
        public Launched start(ContainerRuntime runtime, String id, Runnable onFailure, BooleanSupplier abandoned) {
            return ClusterLauncher.start(runtime, plan, label, id, onFailure, abandoned);
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
     *
     * @param plan what to adopt
     * @param seen the containers of the network inspected so far, by id
     */
    record Adopting(AdoptionPlan plan, Map<String, ContainerInfo> seen) implements ClusterSource {
        @Override
        public Launched start(ContainerRuntime runtime, String id, Runnable onFailure, BooleanSupplier abandoned) {
            try {
                Launched found = Adopter.adopt(runtime, plan, container -> seen.computeIfAbsent(container, runtime::inspect));
                seen.keySet().retainAll(found.containers().values());
                return found;
            } catch (RuntimeException e) {
                onFailure.run();
                throw e;
            }
        }

        @Override
        public boolean changes() {
            return plan.wholeNetwork();
        }

        @Override
        public String describe() {
            return "adopted";
        }
    }
}
