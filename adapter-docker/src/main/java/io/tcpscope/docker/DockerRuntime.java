package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The engine's side of {@link ContainerRuntime}, on docker-java: every call that creates, starts,
 * stops, pauses, connects or removes a container or a network is made here, and each failure
 * is turned into tcpscope's exceptions by {@link DockerEngine#translate}.
 */
final class DockerRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);

    private final DockerEngine engine;
    private final AtomicBoolean swept = new AtomicBoolean();

    DockerRuntime(DockerEngine engine) {
        this.engine = engine;
    }

    @Override
    public String endpoint() {
        return engine.endpoint();
    }

    @Override
    public String ensureImage(String name, Map<String, String> files, List<String> entrypoint) {
        HelperImage.Builder image = HelperImage.builder(name).label(SidecarImage.IMAGE_LABEL, name)
                .entrypoint(entrypoint.toArray(String[]::new));
        files.forEach(image::file);
        return image.build().ensure(engine);
    }

    @Override
    public String createNetwork(String name, Map<String, String> labels) {
        try {
            return engine.call("create network " + name, c -> c.createNetworkCmd().withName(name).withLabels(owned(labels))
                    .withCheckDuplicate(true).exec().getId());
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "create network '" + name + "'");
        }
    }

    @Override
    public void removeNetwork(String network) {
        try {
            engine.call("remove network " + network, c -> c.removeNetworkCmd(network).exec());
        } catch (NotFoundException gone) {
            LOG.debug("network {} was already gone", network);
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "remove network '" + network + "'");
        }
    }

    @Override
    public String create(ContainerSpec spec) {
        return create(spec, false);
    }

    /**
     * Creates a container, without starting it.
     *
     * @param spec what to create
     * @param autoRemove whether the engine removes it once it exits, as it does a helper's
     * @return its id
     */
    String create(ContainerSpec spec, boolean autoRemove) {
        try {
            return engine.call("create container " + (spec.name() == null ? "from " + spec.image() : spec.name()),
                    c -> createCmd(c, spec, autoRemove).exec().getId());
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "create container " + (spec.name() == null ? "" : "'" + spec.name() + "' ")
                    + "from image '" + spec.image() + "'");
        }
    }

    private CreateContainerCmd createCmd(DockerClient client, ContainerSpec spec, boolean autoRemove) {
        CreateContainerCmd create = client.createContainerCmd(spec.image())
                .withLabels(owned(spec.labels()))
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        if (spec.name() != null) {
            create.withName(spec.name());
        }
        if (spec.hostname() != null) {
            create.withHostName(spec.hostname());
        }
        create.withHostConfig(HostConfig.newHostConfig().withNetworkMode(spec.network())
                .withSysctls(spec.sysctls().isEmpty() ? null : spec.sysctls())
                .withAutoRemove(autoRemove ? Boolean.TRUE : null));
        if (!spec.aliases().isEmpty()) {
            create.withAliases(spec.aliases()); // the spec has a network if it has aliases
        }
        if (spec.entrypoint() != null) {
            create.withEntrypoint(spec.entrypoint());
        }
        if (spec.cmd() != null) {
            create.withCmd(spec.cmd());
        }
        return create;
    }

    @Override
    public void start(String container) {
        call(container, "start container '" + container + "'", false, "start " + container, Duration.ZERO,
                c -> c.startContainerCmd(container).exec());
    }

    @Override
    public void stop(String container, Duration grace) {
        call(container, "stop container '" + container + "'", false, "stop " + container, grace,
                c -> c.stopContainerCmd(container).withTimeout(seconds(grace)).exec());
    }

    @Override
    public void restart(String container, Duration grace) {
        call(container, "restart container '" + container + "'", false, "restart " + container, grace,
                c -> c.restartContainerCmd(container).withTimeout(seconds(grace)).exec());
    }

    @Override
    public void pause(String container) {
        call(container, "pause container '" + container + "'", true, "pause " + container, Duration.ZERO,
                c -> c.pauseContainerCmd(container).exec());
    }

    @Override
    public void unpause(String container) {
        call(container, "unpause container '" + container + "'", false, "unpause " + container, Duration.ZERO,
                c -> c.unpauseContainerCmd(container).exec());
    }

    @Override
    public void remove(String container) {
        try {
            ContainerRefs.require(container);
            engine.call("remove " + container, c -> c.removeContainerCmd(container).withForce(true).exec());
        } catch (RuntimeException e) {
            if (!DockerEngine.isNoSuchContainer(e)) {
                throw engine.translate(null, e, false, "remove container '" + container + "'");
            }
            LOG.debug("container {} was already gone", container);
        }
    }

    @Override
    public void connect(String network, String container, List<String> aliases) {
        call(container, "connect container '" + container + "' to network '" + network + "'", false,
                "connect " + container + " to " + network, Duration.ZERO,
                c -> c.connectToNetworkCmd().withNetworkId(network).withContainerId(container)
                        .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec());
    }

    @Override
    public void disconnect(String network, String container) {
        call(container, "disconnect container '" + container + "' from network '" + network + "'", false,
                "disconnect " + container + " from " + network, Duration.ZERO,
                c -> c.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(container)
                        .withForce(true).exec());
    }

    @Override
    public ContainerInfo inspect(String container) {
        InspectContainerResponse inspected = engine.parts().states().inspectExisting(ContainerRefs.require(container), false);
        Map<String, ContainerNetwork> networks = inspected.getNetworkSettings() == null ? null
                : inspected.getNetworkSettings().getNetworks();
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        if (networks != null) {
            networks.forEach((name, n) -> aliases.put(name, n.getAliases() == null ? List.of() : List.copyOf(n.getAliases())));
        }
        Map<String, String> labels = inspected.getConfig() == null || inspected.getConfig().getLabels() == null
                ? Map.of() : inspected.getConfig().getLabels();
        String state = inspected.getState() == null || inspected.getState().getStatus() == null
                ? "unknown" : inspected.getState().getStatus();
        return new ContainerInfo(inspected.getId(), bare(inspected.getName()), state, labels, addressesOf(networks), aliases);
    }

    @Override
    public List<ContainerInfo> list(Map<String, String> labels, boolean includeStopped) {
        List<Container> found;
        try {
            found = engine.call("list containers", c -> {
                var list = c.listContainersCmd().withShowAll(includeStopped);
                if (!labels.isEmpty()) {
                    list.withLabelFilter(labels);
                }
                return list.exec();
            });
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "list containers");
        }
        List<ContainerInfo> out = new ArrayList<>();
        for (Container c : found) {
            Map<String, Set<InetAddress>> addresses = addressesOf(c.getNetworkSettings() == null ? null
                    : c.getNetworkSettings().getNetworks());
            String name = c.getNames() != null && c.getNames().length > 0 ? bare(c.getNames()[0]) : c.getId();
            out.add(new ContainerInfo(c.getId(), name, c.getState() == null ? "unknown" : c.getState(),
                    c.getLabels() == null ? Map.of() : c.getLabels(), addresses, Map.of()));
        }
        return out;
    }

    @Override
    public int removeLeftovers(String label) {
        Owner self = Owner.self();
        List<Container> containers;
        List<Network> networks;
        try {
            containers = engine.call("list containers labelled " + label,
                    c -> c.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec());
            networks = engine.call("list networks labelled " + label,
                    c -> c.listNetworksCmd().withFilter("label", List.of(label)).exec());
        } catch (RuntimeException e) {
            throw engine.translate(null, e, false, "list what is labelled '" + label + "'");
        }
        int removed = 0;
        for (Container c : containers) {
            String owner = c.getLabels() == null ? null : c.getLabels().get(OWNER_LABEL);
            if (self.isDeadOwner(owner)) {
                removed += leftover("container " + c.getId(), owner, () -> remove(c.getId()));
            }
        }
        for (Network n : networks) {
            String owner = n.getLabels() == null ? null : n.getLabels().get(OWNER_LABEL);
            if (self.isDeadOwner(owner)) {
                removed += leftover("network " + n.getName(), owner, () -> removeNetwork(n.getId()));
            }
        }
        return removed;
    }

    /**
     * Removes, once per engine, the helper containers that a process of this machine left behind
     * when it was killed (a sidecar created but never started); a failure is logged, not thrown.
     */
    void sweepHelpers() {
        if (swept.compareAndSet(false, true)) {
            try {
                removeLeftovers(SidecarImage.LABEL);
            } catch (RuntimeException e) {
                LOG.debug("could not sweep the helpers left on {}: {}", engine.endpoint(), e.getMessage());
            }
        }
    }

    /**
     * Removes one leftover; a failure is logged, not thrown, since another build may be removing
     * the same leftover at the same moment, and a leftover must not stop a start.
     */
    private static int leftover(String what, String owner, Runnable removal) {
        try {
            removal.run();
            LOG.info("removed {}, left by a process that is gone ({})", what, owner);
            return 1;
        } catch (RuntimeException e) {
            LOG.warn("could not remove {}, left by a process that is gone: {}", what, e.getMessage());
            return 0;
        }
    }

    /**
     * Runs one call about a container, turning its failure into tcpscope's exceptions. A request
     * for the state the container is already in (start a running one, stop a stopped one) is done.
     */
    private void call(String container, String request, boolean needsRunning, String call, Duration extra,
                      Function<DockerClient, Void> body) {
        ContainerRefs.require(container);
        try {
            engine.call(call, extra, body);
        } catch (NotModifiedException already) {
            LOG.debug("{}: it already was", request);
        } catch (RuntimeException e) {
            if (needsRunning) {
                throw engine.translate(container, e, false, request);
            }
            throw missingOr(container, e, request);
        }
    }

    /** The container being missing, if it is; else the engine's refusal as it gave it. */
    private RuntimeException missingOr(String container, RuntimeException e, String request) {
        if (e instanceof DockerException) {
            try {
                engine.parts().states().inspectExisting(container, false);
            } catch (ContainerUnavailableException gone) {
                return gone;
            } catch (RuntimeException ignored) {
                // the engine refuses to answer about the container too; the original refusal says more
            }
        }
        return engine.translate(null, e, false, request);
    }

    /** Each network's addresses; the engine gives empty texts for a stopped container, which are left out. */
    private static Map<String, Set<InetAddress>> addressesOf(Map<String, ContainerNetwork> networks) {
        Map<String, Set<InetAddress>> addresses = new LinkedHashMap<>();
        if (networks != null) {
            networks.forEach((name, n) -> addresses.put(name,
                    ContainerInfo.parse(Arrays.asList(n.getIpAddress(), n.getGlobalIPv6Address()))));
        }
        return addresses;
    }

    private Map<String, String> owned(Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(engine.labels());
        all.putAll(labels);
        all.put(OWNER_LABEL, Owner.self().label());
        return all;
    }

    private static int seconds(Duration grace) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, grace.toSeconds()));
    }

    private static String bare(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : String.valueOf(name);
    }
}
