package io.tcpscope.docker.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.SharedNamespaceGuard;
import io.tcpscope.docker.EngineProcfsInspector;

/**
 * Mode {@code engine-procfs}: {@link EngineProcfsInspector}, procfs read on the engine's side by one
 * long-running helper container in its host PID namespace. AUTO takes it (priority 250) where
 * procfs cannot reach the containers from this machine, as with a remote engine, before exec; and
 * passes it by where the engine refuses the helper. A container that is missing or stopped is said to
 * be so without a helper started to learn it.
 *
 * <p>Stateless and thread-safe. Found by {@link java.util.ServiceLoader}.
 */
public final class EngineProcfsProvider extends EngineProvider {

    /** The name of the mode. */
    public static final String NAME = "engine-procfs";

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public EngineProcfsProvider() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "reads /proc/<pid>/net/tcp{,6} on the engine's side, through one helper container in its host PID"
                + " namespace for all reads; no exec, no tool in the image; the engine must allow PidMode=host";
    }

    @Override
    public int priority() {
        return 250;
    }

    /**
     * Whether the engine runs the helper, which this asks by starting it, but only for a container
     * that runs: for one that is missing or stopped, this mode serves at once, and its read says so
     * (from the engine's inspect, as every mode's does) without a helper started to learn it.
     */
    @Override
    boolean servesOn(DockerEngine engine, String target) {
        try {
            engine.hostPids().hostProcess(target);
        } catch (ContainerUnavailableException notRunning) {
            return true;
        }
        return EngineProcfsInspector.isAvailable(engine);
    }

    @Override
    public ConnectionInspector create(InspectionContext context) {
        DockerEngine engine = context.require(DockerEngine.class, NAME);
        return SharedNamespaceGuard.guard(new EngineProcfsInspector(engine), engine, policy(context));
    }
}
