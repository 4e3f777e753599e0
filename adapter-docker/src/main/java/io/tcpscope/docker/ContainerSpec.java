package io.tcpscope.docker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link ContainerRuntime#create(ContainerSpec)} makes: an image, a name, a network and the
 * names it answers to there, an environment, labels, and the command to run.
 *
 * <pre>{@code
 * String id = runtime.create(ContainerSpec.of("tcpscope/peer:3")
 *         .withName("mesh-node-1")
 *         .withNetwork("mesh", "node-1")
 *         .withEnv(Map.of("LISTEN", "9000"))
 *         .withLabels(Map.of("io.tcpscope.cluster", "mesh")));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param image the image to run
 * @param name the container's name, or {@code null} for one the engine picks
 * @param hostname the host name inside the container, or {@code null} for the engine's default
 * @param network the network to attach to, or {@code null} for the engine's default
 * @param aliases the names the container answers to on {@code network}
 * @param env the environment, in order
 * @param labels the labels; the runtime adds {@link ContainerRuntime#OWNER_LABEL}
 * @param entrypoint the entry point, or {@code null} for the image's own
 * @param cmd the command, or {@code null} for the image's own
 * @param sysctls the container's own kernel settings, such as {@code net.ipv4.ip_local_port_range};
 *     only those of its namespaces can be set
 * @since 0.1.0
 */
public record ContainerSpec(String image, String name, String hostname, String network, List<String> aliases,
                            Map<String, String> env, Map<String, String> labels, List<String> entrypoint,
                            List<String> cmd, Map<String, String> sysctls) {

    /**
     * Validates and copies.
     *
     * @param image the image to run
     * @param name the container's name, or {@code null}
     * @param hostname the host name, or {@code null}
     * @param network the network, or {@code null}
     * @param aliases the names on {@code network}
     * @param env the environment
     * @param labels the labels
     * @param entrypoint the entry point, or {@code null}
     * @param cmd the command, or {@code null}
     * @param sysctls the kernel settings
     * @throws NullPointerException if the image, aliases, env, labels or sysctls are null
     * @throws IllegalArgumentException if aliases are given without a network
     */
    public ContainerSpec {
        Objects.requireNonNull(image, "image must not be null");
        aliases = List.copyOf(aliases);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(env, "env must not be null")));
        labels = Map.copyOf(labels);
        sysctls = Map.copyOf(sysctls);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        if (network == null && !aliases.isEmpty()) {
            throw new IllegalArgumentException("aliases " + aliases + " need a network to be names on");
        }
    }

    /**
     * A container of an image, with everything else left to the image and the engine.
     *
     * @param image the image to run
     * @return the spec
     */
    public static ContainerSpec of(String image) {
        return new ContainerSpec(image, null, null, null, List.of(), Map.of(), Map.of(), null, null, Map.of());
    }

    /**
     * With a name.
     *
     * @param name the container's name
     * @return a new spec
     */
    public ContainerSpec withName(String name) {
        return new ContainerSpec(image, name, hostname, network, aliases, env, labels, entrypoint, cmd, sysctls);
    }

    /**
     * With a host name.
     *
     * @param hostname the host name inside the container
     * @return a new spec
     */
    public ContainerSpec withHostname(String hostname) {
        return new ContainerSpec(image, name, hostname, network, aliases, env, labels, entrypoint, cmd, sysctls);
    }

    /**
     * On a network, under some names.
     *
     * @param network the network's name or id
     * @param aliases the names the container answers to there
     * @return a new spec
     */
    public ContainerSpec withNetwork(String network, String... aliases) {
        return new ContainerSpec(image, name, hostname, network, List.of(aliases), env, labels, entrypoint, cmd, sysctls);
    }

    /**
     * With an environment.
     *
     * @param env the variables, in order
     * @return a new spec
     */
    public ContainerSpec withEnv(Map<String, String> env) {
        return new ContainerSpec(image, name, hostname, network, aliases, env, labels, entrypoint, cmd, sysctls);
    }

    /**
     * With labels.
     *
     * @param labels the labels
     * @return a new spec
     */
    public ContainerSpec withLabels(Map<String, String> labels) {
        return new ContainerSpec(image, name, hostname, network, aliases, env, labels, entrypoint, cmd, sysctls);
    }

    /**
     * With an entry point.
     *
     * @param argv the entry point; none to run the command as it is
     * @return a new spec
     */
    public ContainerSpec withEntrypoint(String... argv) {
        return new ContainerSpec(image, name, hostname, network, aliases, env, labels, List.of(argv), cmd, sysctls);
    }

    /**
     * With a command.
     *
     * @param argv the command
     * @return a new spec
     */
    public ContainerSpec withCmd(String... argv) {
        return new ContainerSpec(image, name, hostname, network, aliases, env, labels, entrypoint, List.of(argv), sysctls);
    }

    /**
     * With kernel settings of the container's own namespaces, as {@code docker run --sysctl} sets them.
     *
     * @param sysctls the settings, such as {@code net.ipv6.conf.all.disable_ipv6=0}
     * @return a new spec
     */
    public ContainerSpec withSysctls(Map<String, String> sysctls) {
        return new ContainerSpec(image, name, hostname, network, aliases, env, labels, entrypoint, cmd, sysctls);
    }
}
