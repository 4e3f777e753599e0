package io.tcpscope.core;

import java.util.List;

/**
 * The primary port: the TCP connections of a container, as its own network namespace sees them.
 *
 * <p>Adapters implement it by running commands in the container (through a
 * {@link CommandExecutor}), by reading {@code /proc/<pid>/net/tcp*} from the host, or through a
 * sidecar that shares the container's network namespace. All of them give the same answer for the
 * same container; the contract test in core's test-jar checks that against real containers.
 *
 * <pre>{@code
 * ConnectionInspector inspector = ...; // from the testkit, or an adapter
 * for (TcpConnection c : inspector.connections("node-a")) {
 *     System.out.println(c);            // ESTAB 172.18.0.2:40001 172.18.0.3:9000
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface ConnectionInspector extends AutoCloseable {

    /**
     * Lists every TCP socket in the container's network namespace, IPv4 and IPv6, in every state.
     *
     * @param container a container name or id
     * @return the connections, each once, in the order the source listed them; unmodifiable
     * @throws ContainerUnavailableException if the container is missing, stopped, paused or restarting
     * @throws SharedNamespaceException if the container shares the host's or another container's network
     *         namespace and the inspector was not told to read shared namespaces
     * @throws TcpscopeException for every other failure, with a message that says what to do
     */
    List<TcpConnection> connections(String container);

    /**
     * Whose network namespace the container shares, if it has none of its own. An inspector that
     * was told to read shared namespaces labels its tables with this; one that was not refuses them
     * in {@link #connections(String)}. Inspectors that cannot tell answer empty, the default.
     *
     * <pre>{@code
     * List<TcpConnection> rows = inspector.connections("node-a");
     * String label = inspector.sharedNamespace("node-a").map(NamespaceOwner::toString).orElse("own");
     * }</pre>
     *
     * @param container a container name or id
     * @return the owner of the namespace it shares, or empty if it has its own (or the inspector cannot tell)
     * @throws TcpscopeException if the container cannot be looked up
     * @since 0.2.0
     */
    default java.util.Optional<NamespaceOwner> sharedNamespace(String container) {
        return java.util.Optional.empty();
    }

    /**
     * Releases what the inspector holds of its own, such as a client it created; the engine a
     * caller passed in stays open. Closing twice is harmless; reading after a close is not supported.
     * Does nothing by default.
     */
    @Override
    default void close() {
        // nothing held
    }
}
