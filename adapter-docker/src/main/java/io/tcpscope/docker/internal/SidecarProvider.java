package io.tcpscope.docker.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.SharedNamespaceGuard;
import io.tcpscope.docker.SidecarImage;
import io.tcpscope.docker.SidecarInspector;

/**
 * Mode {@code sidecar}: {@link SidecarInspector} on the context's {@link DockerEngine}, a helper
 * container in the target's network namespace, built from the engine's helper base. AUTO
 * takes it last (priority 100), for images with no tool to read their own table.
 *
 * <p>Stateless and thread-safe. Found by {@link java.util.ServiceLoader}.
 */
public final class SidecarProvider extends EngineProvider {

    /** The name of the mode. */
    public static final String NAME = "sidecar";

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public SidecarProvider() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "reads the table from a helper container in the target's network namespace; needs no tool in the image";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public ConnectionInspector create(InspectionContext context) {
        DockerEngine engine = context.require(DockerEngine.class, NAME);
        return SharedNamespaceGuard.guard(new SidecarInspector(engine, SidecarImage.standard()), engine, policy(context));
    }
}
