package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.ContainerReferences;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.ContainerRuntime;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.procfs.NamespaceAddresses;
import io.tcpscope.procfs.ProcfsInspector;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The addresses of the containers a snapshot reads, asked of the engine once per container and
 * network change rather than at every snapshot, where the container is read through procfs (in mode
 * procfs, or in AUTO once it has read the container through procfs).
 *
 * <p>The engine's answer is remembered only under an id of the container
 * ({@link ContainerReferences#isIdOf}), never under a name, which can pass to another container, and
 * only when the kernel agrees with it: the container's network namespace holds exactly the addresses the engine reports (loopback and link-local aside), in the
 * process of the same container id. At the next snapshot the namespace is read again from
 * {@code /proc} (no engine call); while it still holds exactly those addresses, the engine's answer
 * stands, since a network connect, disconnect or reconnect, by the cluster or by anyone else, adds or
 * removes an interface address of the namespace. Any other answer, or a failure, asks the engine
 * again. So what is returned is, at each call, exactly what the namespace holds now, and a set the
 * engine itself gave for that container: a change shows at the first snapshot after it, with no
 * window of staleness. Where the engine and the kernel
 * disagree (a container sharing another's namespace, an address added inside the container), the
 * engine is asked every time, as for the other modes.
 *
 * <p>Thread-safe; at most {@value #CAPACITY} containers are remembered.
 */
final class KnownAddresses {

    static final int CAPACITY = 1024;

    private static final String PROCFS = "procfs";

    private final ContainerRuntime runtime;
    /** Reads the namespaces of the containers that AUTO reads through procfs. */
    private final ProcfsInspector autoProcfs;
    private final Map<String, NamespaceAddresses> agreed = new ConcurrentHashMap<>();

    KnownAddresses(DockerEngine engine) {
        this.runtime = engine.runtime();
        this.autoProcfs = new ProcfsInspector(engine.hostPids());
    }

    /**
     * The addresses of a container on all its networks.
     *
     * @param container the container
     * @param reader the inspector the snapshot reads the container with
     * @param running the engine's running containers, asked at most once per snapshot
     * @return the addresses
     * @throws io.tcpscope.core.ContainerUnavailableException if the engine has no such container
     */
    Set<InetAddress> of(String container, ConnectionInspector reader, Supplier<List<ContainerInfo>> running) {
        ProcfsInspector procfs = reader instanceof ProcfsInspector p ? p
                : reader instanceof AutoInspector auto && auto.chosenFor(container).filter(PROCFS::equals).isPresent()
                ? autoProcfs : null;
        if (procfs == null) {
            // The engine's list of running containers, asked once per snapshot for all its nodes,
            // rather than one inspect per node; one that is not on it is inspected, which says why.
            ContainerInfo listed = listed(container, running.get());
            return (listed != null ? listed : runtime.inspect(container)).allAddresses();
        }
        NamespaceAddresses kernel;
        try {
            kernel = procfs.addresses(container);
        } catch (TcpscopeException e) {
            agreed.remove(container);
            return runtime.inspect(container).allAddresses(); // a stopped container has none; a missing one throws
        }
        if (kernel.containerId() != null && kernel.equals(agreed.get(container))) {
            return kernel.addresses();
        }
        ContainerInfo engine = runtime.inspect(container);
        Set<InetAddress> addresses = engine.allAddresses();
        // remembered only under an id of the container: a name can pass to another container, and a short
        // one can begin another container's id
        if (ContainerReferences.isIdOf(container, engine.id(), engine.name())
                && engine.id().equals(kernel.containerId()) && addresses.equals(kernel.addresses())) {
            if (agreed.size() >= CAPACITY && !agreed.containsKey(container)) {
                agreed.clear();
            }
            agreed.put(container, kernel);
        } else {
            agreed.remove(container);
        }
        return addresses;
    }

    /**
     * Whether the engine's answer for a reference is remembered.
     *
     * @param container the reference
     * @return whether it is
     */
    boolean remembers(String container) {
        return agreed.containsKey(container);
    }

    /**
     * The running container a reference names, as the engine resolves it: its full id, else its
     * name. A shorter id, or a name that is no running container's, is left to the engine
     * ({@code null}): a name such as {@code cafe} may also begin another container's id, and the
     * engine takes a name before an id prefix, where a match on the listing would take either.
     */
    private static ContainerInfo listed(String container, List<ContainerInfo> running) {
        for (ContainerInfo listed : running) {
            if (listed.id().equals(container)) {
                return listed;
            }
        }
        String name = container.startsWith("/") ? container.substring(1) : container;
        for (ContainerInfo listed : running) {
            if (listed.name().equals(name)) {
                return listed;
            }
        }
        return null;
    }
}
