package io.tcpscope.docker.internal;

import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProvider;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.docker.DockerEngine;

/**
 * What the Docker adapter's providers share: they take Docker's container names and ids, and serve
 * a target wherever the context offers a {@link DockerEngine}, whose answer then says whether the
 * container can be read.
 */
abstract class EngineProvider implements InspectorProvider {

    @Override
    public final boolean recognises(String target) {
        return DockerEngine.isContainerReference(target);
    }

    @Override
    public final boolean canServe(String target, InspectionContext context) {
        return recognises(target) && context.find(DockerEngine.class).filter(engine -> servesOn(engine, target)).isPresent();
    }

    /**
     * Whether this mode works on an engine for the target.
     *
     * @param engine the context's engine
     * @param target the reference, a container's name or id
     * @return {@code true} unless the mode knows it cannot; never throws
     */
    boolean servesOn(DockerEngine engine, String target) {
        return true;
    }

    /** Whether the context's caller reads shared network namespaces: refused unless it says so. */
    static SharedNamespacePolicy policy(InspectionContext context) {
        return context.find(SharedNamespacePolicy.class).orElse(SharedNamespacePolicy.DEFAULT);
    }
}
