package io.tcpscope.testkit.internal;

import java.util.Objects;

/**
 * A node of a snapshot: the name it is shown by, and the container that holds it.
 *
 * @param name how the node is named in topologies and messages
 * @param container the container's id or name, as the engine knows it
 */
public record Member(String name, String container) {

    /**
     * Validates.
     *
     * @param name the node's name
     * @param container the container
     */
    public Member {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(container, "container must not be null");
    }
}
