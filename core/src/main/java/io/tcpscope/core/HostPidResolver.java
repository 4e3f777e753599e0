package io.tcpscope.core;

import java.util.Optional;

/**
 * A secondary port: the host PID of a container's main process, whose {@code /proc/<pid>/net}
 * shows the container's network namespace.
 *
 * <pre>{@code
 * long pid = resolver.hostPid("node-a");  // read /proc/<pid>/net/tcp on the host
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface HostPidResolver {

    /**
     * The host PID of the container's main process.
     *
     * @param container a container name or id
     * @return a PID in the host's PID namespace, greater than 0; a paused container's too, where the
     *     engine gives it (Docker's does), since its namespace's tables are still there to read
     * @throws ContainerUnavailableException if the container is missing, stopped or restarting, or
     *     paused if the engine gives no PID for a paused container
     */
    long hostPid(String container);

    /**
     * The engine's id of the container, which the cgroup of its main process names. A reader checks
     * with it that the PID it sees on this machine is the container's, and not some other process's
     * that has the same number because the engine runs elsewhere.
     *
     * @param container a container name or id
     * @return the id, or empty if the engine's ids do not show in cgroups; then no PID can be
     *     checked, and AUTO does not read the container through procfs
     * @throws ContainerUnavailableException if the container is missing
     */
    default Optional<String> containerId(String container) {
        return Optional.empty();
    }

    /**
     * The container's PID and id together. An engine overrides it to answer both from one request;
     * by default it asks {@link #hostPid(String)} and {@link #containerId(String)} in turn.
     *
     * @param container a container name or id
     * @return the process
     * @throws ContainerUnavailableException if the container is missing, stopped, paused or restarting
     */
    default HostProcess hostProcess(String container) {
        long pid = hostPid(container);
        if (pid <= 0) {
            throw new InspectionFailedException(container, java.util.List.of(), "the engine gave " + pid
                    + " as the container's PID; only a positive PID is read");
        }
        return new HostProcess(pid, containerId(container).orElse(null));
    }
}
