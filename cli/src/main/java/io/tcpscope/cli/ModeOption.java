package io.tcpscope.cli;

import io.tcpscope.testkit.InspectorMode;
import picocli.CommandLine.Option;

/** --mode, shared by the commands that read containers. */
final class ModeOption {

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
            description = "How to read the containers' tables: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mode mode;

    InspectorMode inspectorMode() {
        return mode.inspectorMode;
    }
}
