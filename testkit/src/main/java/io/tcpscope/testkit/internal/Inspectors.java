package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.AutoInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProviders;
import io.tcpscope.core.spi.SharedNamespacePolicy;
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
        return create(mode, engine, SharedNamespacePolicy.DEFAULT);
    }

    /**
     * An inspector of the given mode, reading containers of the given engine, that reads or refuses
     * containers in a shared network namespace as the policy says.
     *
     * @param mode how to read the tables
     * @param engine the engine the containers run on
     * @param policy whether containers in the host's or another container's network namespace are read
     * @return the inspector
     * @throws IllegalArgumentException if no provider on the class path has the mode's name
     */
    public static ConnectionInspector create(InspectorMode mode, DockerEngine engine, SharedNamespacePolicy policy) {
        InspectorProviders providers = InspectorProviders.installed();
        InspectionContext context = context(engine, policy);
        return mode.isAuto() ? new AutoInspector(providers, context) : providers.require(mode.name()).create(context);
    }

    /**
     * What the providers get from a Docker engine: the engine itself, and its containers' host PIDs.
     *
     * @param engine the engine
     * @return the context
     */
    public static InspectionContext context(DockerEngine engine) {
        return context(engine, SharedNamespacePolicy.DEFAULT);
    }

    /**
     * What the providers get from a Docker engine: the engine itself, its containers' host PIDs, and
     * whether containers in a shared network namespace are read.
     *
     * @param engine the engine
     * @param policy whether shared namespaces are read, and how to opt in if not
     * @return the context
     */
    public static InspectionContext context(DockerEngine engine, SharedNamespacePolicy policy) {
        return InspectionContext.builder()
                .with(DockerEngine.class, engine)
                .with(HostPidResolver.class, engine.hostPids())
                .with(SharedNamespacePolicy.class, policy)
                .build();
    }
}
