package io.tcpscope.core;

/**
 * A container's main process as its engine reports it, in one answer: the PID in the engine's PID
 * namespace, and the container's id, which the cgroup of that process names. A reader on this
 * machine checks the second against {@code /proc/<pid>/cgroup} before it trusts the first: a remote
 * engine's PIDs are numbers of processes on another machine.
 *
 * <pre>{@code
 * HostProcess p = resolver.hostProcess("node-a");   // HostProcess[pid=4242, containerId=3f2a1b…]
 * }</pre>
 *
 * @param pid the PID, greater than 0
 * @param containerId the engine's id of the container, or {@code null} if the engine's ids do not
 *     show in cgroups, in which case no PID can be checked
 * @since 0.1.0
 */
public record HostProcess(long pid, String containerId) {

    /**
     * Validates.
     *
     * @param pid the PID
     * @param containerId the id, or {@code null}
     * @throws IllegalArgumentException if the PID is not positive or the id is blank
     */
    public HostProcess {
        if (pid <= 0) {
            throw new IllegalArgumentException("a PID is greater than 0, not " + pid);
        }
        if (containerId != null && containerId.isBlank()) {
            throw new IllegalArgumentException("a container id is not blank; use null for none");
        }
    }
}
