package io.tcpscope.testkit.internal;

import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.spi.ContainerReferences;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.testkit.Node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The nodes of one cluster: each node's container, in the order they were described, and the
 * lookup of a node by what a test may hold of it: its name, its container's name, id or short id,
 * or one of its addresses.
 *
 * <p>Thread-safe: the map is replaced whole on every change, so a reader always sees one state.
 */
public final class ClusterNodes {

    private final String clusterId;
    private volatile Map<String, String> containers = Map.of();
    private volatile Map<String, List<String>> aliases = Map.of();

    /**
     * The nodes of a cluster, none yet.
     *
     * @param clusterId the cluster's id, which prefixes its containers' names
     */
    public ClusterNodes(String clusterId) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId must not be null");
    }

    /**
     * Sets every node's container at once, and the names each has on the cluster's network.
     *
     * @param byName each node's container id, in order
     * @param namesOnNetwork each node's names on the network
     */
    public void set(Map<String, String> byName, Map<String, List<String>> namesOnNetwork) {
        aliases = Map.copyOf(namesOnNetwork);
        containers = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /**
     * The names a node had on the cluster's network when the cluster began, which a reconnect
     * gives back.
     *
     * @param name the node's name
     * @return its names there; its own name if none were known
     */
    public List<String> aliasesOf(String name) {
        return aliases.getOrDefault(name, List.of(name));
    }

    /**
     * Drops a node.
     *
     * @param name the node's name
     */
    public void remove(String name) {
        Map<String, String> next = new LinkedHashMap<>(containers);
        next.remove(name);
        containers = Collections.unmodifiableMap(next);
    }

    /**
     * Every node's container.
     *
     * @return the container ids by node name, in order; unmodifiable
     */
    public Map<String, String> all() {
        return containers;
    }

    /**
     * The nodes as members of a snapshot.
     *
     * @return the members, in order
     */
    public List<Member> members() {
        List<Member> members = new ArrayList<>();
        containers.forEach((name, id) -> members.add(new Member(name, id)));
        return members;
    }

    /**
     * A node as it is now: its name, its container, and its IPv4 address on the cluster's network.
     *
     * @param reference the node's name, its container's name, id or short id, or an address
     * @param runtime asked for the node's addresses
     * @param network the cluster's network, or {@code null} if it has none: then the first IPv4
     *     address the container has
     * @return the node; with no address while it is stopped or disconnected
     * @throws IllegalArgumentException if no node answers to the reference
     */
    public Node node(String reference, ContainerRuntime runtime, String network) {
        Member member = member(reference, runtime);
        String name = member.name();
        String container = member.container();
        String ip;
        try {
            ContainerInfo info = runtime.inspect(container);
            ip = (network == null ? info.allAddresses() : info.addresses().getOrDefault(network, Set.of())).stream()
                    .filter(a -> a instanceof Inet4Address).findFirst().map(InetAddress::getHostAddress).orElse("");
        } catch (TcpscopeException gone) {
            ip = "";
        }
        return new Node(name, container, ip);
    }

    /**
     * A node's name and container, looked up at once.
     *
     * @param reference the node's name, its container's name, id or short id, one of its network
     *     aliases, or an address
     * @param runtime asked for the nodes' names and addresses when the reference is none of the nodes' own names
     * @return the node as a member of a snapshot
     * @throws IllegalArgumentException if no node answers to the reference
     */
    public Member member(String reference, ContainerRuntime runtime) {
        Map<String, String> now = containers;
        String name = nameOf(reference, runtime, now);
        return new Member(name, now.get(name));
    }

    /**
     * A node's container.
     *
     * @param reference the node's name, its container's name, id or short id, or an address
     * @param runtime asked for the nodes' addresses when the reference is one
     * @return the container id
     * @throws IllegalArgumentException if no node answers to the reference
     */
    public String containerOf(String reference, ContainerRuntime runtime) {
        return member(reference, runtime).container();
    }

    /**
     * A node's name.
     *
     * @param reference the node's name, its container's name, id or short id, or an address
     * @param runtime asked for the nodes' addresses when the reference is one
     * @return the name
     * @throws IllegalArgumentException if no node answers to the reference
     */
    public String nameOf(String reference, ContainerRuntime runtime) {
        return nameOf(reference, runtime, containers);
    }

    /** The name, from one state of the map, so that a removal between two steps cannot be seen half. */
    private String nameOf(String reference, ContainerRuntime runtime, Map<String, String> now) {
        Objects.requireNonNull(reference, "node must not be null");
        if (now.containsKey(reference)) {
            return reference;
        }
        String plain = reference.startsWith("/") ? reference.substring(1) : reference;
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (plain.equals(e.getValue()) || plain.equals(clusterId + "-" + e.getKey())) {
                return e.getKey();
            }
        }
        InetAddress address = IpAddresses.parseOrNull(plain, 0, plain.length());
        if (address == null) {
            // an adopted node goes by its alias, its service or its name; a caller may know it by another of
            // those. As the engine does, a name goes before an id prefix, which another container's name may be.
            String byId = null;
            for (Map.Entry<String, String> e : now.entrySet()) {
                String name = null;
                try {
                    ContainerInfo info = runtime.inspect(e.getValue());
                    if (info.name().equals(plain) || info.aliases().values().stream().anyMatch(a -> a.contains(plain))) {
                        return e.getKey();
                    }
                    name = info.name();
                } catch (TcpscopeException gone) {
                    // a node whose container is gone goes by no name, only by its id
                }
                if (byId == null && ContainerReferences.isIdOf(plain, e.getValue(), name)) {
                    byId = e.getKey();
                }
            }
            if (byId != null) {
                return byId;
            }
        } else {
            for (Map.Entry<String, String> e : now.entrySet()) {
                try {
                    if (runtime.inspect(e.getValue()).allAddresses().contains(IpAddresses.normalize(address))) {
                        return e.getKey();
                    }
                } catch (TcpscopeException gone) {
                    // a node whose container is gone has no address
                }
            }
        }
        throw new IllegalArgumentException("no node of cluster " + clusterId + " is named, has the id or the address '"
                + reference + "'; its nodes are " + now.keySet());
    }
}
