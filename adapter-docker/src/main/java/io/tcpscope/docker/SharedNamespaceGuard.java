package io.tcpscope.docker;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.spi.SharedNamespacePolicy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a {@link SharedNamespacePolicy} in front of an inspector of a Docker engine's containers: a
 * container started with {@code --network host} or {@code --network container:X} has no table of
 * its own, and what any mode reads in it is the host's or X's. By default such a container is
 * refused with a {@link SharedNamespaceException} that says whose namespace it is; with
 * {@link SharedNamespacePolicy#read()} it is read, and {@link #sharedNamespace(String)} names the
 * owner, to label the rows with. The modes of this adapter, as the inspection context gives them,
 * come guarded with the context's policy; an inspector built directly is guarded with this class.
 *
 * <pre>{@code
 * ConnectionInspector sidecar = SharedNamespaceGuard.guard(
 *         new SidecarInspector(engine, SidecarImage.standard()), engine, SharedNamespacePolicy.read());
 * List<TcpConnection> rows = sidecar.connections("node-a");
 * String label = sidecar.sharedNamespace("node-a").map(NamespaceOwner::toString).orElse("own");
 * }</pre>
 *
 * <p>The engine's inspect tells the namespace; for a container read by its id the answer is kept,
 * since a container's namespace is fixed when it is created, so a warm read costs no engine call.
 *
 * <p>Thread-safe if the inspector it guards is.
 *
 * @since 0.2.0
 */
public final class SharedNamespaceGuard implements ConnectionInspector {

    private final ConnectionInspector inspector;
    private final DockerEngine engine;
    private final SharedNamespacePolicy policy;

    private SharedNamespaceGuard(ConnectionInspector inspector, DockerEngine engine, SharedNamespacePolicy policy) {
        this.inspector = Objects.requireNonNull(inspector, "inspector must not be null");
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        this.policy = Objects.requireNonNull(policy, "policy must not be null");
    }

    /**
     * Guards an inspector of the engine's containers with a policy.
     *
     * @param inspector the inspector, such as an {@link EngineProcfsInspector}
     * @param engine the engine its containers run on
     * @param policy whether to read shared namespaces; {@link SharedNamespacePolicy#DEFAULT} refuses them
     * @return the guarded inspector; closing it closes {@code inspector}
     */
    public static ConnectionInspector guard(ConnectionInspector inspector, DockerEngine engine, SharedNamespacePolicy policy) {
        return new SharedNamespaceGuard(inspector, engine, policy);
    }

    /**
     * {@inheritDoc}
     *
     * @throws SharedNamespaceException if the container shares the host's or another container's
     *     network namespace and the policy refuses it
     */
    @Override
    public List<TcpConnection> connections(String container) {
        Objects.requireNonNull(container, "container must not be null");
        engine.parts().namespaces().check(ContainerRefs.require(container), policy);
        return inspector.connections(container);
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.tcpscope.core.ContainerUnavailableException if there is no such container
     */
    @Override
    public Optional<NamespaceOwner> sharedNamespace(String container) {
        Objects.requireNonNull(container, "container must not be null");
        return engine.parts().namespaces().owner(ContainerRefs.require(container));
    }

    @Override
    public void close() {
        inspector.close();
    }

    @Override
    public String toString() {
        return inspector + (policy.reads() ? " (reads shared namespaces)" : "");
    }
}
