package io.tcpscope.testkit;

import java.util.Objects;

/**
 * A node of a {@link Cluster}, as it is now: its name in the cluster, its container's id, and its
 * address on the cluster's network.
 *
 * <p>Immutable and thread-safe; a snapshot, so look the node up again after a restart or a
 * reconnect, which can change its address.
 *
 * @param name the node's name, also its host name and DNS alias on the cluster's network
 * @param containerId the container's full id
 * @param ip the IPv4 address on the cluster's network, or empty while it is disconnected or stopped
 * @since 0.1.0
 */
public record Node(String name, String containerId, String ip) {

    /**
     * Validates.
     *
     * @param name the node's name
     * @param containerId the container's full id
     * @param ip the address, or empty
     * @throws NullPointerException if any part is null
     */
    public Node {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(containerId, "containerId must not be null");
        Objects.requireNonNull(ip, "ip must not be null");
    }

    /**
     * The container's short id, as {@code docker ps} shows it.
     *
     * @return the first 12 characters of the id
     */
    public String shortId() {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
