package io.tcpscope.cli;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.topology.Edge;
import io.tcpscope.core.topology.NodeTable;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.core.topology.TopologyRenderer;
import io.tcpscope.core.topology.TopologySvg;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.Cluster;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "mesh", mixinStandardHelpOptions = true,
        description = {"Shows who is connected to whom among containers: the P2P connections between them, with the"
                + " dialer pointing at the listener."})
final class MeshCommand implements Callable<Integer> {

    enum Format { text, json, mermaid, dot, svg }

    @ParentCommand
    Tcpscope top;

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    NodesOption nodes;

    @Option(names = "--ports", paramLabel = "PORTS", defaultValue = "9000-9001",
            description = "The P2P ports whose connections are shown (default: ${DEFAULT-VALUE}).")
    PortSet ports;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Mixin
    ModeOption mode;

    @Mixin
    SharedNamespacesOption sharedNamespaces;

    @Override
    public Integer call() throws IOException {
        Topology topology;
        try (DockerEngine engine = top.engine()) {
            engine.ping();
            nodes.requireThere(engine);
            try (Cluster cluster = nodes.cluster(engine, mode, ports, sharedNamespaces)) {
                topology = cluster.topology();
            }
        }
        String rendered = switch (format) {
            case text -> TopologyRenderer.text(topology);
            case mermaid -> TopologyRenderer.mermaid(topology);
            case dot -> TopologyRenderer.dot(topology);
            case svg -> TopologySvg.document(topology);
            case json -> null;
        };
        if (output != null) {
            Files.writeString(output, rendered != null ? rendered : json(topology));
            spec.commandLine().getErr().println("tcpscope: wrote the mesh of " + topology.nodes().size() + " containers to " + output);
        } else if (rendered != null) {
            spec.commandLine().getOut().print(rendered);
            spec.commandLine().getOut().flush();
        } else {
            spec.commandLine().getOut().println(json(topology));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static String json(Topology topology) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ports", topology.p2pPorts().toString());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeTable node : topology.tables()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", node.name());
            item.put("addresses", node.addresses().stream().map(a -> io.tcpscope.core.IpAddresses.toText(a)).sorted().toList());
            item.put("active", topology.activeConnections(node.name()));
            nodes.add(item);
        }
        out.put("nodes", nodes);
        List<Map<String, Object>> edges = new ArrayList<>();
        for (Edge e : topology.edges()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("from", e.from());
            item.put("to", e.to());
            item.put("fromEnd", Output.endpoint(e.fromEnd()));
            item.put("toEnd", Output.endpoint(e.toEnd()));
            item.put("direction", e.direction().name());
            edges.add(item);
        }
        out.put("edges", edges);
        out.put("fullMesh", topology.isFullMesh());
        java.io.StringWriter text = new java.io.StringWriter();
        Output.write(new java.io.PrintWriter(text), out);
        return text.toString().stripTrailing();
    }
}
