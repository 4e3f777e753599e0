package io.tcpscope.docker.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.exec.ExecInspector;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.docker.DockerCommandExecutor;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.docker.SharedNamespaceGuard;

/**
 * Mode {@code exec}: {@link ExecInspector} through the context's {@link DockerEngine}, which runs
 * cat, ss or netstat in the container. AUTO takes it (priority 200) wherever procfs cannot read.
 *
 * <p>Stateless and thread-safe. Found by {@link java.util.ServiceLoader}.
 */
public final class ExecProvider extends EngineProvider {

    /** The name of the mode. */
    public static final String NAME = "exec";

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public ExecProvider() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "runs cat, ss or netstat in the container through the engine's exec; needs one of them in the image";
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public ConnectionInspector create(InspectionContext context) {
        DockerEngine engine = context.require(DockerEngine.class, NAME);
        return SharedNamespaceGuard.guard(new ExecInspector(new DockerCommandExecutor(engine)), engine, policy(context));
    }
}
