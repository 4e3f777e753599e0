package io.tcpscope.procfs.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProvider;
import io.tcpscope.core.spi.SharedNamespacePolicy;
import io.tcpscope.procfs.ProcfsInspector;

/**
 * Mode {@code procfs}: {@link ProcfsInspector} over the context's {@link HostPidResolver}, with the
 * context's {@link SharedNamespacePolicy}. AUTO
 * prefers it (priority 300) for a container whose process this machine can see and read, as
 * {@link ProcfsInspector#reaches(String)} judges it.
 *
 * <p>Stateless and thread-safe. Found by {@link java.util.ServiceLoader}.
 */
public final class ProcfsProvider implements InspectorProvider {

    /** The name of the mode. */
    public static final String NAME = "procfs";

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public ProcfsProvider() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "reads /proc/<pid>/net/tcp{,6} on this machine; no exec, but needs a local engine";
    }

    @Override
    public int priority() {
        return 300;
    }

    /**
     * No reference is of procfs's own kind: a PID comes from the context's resolver, whose engine has
     * the grammar. So when no mode can read a target, procfs is never the one to explain why.
     */
    @Override
    public boolean recognises(String target) {
        return false;
    }

    @Override
    public boolean canServe(String target, InspectionContext context) {
        return context.find(HostPidResolver.class).map(pids -> new ProcfsInspector(pids).reaches(target)).orElse(false);
    }

    /**
     * The inspector, reading or refusing shared network namespaces as the context's
     * {@link SharedNamespacePolicy} says ({@link SharedNamespacePolicy#DEFAULT} without one).
     */
    @Override
    public ConnectionInspector create(InspectionContext context) {
        return ProcfsInspector.builder(context.require(HostPidResolver.class, NAME))
                .withSharedNamespaces(context.find(SharedNamespacePolicy.class).orElse(SharedNamespacePolicy.DEFAULT))
                .build();
    }
}
