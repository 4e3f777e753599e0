package io.tcpscope.cli;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.docker.DockerEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "count", mixinStandardHelpOptions = true,
        description = {"Prints how many of a container's connections are in a state on the given ports: by default"
                + " its live P2P connections (ESTABLISHED on 9000-9001). One dial between two nodes counts 1 on each."},
        footer = {"", "With --shared-namespaces, a container read in a network namespace not its own is named on"
                + " stderr (stdout stays the number alone), and --json adds \"namespace\": \"host\" or \"container:NAME\"."})
final class CountCommand implements Callable<Integer> {

    @ParentCommand
    Tcpscope top;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONTAINER", description = "A container name or id.")
    String container;

    @Option(names = "--ports", paramLabel = "PORTS", defaultValue = "9000-9001",
            description = "The P2P ports (default: ${DEFAULT-VALUE}).")
    PortSet ports;

    @Option(names = "--state", paramLabel = "STATE", defaultValue = "ESTABLISHED",
            description = "The state to count (default: ${DEFAULT-VALUE}).")
    TcpState state;

    @Mixin
    ModeOption mode;

    @Mixin
    SharedNamespacesOption sharedNamespaces;

    @Option(names = "--json", description = "Print a JSON object instead of the number alone.")
    boolean json;

    @Override
    public Integer call() {
        ContainerTables.Table table;
        try (DockerEngine engine = top.engine();
             ContainerTables tables = new ContainerTables(engine, mode.inspectorMode(), sharedNamespaces.policy())) {
            table = tables.read(Tcpscope.bare(container));
        }
        long count = table.connections().stream().filter(c -> c.state() == state && c.touchesAny(ports)).count();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("container", container);
            result.put("ports", ports.toString());
            result.put("state", state.name());
            result.put("count", count);
            if (table.sharedWith() != null) {
                result.put("namespace", table.sharedWith().toString());
            }
            Output.write(spec.commandLine().getOut(), result);
        } else {
            if (table.sharedWith() != null) {
                // on stderr: stdout stays the number alone, for scripts
                spec.commandLine().getErr().println("tcpscope: " + Output.sharedLine(container, table.sharedWith()));
                spec.commandLine().getErr().flush();
            }
            spec.commandLine().getOut().println(count);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
