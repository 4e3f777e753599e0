package io.tcpscope.testkit.internal;

import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.ContainerSpec;
import io.tcpscope.testkit.internal.ClusterPlan.NodePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Brings a planned cluster up on an engine, and down again: its network, and one container per
 * node, started in parallel. A start that fails part way removes everything it created before it
 * throws, so that nothing is left for the end of the JVM: what it recorded, and then whatever
 * carries the cluster's label, since a create given up at its bound may have been carried out by
 * the engine all the same.
 *
 * <p>Thread-safe: stateless.
 */
public final class ClusterLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);

    private ClusterLauncher() {
    }

    /**
     * The containers and network of a cluster: created by a start, or adopted from a user, whose
     * containers tcpscope never removes.
     *
     * @param network the network's name, which partitions act on; {@code null} for adopted
     *     containers that share no one user network
     * @param containers each node's container id, in order
     * @param aliases each node's names on the network, which a reconnect gives back
     * @param owned whether tcpscope created them, and so removes them
     */
    public record Launched(String network, Map<String, String> containers, Map<String, List<String>> aliases,
                           boolean owned) {

        /**
         * Copies.
         *
         * @param network the network's name, or {@code null}
         * @param containers the containers
         * @param aliases the names on the network
         * @param owned whether tcpscope created them
         */
        public Launched {
            containers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(containers));
            aliases = Map.copyOf(aliases);
        }

        /**
         * Refuses to remove a node that tcpscope did not create.
         *
         * @param cluster the cluster's id, for the message
         * @param node the node's name
         * @throws IllegalStateException if the containers are adopted
         */
        public void requireOwned(String cluster, String node) {
            if (!owned) {
                throw new IllegalStateException("cluster " + cluster + " adopted node " + node + ", and tcpscope never"
                        + " removes a container it did not create; remove it with the tools that made it");
            }
        }
    }

    /**
     * Removes what dead processes left under the label, then creates the network and the
     * containers, and starts them.
     *
     * @param runtime the engine's runtime
     * @param plan the cluster
     * @param label the label of everything created, whose value is the cluster's id
     * @param id the cluster's id: the network's name, and its containers' prefix
     * @param onFailure what to run, after removing what was created, if the start fails
     * @param abandoned whether the cluster was closed meanwhile (by the JVM's exit, say): looked at
     *     before each engine call that creates something, and once every node started
     * @return what was created
     * @throws io.tcpscope.core.TcpscopeException if the engine fails or refuses, or the thread is
     *     interrupted while the nodes start ({@link EngineUnavailableException#interrupted}, its flag
     *     kept); nothing is left behind
     * @throws IllegalStateException if the cluster was closed while it started; nothing is left behind
     */
    public static Launched start(ContainerRuntime runtime, ClusterPlan plan, String label, String id, Runnable onFailure,
                                 BooleanSupplier abandoned) {
        try {
            runtime.removeLeftovers(label);
            return start(runtime, plan, label, id, abandoned);
        } catch (RuntimeException e) {
            onFailure.run();
            throw e;
        }
    }

    private static Launched start(ContainerRuntime runtime, ClusterPlan plan, String label, String id,
                                  BooleanSupplier abandoned) {
        Map<String, String> labels = Map.of(label, id);
        String image = plan.image() != null ? plan.image() : PeerImage.ensure(runtime);
        checkNotAbandoned(id, abandoned);
        Map<String, String> containers = new LinkedHashMap<>();
        ExecutorService starters = Executors.newFixedThreadPool(Math.max(1, Math.min(8, plan.nodes().size())), r -> {
            Thread t = new Thread(r, id + "-start");
            t.setDaemon(true);
            return t;
        });
        try {
            // the network's name is the id: a create given up at its bound is removed by name all the same
            runtime.createNetwork(id, labels);
            for (NodePlan node : plan.nodes()) {
                checkNotAbandoned(id, abandoned);
                ContainerSpec spec = ContainerSpec.of(image).withName(id + "-" + node.name()).withHostname(node.name())
                        .withNetwork(id, node.name()).withEnv(node.containerEnv()).withLabels(labels);
                String[] command = node.command().toArray(String[]::new);
                // the built-in peer's program is its entrypoint: a command replaces it; an image's own
                // entrypoint, if it has one, gets the command as its arguments, as docker run does
                containers.put(node.name(), runtime.create(command.length == 0 ? spec
                        : plan.image() == null ? spec.withEntrypoint(command) : spec.withCmd(command)));
            }
            checkNotAbandoned(id, abandoned);
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            for (String container : containers.values()) {
                starting.add(CompletableFuture.runAsync(() -> runtime.start(container), starters));
            }
            // each start is bounded by the engine's response timeout; an interrupt ends the wait at once
            awaitAll(runtime, id, starting);
            checkNotAbandoned(id, abandoned);
            Map<String, List<String>> aliases = new LinkedHashMap<>();
            containers.keySet().forEach(name -> aliases.put(name, List.of(name)));
            return new Launched(id, containers, aliases, true);
        } catch (RuntimeException e) {
            starters.shutdownNow();
            LOG.info("cluster {} did not start; removing the {} containers it created, anything else that carries its"
                    + " label, and its network", id, containers.size());
            // an interrupted thread makes no engine call: the flag waits until what was created is gone
            boolean interrupted = Thread.interrupted();
            try {
                stop(runtime, null, containers.values());
                // a create that was given up at its bound, or interrupted, may have been carried out all the same
                removeLabelled(runtime, label, id);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw unwrap(e);
        } finally {
            starters.shutdownNow();
        }
    }

    private static void checkNotAbandoned(String id, BooleanSupplier abandoned) {
        if (abandoned.getAsBoolean()) {
            throw new IllegalStateException("cluster " + id + " was closed while it started; it removed what it had"
                    + " created");
        }
    }

    private static void awaitAll(ContainerRuntime runtime, String id, List<CompletableFuture<Void>> starting) {
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineUnavailableException.interrupted(runtime.endpoint(), "start of cluster " + id, e);
        }
    }

    /**
     * Removes the containers, then the network, if tcpscope created them; adopted ones stay.
     * Failures are logged, not thrown: what can be removed is.
     *
     * @param runtime the engine's runtime
     * @param launched what to remove, or {@code null} if nothing was launched
     */
    public static void stop(ContainerRuntime runtime, Launched launched) {
        if (launched != null && launched.owned()) {
            stop(runtime, launched.network(), launched.containers().values());
        }
    }

    private static void stop(ContainerRuntime runtime, String network, Collection<String> containers) {
        for (String container : containers) {
            try {
                runtime.remove(container);
            } catch (RuntimeException e) {
                LOG.warn("could not remove container {}: {}", container, e.getMessage());
            }
        }
        if (network != null) {
            try {
                runtime.removeNetwork(network);
            } catch (RuntimeException e) {
                LOG.warn("could not remove network {}: {}", network, e.getMessage());
            }
        }
    }

    /**
     * Removes every container that carries a cluster's label, then the network named after the
     * cluster, then any container that carries the label and was created meanwhile: what a start
     * made, whether or not it got as far as recording it. For a start that failed, and a close that
     * could not wait for the reads under way. Each engine call is bounded by the engine's response
     * timeout; failures are logged, not thrown.
     *
     * @param runtime the engine's runtime
     * @param label the label of everything a cluster creates
     * @param id the cluster's id: the label's value, and its network's name
     */
    public static void removeLabelled(ContainerRuntime runtime, String label, String id) {
        stop(runtime, id, labelled(runtime, label, id));
        // a create the engine carried out between the listing and the network's removal
        stop(runtime, null, labelled(runtime, label, id));
    }

    private static List<String> labelled(ContainerRuntime runtime, String label, String id) {
        List<String> containers = new ArrayList<>();
        try {
            runtime.list(Map.of(label, id), true).forEach(c -> containers.add(c.id()));
        } catch (RuntimeException e) {
            LOG.warn("could not list the containers of cluster {}: {}", id, e.getMessage());
        }
        return containers;
    }

    private static RuntimeException unwrap(RuntimeException e) {
        return e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
    }
}
