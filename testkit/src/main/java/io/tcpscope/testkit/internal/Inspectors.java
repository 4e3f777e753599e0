package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.exec.ExecInspector;
import io.tcpscope.core.exec.InspectionCommand;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.SidecarImage;
import io.tcpscope.docker.SidecarInspector;
import io.tcpscope.procfs.ProcfsInspector;
import io.tcpscope.testkit.InspectorMode;

import java.util.List;

/**
 * Wires the adapters into a {@link ConnectionInspector} for each {@link InspectorMode}: the one
 * place where the Docker and procfs adapters meet.
 *
 * <p>Thread-safe: stateless.
 */
public final class Inspectors {

    private Inspectors() {
    }

    /**
     * An inspector of the given mode, reading containers of the given engine.
     *
     * @param mode how to read the tables
     * @param engine the engine the containers run on
     * @return the inspector
     */
    public static ConnectionInspector create(InspectorMode mode, DockerEngine engine) {
        return switch (mode) {
            case DOCKER_EXEC -> new ExecInspector(new DockerCommandExecutor(engine));
            case PROCFS -> new ProcfsInspector(engine.hostPids());
            case SIDECAR -> new SidecarInspector(engine, SidecarImage.localBusybox());
            case AUTO -> new AutoInspector(engine, new ProcfsInspector(engine.hostPids()),
                    new ExecInspector(new DockerCommandExecutor(engine), ExecInspector.DEFAULT_TIMEOUT,
                            List.of(InspectionCommand.values()), new SidecarInspector(engine, SidecarImage.localBusybox())));
        };
    }
}
