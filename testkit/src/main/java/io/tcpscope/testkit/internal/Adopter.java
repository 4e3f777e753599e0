package io.tcpscope.testkit.internal;

import io.tcpscope.core.spi.ContainerReferences;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.testkit.internal.ClusterLauncher.Launched;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the containers of a cluster that tcpscope did not start: named ones, every one on a
 * network, or every one of a Compose project, each named as its users would name it.
 *
 * <p>Thread-safe: stateless.
 */
public final class Adopter {

    /** The label Compose puts on every container of a project, whose value is the project's name. */
    private static final String COMPOSE_PROJECT = "com.docker.compose.project";
    private static final String COMPOSE_SERVICE = "com.docker.compose.service";
    private static final String COMPOSE_NUMBER = "com.docker.compose.container-number";

    private Adopter() {
    }

    /**
     * Adopts containers, inspecting those found on a whole network through {@code inspect}, which
     * may remember what it inspected: a cluster that finds its nodes again at each read asks the
     * engine only about the containers that joined since.
     *
     * @param runtime the engine's runtime
     * @param plan what to adopt, and how to name it
     * @param inspect inspects a container of the network by its id
     * @return the containers, their names on the network, and the network, if one is known; not owned
     * @throws IllegalArgumentException if there is no node, a container is not on the named network,
     *     or the whole of a network is asked for without naming it
     */
    public static Launched adopt(ContainerRuntime runtime, AdoptionPlan plan, Function<String, ContainerInfo> inspect) {
        String network = plan.network();
        String composeProject = plan.composeProject();
        boolean wholeNetwork = plan.wholeNetwork();
        Map<String, String> named = plan.named();
        List<String> unnamed = plan.unnamed();
        Map<String, ContainerInfo> nodes = new LinkedHashMap<>();
        named.forEach((name, container) -> put(nodes, name, runtime.inspect(container)));
        List<ContainerInfo> toName = unnamed.stream().map(runtime::inspect).toList();
        if (composeProject != null) {
            List<ContainerInfo> project = runtime.list(Map.of(COMPOSE_PROJECT, composeProject), false);
            for (ContainerInfo c : project) {
                long sameService = project.stream().filter(o -> service(o).equals(service(c))).count();
                put(nodes, sameService > 1 ? service(c) + "-" + c.labels().getOrDefault(COMPOSE_NUMBER, c.shortId())
                        : service(c), runtime.inspect(c.id()));
            }
        }
        Map<String, ContainerInfo> all = new LinkedHashMap<>(nodes);
        toName.forEach(c -> all.put(c.id(), c));
        String on = network != null ? network : inferred(all, composeProject, wholeNetwork);
        for (ContainerInfo c : toName) {
            put(nodes, nameOn(c, on, plan.byContainerName()), c);
        }
        if (wholeNetwork) {
            for (ContainerInfo c : runtime.list(Map.of(), false)) {
                if (c.addresses().containsKey(on) && nodes.values().stream().noneMatch(n -> n.id().equals(c.id()))) {
                    ContainerInfo full = inspect.apply(c.id());
                    put(nodes, nameOn(full, on, plan.byContainerName()), full);
                }
            }
        }
        if (nodes.isEmpty() && !wholeNetwork) {
            throw new IllegalArgumentException("no container to adopt: name some, or a network or a Compose project"
                    + " with running containers");
        }
        Map<String, String> containers = new LinkedHashMap<>();
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        nodes.forEach((name, c) -> {
            if (on != null && !c.aliases().containsKey(on) && !c.addresses().containsKey(on)) {
                throw new IllegalArgumentException("container '" + c.name() + "' (node " + name + ") is not on network '"
                        + on + "'; its networks are " + c.addresses().keySet());
            }
            containers.put(name, c.id());
            aliases.put(name, on == null ? List.of() : c.aliases().getOrDefault(on, List.of()));
        });
        return new Launched(on, containers, aliases, false);
    }

    /**
     * A node's name: its container's name when the plan says so; else its first alias on the
     * network that a user gave it (not an id, not the container's own name, not Testcontainers'
     * random {@code tc-} alias), else its Compose service, else its container's name.
     */
    private static String nameOn(ContainerInfo container, String network, boolean byContainerName) {
        if (byContainerName) {
            return container.name();
        }
        for (String alias : network == null ? List.<String>of() : container.aliases().getOrDefault(network, List.of())) {
            boolean id = ContainerReferences.isIdOf(alias, container.id(), container.name());
            if (!id && !alias.equals(container.name()) && !alias.matches("tc-[1-9A-HJ-NP-Za-km-z]{8}")) {
                return alias;
            }
        }
        return container.labels().getOrDefault(COMPOSE_SERVICE, container.name());
    }

    /**
     * A Compose project's default network when all its nodes are on it, else the one user network
     * they all share, else none.
     */
    private static String inferred(Map<String, ContainerInfo> nodes, String composeProject, boolean wholeNetwork) {
        if (wholeNetwork) {
            throw new IllegalArgumentException("name the network whose containers to adopt: network(name)");
        }
        if (composeProject != null && !nodes.isEmpty()
                && nodes.values().stream().allMatch(c -> c.addresses().containsKey(composeProject + "_default"))) {
            return composeProject + "_default";
        }
        return shared(nodes);
    }

    private static void put(Map<String, ContainerInfo> nodes, String name, ContainerInfo container) {
        if (nodes.putIfAbsent(name, container) != null) {
            throw new IllegalArgumentException("two containers would be node '" + name + "' (" + nodes.get(name).name()
                    + " and " + container.name() + "); give each an alias of its own on the network, or name the nodes");
        }
    }

    private static String service(ContainerInfo c) {
        return c.labels().getOrDefault(COMPOSE_SERVICE, c.name());
    }

    private static String shared(Map<String, ContainerInfo> nodes) {
        Set<String> common = null;
        for (ContainerInfo c : nodes.values()) {
            Set<String> mine = new LinkedHashSet<>(c.addresses().keySet());
            mine.removeAll(List.of("bridge", "host", "none"));
            if (common == null) {
                common = mine;
            } else {
                common.retainAll(mine);
            }
        }
        return common == null || common.size() != 1 ? null : common.iterator().next();
    }
}
