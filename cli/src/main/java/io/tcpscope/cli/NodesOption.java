package io.tcpscope.cli;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.testkit.Cluster;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

/**
 * The nodes a command reads, {@code CONTAINER...} or {@code --network NAME}, one or the other:
 * shared by {@code mesh} and {@code watch} as an argument group.
 */
final class NodesOption {

    @Option(names = "--network", paramLabel = "NAME",
            description = "Every running container on this Docker network, as it is at each read.")
    String network;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Container names or ids.")
    List<String> containers;

    /**
     * The nodes must be there: each container named running, or a running container on the network,
     * else a clear error before any read.
     */
    void requireThere(DockerEngine engine) {
        if (network == null) {
            containers.forEach(container -> requireRunning(engine, container));
        } else if (engine.runtime().list(Map.of(), false).stream().noneMatch(c -> c.addresses().containsKey(network))) {
            throw new Tcpscope.InputException("no running container is on a network named '" + network
                    + "'; 'docker network ls' lists the networks", null);
        }
    }

    /**
     * The nodes, adopted as a running cluster on the engine, which the caller closes; a node in a
     * shared network namespace is refused at the start, in one line that names the policy's way in,
     * unless the policy reads it.
     */
    Cluster cluster(DockerEngine engine, ModeOption mode, PortSet ports, SharedNamespacesOption shared) {
        SharedNamespacePolicy policy = shared.policy();
        return network != null ? Tcpscope.network(engine, mode, ports, policy, network)
                : Tcpscope.cluster(engine, mode, ports, policy, containers);
    }

    /** What is read, for a header: {@code network N} or {@code 2 containers: a, b}. */
    String describe() {
        if (network != null) {
            return "network " + network;
        }
        return containers.size() + (containers.size() == 1 ? " container: " : " containers: ") + String.join(", ", containers);
    }

    /** A container named on the command line must be there and running: a mesh would show it empty. */
    private static void requireRunning(DockerEngine engine, String container) {
        ContainerInfo info = engine.runtime().inspect(container);
        if (!info.running()) {
            throw new ContainerUnavailableException(container, info.name(), info.id(), "paused".equals(info.state())
                    ? ContainerUnavailableException.Condition.PAUSED : ContainerUnavailableException.Condition.NOT_RUNNING);
        }
    }
}
