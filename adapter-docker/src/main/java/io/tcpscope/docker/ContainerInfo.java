package io.tcpscope.docker;

import io.tcpscope.core.IpAddresses;

import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A container as the engine describes it at one moment: its id and name, its state, its labels,
 * and the addresses and names it has on each network it is attached to.
 *
 * <pre>{@code
 * ContainerInfo node = runtime.inspect("node-a");
 * if (node.running()) {
 *     Set<InetAddress> onMesh = node.addresses().get("mesh");
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; a snapshot, so inspect again after a restart or a reconnect.
 *
 * @param id the full id
 * @param name the name, without Docker's leading {@code /}
 * @param state the engine's word for its state: {@code created}, {@code running}, {@code paused},
 *     {@code restarting}, {@code removing}, {@code exited} or {@code dead}
 * @param labels its labels, its image's included
 * @param addresses per network name, the IPv4 and IPv6 addresses it has there; empty while it is
 *     stopped or disconnected
 * @param aliases per network name, the names it answers to there besides its own; empty when the
 *     engine did not say (its list of containers does not)
 * @since 0.1.0
 */
public record ContainerInfo(String id, String name, String state, Map<String, String> labels,
                            Map<String, Set<InetAddress>> addresses, Map<String, List<String>> aliases) {

    /**
     * Validates and copies.
     *
     * @param id the full id
     * @param name the name
     * @param state the state
     * @param labels the labels
     * @param addresses the addresses per network
     * @param aliases the aliases per network
     * @throws NullPointerException if any part is null
     */
    public ContainerInfo {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(state, "state must not be null");
        labels = Map.copyOf(labels);
        addresses = Map.copyOf(addresses);
        aliases = Map.copyOf(aliases);
    }

    /**
     * Whether it runs and is not paused, so that its table can be read.
     *
     * @return {@code true} in the {@code running} state
     */
    public boolean running() {
        return "running".equals(state);
    }

    /**
     * Every address it has, on every network.
     *
     * @return the addresses; unmodifiable
     */
    public Set<InetAddress> allAddresses() {
        Set<InetAddress> all = new LinkedHashSet<>();
        addresses.values().forEach(all::addAll);
        return Set.copyOf(all);
    }

    /**
     * The short id, as {@code docker ps} shows it.
     *
     * @return the first 12 characters of the id
     */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Reads the engine's address texts, skipping the empty ones it gives for a stopped container. */
    static Set<InetAddress> parse(Collection<String> texts) {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (String text : texts) {
            if (text != null && !text.isEmpty()) {
                out.add(IpAddresses.parse(text));
            }
        }
        return Set.copyOf(out);
    }
}
