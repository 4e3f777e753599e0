package io.tcpscope.testkit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to adopt: the containers named, those to name, every container on a network, a Compose
 * project's; and how to name the nodes.
 *
 * @param network the network partitions act on, or {@code null} for the one user network the named
 *     containers share, if they share exactly one
 * @param named containers named by the caller: node name to container name or id
 * @param unnamed containers, by name or id, to be named as they go by on the network
 * @param wholeNetwork whether every running container on {@code network} is a node too, as it is
 *     at each read; then no node at all is no error, since containers may join later
 * @param composeProject a Compose project whose running containers are nodes too, or {@code null}
 * @param byContainerName whether the nodes not named by the caller go by their containers' names,
 *     rather than by their aliases on the network or their Compose services
 */
public record AdoptionPlan(String network, Map<String, String> named, List<String> unnamed, boolean wholeNetwork,
                           String composeProject, boolean byContainerName) {

    /**
     * Copies.
     *
     * @param network the network, or {@code null}
     * @param named containers by node name
     * @param unnamed containers to name
     * @param wholeNetwork whether every container on the network is a node
     * @param composeProject a Compose project, or {@code null}
     * @param byContainerName whether nodes go by their containers' names
     */
    public AdoptionPlan {
        named = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(named));
        unnamed = List.copyOf(unnamed);
    }
}
