package io.tcpscope.procfs;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * The addresses of a container's network namespace as its kernel holds them, and the id of the
 * container whose process was read, as {@link ProcfsInspector#addresses(String)} gives them.
 *
 * <pre>{@code
 * NamespaceAddresses kernel = procfs.addresses("node-a");   // [172.18.0.2] of container 3f2a1b…
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param containerId the container's id, as the resolver gave it; {@code null} if it gave none
 * @param addresses every interface address but loopback and link-local ones
 * @since 0.1.0
 */
public record NamespaceAddresses(String containerId, Set<InetAddress> addresses) {

    /**
     * Validates and copies.
     *
     * @param containerId the id, or {@code null}
     * @param addresses the addresses
     * @throws NullPointerException if the addresses are null
     */
    public NamespaceAddresses {
        addresses = Set.copyOf(Objects.requireNonNull(addresses, "addresses must not be null"));
    }
}
