package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.testkit.InspectorMode;

/**
 * Wires the inspector providers into a {@link ConnectionInspector} for each {@link InspectorMode}:
 * the one place where the Docker and procfs adapters meet, through the providers that
 * {@link java.util.ServiceLoader} finds on the class path.
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
     * @throws IllegalArgumentException if no provider on the class path has the mode's name
     */
    public static ConnectionInspector create(InspectorMode mode, DockerEngine engine) {
        InspectorProviders providers = InspectorProviders.installed();
        InspectionContext context = context(engine);
        return mode.isAuto() ? new AutoInspector(providers, context) : providers.require(mode.name()).create(context);
    }

    /**
     * What the providers get from a Docker engine: the engine itself, and its containers' host PIDs.
     *
     * @param engine the engine
     * @return the context
     */
    public static InspectionContext context(DockerEngine engine) {
        return InspectionContext.builder()
                .with(DockerEngine.class, engine)
                .with(HostPidResolver.class, engine.hostPids())
                .build();
    }
}
