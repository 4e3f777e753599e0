package io.tcpscope.cli;

import io.tcpscope.testkit.InspectorMode;

/** The --mode values, as a person types them. */
enum Mode {
    auto(InspectorMode.AUTO),
    exec(InspectorMode.DOCKER_EXEC),
    procfs(InspectorMode.PROCFS),
    sidecar(InspectorMode.SIDECAR);

    final InspectorMode inspectorMode;

    Mode(InspectorMode inspectorMode) {
        this.inspectorMode = inspectorMode;
    }
}
