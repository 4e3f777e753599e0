package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.core.spi.SharedNamespacePolicy;

import java.util.Map;

/**
 * Refuses to adopt a container that has no network namespace of its own, unless the cluster was
 * told to read shared namespaces: its table would be the host's or another container's, and a
 * wait on it would pass on sockets that are not its own.
 *
 * <pre>{@code
 * SharedNamespaces.refuse(inspector, Map.of("proxy", "3f2a1b2c3d4e..."), SharedNamespacePolicy.DEFAULT);
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class SharedNamespaces {

    private SharedNamespaces() {
    }

    /**
     * Asks the inspector, for each container, whose namespace it shares, and lets the policy decide.
     *
     * @param inspector the inspector the cluster reads with
     * @param containers each node's container id, by node name
     * @param policy whether shared namespaces are read
     * @throws SharedNamespaceException at the first container in a shared namespace, if the policy refuses
     * @throws io.tcpscope.core.TcpscopeException if the inspector cannot look a container up
     */
    public static void refuse(ConnectionInspector inspector, Map<String, String> containers, SharedNamespacePolicy policy) {
        if (policy.reads()) {
            return;
        }
        containers.forEach((name, id) -> inspector.sharedNamespace(id)
                .ifPresent(owner -> policy.check("'" + name + "' (" + shortId(id) + ")", owner)));
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
