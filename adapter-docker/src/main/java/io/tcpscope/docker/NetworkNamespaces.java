package io.tcpscope.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.spi.ContainerReferences;
import io.tcpscope.core.spi.SharedNamespacePolicy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whose network namespace a container shares, if it has none of its own, from the engine's inspect
 * of it. Two signals, either of which is enough:
 * <ul>
 *   <li>{@code HostConfig.NetworkMode}: {@code host}, or {@code container:<id or name>}, which Docker
 *       and Podman both give for {@code --network host} and {@code --network container:X};</li>
 *   <li>the namespace's identity, {@code NetworkSettings.SandboxKey}: Docker names the host's own
 *       namespace {@code .../netns/default}, whatever the mode says.</li>
 * </ul>
 * For {@code container:X}, X is inspected too, for its name, and because X may itself be in the
 * host's namespace, which is then the owner.
 *
 * <p>A container's namespace is fixed when it is created, so the answer for a reference that is the
 * container's id is kept ({@link ContainerReferences#isIdOf}: the full id, or 12 hex digits or more
 * of it that are not also its name); a name, which may pass to another container, and a short id,
 * which may be some container's name, are asked again each time.
 *
 * <p>Thread-safe.
 */
final class NetworkNamespaces {

    private static final String CONTAINER_MODE = "container:";
    private static final int KNOWN = 4096;

    private final DockerEngine engine;
    private final Map<String, Found> known = new ConcurrentHashMap<>();

    /** What is known of a container: the owner of its namespace, if shared, and how messages name it. */
    private record Found(Optional<NamespaceOwner> owner, String description) {
    }

    NetworkNamespaces(DockerEngine engine) {
        this.engine = engine;
    }

    /**
     * The owner of the namespace the container shares.
     *
     * @param container a name or id
     * @return the owner, or empty if it has a namespace of its own
     * @throws ContainerUnavailableException if there is no such container
     */
    Optional<NamespaceOwner> owner(String container) {
        return find(container).owner();
    }

    /**
     * Refuses a container in a shared namespace, unless the policy reads them.
     *
     * @throws io.tcpscope.core.SharedNamespaceException if it shares one and the policy refuses
     * @throws ContainerUnavailableException if there is no such container
     */
    void check(String container, SharedNamespacePolicy policy) {
        Found found = find(container);
        policy.check(found.description(), found.owner().orElse(null));
    }

    private Found find(String container) {
        Found cached = known.get(container);
        if (cached != null) {
            return cached;
        }
        InspectContainerResponse inspected = engine.parts().states().inspectExisting(container, false);
        Found found = new Found(owner(inspected), ContainerUnavailableException.describe(container,
                bare(inspected.getName(), null), inspected.getId()));
        if (ContainerReferences.isIdOf(container, inspected.getId(), inspected.getName())) {
            if (known.size() >= KNOWN) {
                known.clear();
            }
            known.put(container, found);
        }
        return found;
    }

    /** The owner, from an inspect already made. */
    Optional<NamespaceOwner> owner(InspectContainerResponse inspected) {
        if (isHost(inspected)) {
            return Optional.of(NamespaceOwner.host());
        }
        String mode = mode(inspected);
        if (mode == null || !mode.startsWith(CONTAINER_MODE) || mode.length() == CONTAINER_MODE.length()) {
            return Optional.empty();
        }
        String other = mode.substring(CONTAINER_MODE.length());
        try {
            InspectContainerResponse owner = engine.parts().states().inspectExisting(other, true);
            if (isHost(owner)) {
                return Optional.of(NamespaceOwner.host());
            }
            return Optional.of(NamespaceOwner.container(bare(owner.getName(), other)));
        } catch (ContainerUnavailableException gone) {
            // the owner has gone (its namespace with it, unless a process holds it): name it as given
            return Optional.of(NamespaceOwner.container(other.length() > 12 ? other.substring(0, 12) : other));
        }
    }

    private static boolean isHost(InspectContainerResponse inspected) {
        if ("host".equals(mode(inspected))) {
            return true;
        }
        String key = inspected.getNetworkSettings() == null ? null : inspected.getNetworkSettings().getSandboxKey();
        return key != null && key.endsWith("/netns/default");
    }

    private static String mode(InspectContainerResponse inspected) {
        return inspected.getHostConfig() == null ? null : inspected.getHostConfig().getNetworkMode();
    }

    private static String bare(String name, String otherwise) {
        if (name == null || name.isEmpty()) {
            return otherwise;
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
