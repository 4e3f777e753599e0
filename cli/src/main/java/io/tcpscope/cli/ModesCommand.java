package io.tcpscope.cli;

import io.tcpscope.core.spi.InspectorProvider;
import io.tcpscope.core.spi.InspectorProviders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code tcpscope modes}: the inspector providers found on the class path, in AUTO's order. */
@Command(name = "modes",
        description = {"Lists the ways of reading a container's table that --mode takes: the built-in ones and those"
                + " of any inspector provider on the class path, in the order AUTO tries them."})
final class ModesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        InspectorProviders providers;
        try {
            providers = InspectorProviders.installed();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("tcpscope: " + e.getMessage()); // a broken adapter jar
            spec.commandLine().getErr().flush();
            return 1;
        }
        int width = Math.max("MODE".length(), providers.all().stream().mapToInt(p -> p.name().length()).max().orElse(0));
        String row = "%-" + width + "s  %-6s %s%n";
        out.printf(row, "MODE", "AUTO", "WHAT IT DOES");
        out.printf(row, InspectorProviders.AUTO, "-",
                "the first of the modes below that can read the container, tried in this order");
        for (InspectorProvider provider : providers.all()) {
            String auto = provider.priority() < 0 ? "never" : Integer.toString(provider.priority());
            out.printf(row, provider.name(), auto, provider.description());
        }
        out.flush();
        return 0;
    }
}
