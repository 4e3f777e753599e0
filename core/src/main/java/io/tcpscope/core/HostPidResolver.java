package io.tcpscope.core;

/**
 * A secondary port: the host PID of a container's main process, whose {@code /proc/<pid>/net}
 * shows the container's network namespace.
 *
 * <pre>{@code
 * long pid = resolver.hostPid("node-a");  // read /proc/<pid>/net/tcp on the host
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface HostPidResolver {

    /**
     * The host PID of the container's main process.
     *
     * @param container a container name or id
     * @return a PID in the host's PID namespace, greater than 0
     * @throws ContainerUnavailableException if the container is missing, stopped, paused or restarting
     */
    long hostPid(String container);
}
