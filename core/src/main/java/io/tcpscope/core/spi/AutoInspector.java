package io.tcpscope.core.spi;

import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpscopeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AUTO mode: for each target, the first provider in priority order that
 * {@linkplain InspectorProvider#canServe can serve} it. A target whose image has no tool for the
 * chosen provider (its failure says {@linkplain CommandFailedException#toolMissing() a tool is
 * missing}) is read by the next provider that can serve it. The choice is remembered per target,
 * for 1,024 targets at most, and forgotten when a read of the target fails.
 *
 * <pre>{@code
 * ConnectionInspector auto = new AutoInspector(InspectorProviders.installed(), context);
 * auto.connections("node-a");     // procfs on a local engine, else exec, else the sidecar
 * }</pre>
 *
 * <p>Thread-safe if the providers' inspectors are.
 *
 * @since 0.1.0
 */
public final class AutoInspector implements ConnectionInspector {

    private static final Logger LOG = LoggerFactory.getLogger(AutoInspector.class);
    private static final int MEMORY = 1024;

    private final List<InspectorProvider> providers;
    private final InspectionContext context;
    private final Map<String, ConnectionInspector> inspectors = new ConcurrentHashMap<>();
    private final Map<String, InspectorProvider> chosen = new ConcurrentHashMap<>();

    /**
     * AUTO over the providers that take part in it.
     *
     * @param providers the providers; those of negative priority are left out
     * @param context what the providers' inspectors are created with
     * @throws IllegalArgumentException if no provider takes part in AUTO
     */
    public AutoInspector(InspectorProviders providers, InspectionContext context) {
        this.providers = providers.forAuto();
        this.context = Objects.requireNonNull(context, "context must not be null");
        if (this.providers.isEmpty()) {
            throw new IllegalArgumentException("AUTO needs at least one inspector provider of priority 0 or more;"
                    + " the class path has " + providers.names());
        }
    }

    @Override
    public List<TcpConnection> connections(String target) {
        Objects.requireNonNull(target, "target must not be null");
        InspectorProvider known = chosen.get(target);
        if (known != null) {
            try {
                return inspector(known).connections(target);
            } catch (TcpscopeException e) {
                chosen.remove(target); // gone, replaced or moved: judge again next time
                throw e;
            }
        }
        // Judged one at a time, in order: a mode that can serve may cost something to ask (the
        // engine-procfs reader starts its helper), so no mode is asked once an earlier one has read.
        TcpscopeException noTool = null;
        for (InspectorProvider provider : providers) {
            if (!canServe(provider, target)) {
                continue;
            }
            try {
                List<TcpConnection> table = inspector(provider).connections(target);
                remember(target, provider);
                return table;
            } catch (CommandFailedException | InspectionFailedException e) {
                if (!toolMissing(e)) {
                    throw e;
                }
                LOG.debug("target '{}' lacks the tools of mode '{}'; trying the next mode", target, provider.name());
                noTool = noTool == null ? e : noTool;
            }
        }
        if (noTool != null) {
            throw noTool;
        }
        // None can read it now: the first that takes such references reads, and its failure says why.
        InspectorProvider explains = providers.stream().filter(p -> recognises(p, target)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + target + "' is not a container name or id,"
                        + " nor any reference the modes " + providers.stream().map(InspectorProvider::name).toList()
                        + " take"));
        return inspector(explains).connections(target);
    }

    /**
     * The provider AUTO reads a target with, judging it now if it has not yet.
     *
     * @param target a target reference
     * @return the provider's name, or empty if no provider can serve the target now
     */
    public Optional<String> modeFor(String target) {
        InspectorProvider known = chosen.get(target);
        if (known != null) {
            return Optional.of(known.name());
        }
        return providers.stream().filter(p -> canServe(p, target)).findFirst().map(InspectorProvider::name);
    }

    /**
     * Asks the mode AUTO reads the target with (judging it now if it has not yet) whose network
     * namespace the target shares.
     *
     * @param target a target reference
     * @return the owner of the namespace it shares, or empty if it has its own, or no mode can serve it
     */
    @Override
    public Optional<NamespaceOwner> sharedNamespace(String target) {
        Objects.requireNonNull(target, "target must not be null");
        InspectorProvider known = chosen.get(target);
        if (known == null) {
            known = providers.stream().filter(p -> canServe(p, target)).findFirst().orElse(null);
        }
        return known == null ? Optional.empty() : inspector(known).sharedNamespace(target);
    }

    /**
     * The provider AUTO last read a target with, without judging it, so without asking any provider.
     *
     * @param target a target reference
     * @return the provider's name, or empty if AUTO has not read the target, or forgot it after a
     *     failed read
     */
    public Optional<String> chosenFor(String target) {
        return Optional.ofNullable(chosen.get(target)).map(InspectorProvider::name);
    }

    private void remember(String target, InspectorProvider provider) {
        if (chosen.size() >= MEMORY) {
            chosen.clear(); // judging again costs a little per target; growing without end costs more
        }
        chosen.put(target, provider);
        LOG.debug("target '{}' is read in mode '{}'", target, provider.name());
    }

    private ConnectionInspector inspector(InspectorProvider provider) {
        return inspectors.computeIfAbsent(provider.name(), n -> provider.create(context));
    }

    /** Closes every inspector this one created. */
    @Override
    public void close() {
        inspectors.values().forEach(ConnectionInspector::close);
        inspectors.clear();
        chosen.clear();
    }

    private static boolean recognises(InspectorProvider provider, String target) {
        try {
            return provider.recognises(target);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean canServe(InspectorProvider provider, String target) {
        try {
            return provider.canServe(target, context);
        } catch (RuntimeException e) {
            LOG.debug("mode '{}' could not tell whether it serves '{}': {}", provider.name(), target, e.toString());
            return false;
        }
    }

    private static boolean toolMissing(TcpscopeException e) {
        return e instanceof CommandFailedException failed ? failed.toolMissing()
                : ((InspectionFailedException) e).toolsMissing();
    }
}
