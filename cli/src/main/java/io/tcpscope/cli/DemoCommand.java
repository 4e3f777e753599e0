package io.tcpscope.cli;

import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts 3 built-in P2P peers in Docker that dial each other into a full mesh, prints the"
                + " mesh and each node's count of live P2P connections, then removes everything."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    Tcpscope top;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "How many nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Mixin
    ModeOption mode;

    @Override
    public Integer call() {
        if (nodes < 2 || nodes > 16) {
            throw new IllegalArgumentException("--nodes must be between 2 and 16, not " + nodes);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        try (DockerEngine engine = top.engine()) {
            engine.ping();
            progress.println("tcpscope demo: starting " + nodes + " peer nodes on a network of their own"
                    + " (the first run on an engine builds the peer image, on a busybox the engine pulls)...");
            progress.flush();
            try (Cluster cluster = Cluster.builder().withEngine(engine).nodes(nodes).fullMesh()
                    .withInspectorMode(mode.inspectorMode()).build().start()) {
                progress.println("tcpscope demo: cluster " + cluster.id() + " is up; waiting for every node to dial the others...");
                progress.flush();
                Topology mesh;
                try {
                    // Every node's own table counts its peers too: a link one side has and the other
                    // has not yet accepted is a mesh, but not yet the counts the demo prints.
                    mesh = cluster.await().forTopology("a full mesh that every node counts", t -> t.isFullMesh()
                            && t.nodes().stream().allMatch(n -> t.activeConnections(n) == nodes - 1));
                } catch (AssertionError notYet) {
                    throw new Tcpscope.InputException(notYet.getMessage(), notYet);
                }
                out.print(TopologyRenderer.text(mesh));
                out.println();
                for (String node : mesh.nodes()) {
                    out.println(node + ": " + mesh.activeConnections(node) + " active P2P connections on " + mesh.p2pPorts());
                }
                out.flush();
                progress.println("tcpscope demo: removing the cluster...");
                progress.flush();
            }
        }
        progress.println("tcpscope demo: done; nothing is left behind");
        progress.flush();
        return 0;
    }
}
