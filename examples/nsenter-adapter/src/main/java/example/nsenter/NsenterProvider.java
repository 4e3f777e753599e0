package example.nsenter;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.spi.InspectionContext;
import io.tcpscope.core.spi.InspectorProvider;

/** Mode {@code nsenter}: this machine's cat, run in the container's network namespace. Needs root. */
public final class NsenterProvider implements InspectorProvider {

    @Override
    public String name() {
        return "nsenter";
    }

    @Override
    public String description() {
        return "runs this machine's cat in the container's network namespace (nsenter -n); needs root and a local engine";
    }

    @Override
    public int priority() {
        return -1; // only when asked for by name: AUTO's procfs reads the same files without a process
    }

    @Override
    public boolean canServe(String target, InspectionContext context) {
        return context.find(HostPidResolver.class).isPresent();
    }

    @Override
    public ConnectionInspector create(InspectionContext context) {
        return new NsenterInspector(context.require(HostPidResolver.class, name()));
    }
}
