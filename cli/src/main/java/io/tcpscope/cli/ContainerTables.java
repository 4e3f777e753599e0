package io.tcpscope.cli;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.InspectorMode;

import java.util.List;
import java.util.Optional;

/**
 * The tables of single containers, for {@code connections} and {@code count}: read by the
 * inspector of the mode asked for, given the command's policy on shared network namespaces, so
 * that a refusal names {@code --shared-namespaces} and a table read in another's namespace says
 * whose it is. The inspector is the mode's ({@link InspectorMode#inspector}), built as a cluster
 * builds its own.
 *
 * <pre>{@code
 * try (ContainerTables tables = new ContainerTables(engine, InspectorMode.AUTO, SharedNamespacePolicy.read())) {
 *     ContainerTables.Table db = tables.read("db");
 * }
 * }</pre>
 *
 * <p>Thread-safe as its inspector is: every built-in one is.
 */
final class ContainerTables implements AutoCloseable {

    private final DockerEngine engine;
    private final ConnectionInspector inspector;

    /**
     * A container's table, and whose network namespace it was read in when not its own.
     *
     * @param connections the table
     * @param sharedWith the namespace's owner, when the container shares another's; else {@code null}
     */
    record Table(List<TcpConnection> connections, NamespaceOwner sharedWith) {
    }

    /**
     * Tables of containers on an engine.
     *
     * @param engine the engine, which the caller closes
     * @param mode how to read
     * @param policy whether to read a shared network namespace
     */
    ContainerTables(DockerEngine engine, InspectorMode mode, SharedNamespacePolicy policy) {
        this.engine = engine;
        this.inspector = mode.inspector(engine, policy);
    }

    /**
     * A container's table. The container must exist (else the engine's "not found", before any
     * read); whether it must run is the mode's to say.
     *
     * @param container a name or id
     * @return the table
     */
    Table read(String container) {
        engine.runtime().inspect(container);
        List<TcpConnection> connections = inspector.connections(container);
        Optional<NamespaceOwner> owner = inspector.sharedNamespace(container);
        return new Table(connections, owner.orElse(null));
    }

    @Override
    public void close() {
        inspector.close();
    }
}
