package io.tcpscope.cli;

import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.procfs.ProcfsInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "connections", mixinStandardHelpOptions = true,
        description = {"Lists TCP connections like 'ss -tan': this machine's own through /proc (no Docker"
                + " needed), or those inside the given containers. Peers are named after containers where known."},
        footer = {"", Output.TABLE_HELP, "", Output.JSON_HELP, "", Output.SHARED_HELP})
final class ConnectionsCommand implements Callable<Integer> {

    @ParentCommand
    Tcpscope top;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Container names or ids; none for this machine.")
    List<String> containers = new ArrayList<>();

    @Mixin
    Filters filters;

    @Mixin
    ModeOption mode;

    @Mixin
    SharedNamespacesOption sharedNamespaces;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        List<Row> rows = new ArrayList<>();
        Map<String, NamespaceOwner> shared = new LinkedHashMap<>();
        if (containers.isEmpty()) {
            List<TcpConnection> local = filters.apply(ProcfsInspector.local().localConnections());
            PeerNames names = local.isEmpty() ? PeerNames.none() : peerNamesIfDocker();
            local.forEach(c -> rows.add(new Row(null, c, names.nameOf(c.remote().address()))));
        } else {
            try (DockerEngine engine = top.engine();
                 ContainerTables tables = new ContainerTables(engine, mode.inspectorMode(), sharedNamespaces.policy())) {
                PeerNames names = PeerNames.of(engine);
                for (String container : new LinkedHashSet<>(containers)) {
                    ContainerTables.Table table = tables.read(Tcpscope.bare(container));
                    if (table.sharedWith() != null) {
                        shared.put(container, table.sharedWith());
                    }
                    for (TcpConnection c : filters.apply(table.connections())) {
                        rows.add(new Row(containers.size() > 1 ? container : null, c, names.nameOf(c.remote().address()),
                                table.sharedWith()));
                    }
                }
            }
        }
        if (json) {
            Output.json(spec.commandLine().getOut(), rows);
        } else {
            Output.table(spec.commandLine().getOut(), rows, shared);
        }
        return 0;
    }

    /** Container names for the peers of local connections, when an engine answers; none otherwise. */
    private PeerNames peerNamesIfDocker() {
        try (DockerEngine engine = top.engine()) {
            return PeerNames.of(engine);
        } catch (RuntimeException e) {
            return PeerNames.none();
        }
    }
}
