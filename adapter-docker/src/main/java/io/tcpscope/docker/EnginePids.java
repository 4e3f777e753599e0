package io.tcpscope.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;

import java.util.Optional;

/**
 * The engine's {@code State.Pid} of each running container, and its id, which the cgroup of that
 * process names when the engine runs on this machine. A paused container has its PID too: its
 * processes are frozen, not gone, and the kernel still serves its network namespace's tables to a
 * reader on the host (procfs); modes that run something in the container say it is paused.
 *
 * <p>Thread-safe.
 */
final class EnginePids implements HostPidResolver {

    private final DockerEngine engine;

    EnginePids(DockerEngine engine) {
        this.engine = engine;
    }

    @Override
    public long hostPid(String container) {
        return hostProcess(container).pid();
    }

    @Override
    public HostProcess hostProcess(String container) {
        return named(container).process();
    }

    /** The process, with the name of its container, from the same answer: for a cache that keeps ids only. */
    Named named(String container) {
        InspectContainerResponse inspected = engine.inspectRunning(ContainerRefs.require(container), false, true);
        Long pid = inspected.getState().getPidLong();
        if (pid == null || pid <= 0) {
            throw new ContainerUnavailableException(container, inspected.getName(), inspected.getId(), Condition.NOT_RUNNING);
        }
        return new Named(new HostProcess(pid, inspected.getId()), inspected.getName());
    }

    /**
     * A container's process, and the container's name.
     *
     * @param process the PID and the id
     * @param name the name, as the engine gives it (with a leading {@code /}), or {@code null} if unknown
     */
    record Named(HostProcess process, String name) {
    }

    @Override
    public Optional<String> containerId(String container) {
        return Optional.of(engine.runtime().inspect(ContainerRefs.require(container)).id());
    }
}
