package io.tcpscope.docker;

import io.tcpscope.core.ContainerRefs;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.HostPidResolver;

import java.util.Objects;

/**
 * The host PID of a container's main process, from the engine's {@code State.Pid}, so that the
 * procfs adapter can read {@code /proc/<pid>/net/tcp} without Docker.
 *
 * <pre>{@code
 * long pid = new DockerHostPidResolver(engine).hostPid("node-a");
 * }</pre>
 *
 * <p>The PID is the one in the engine's PID namespace: it is the host's when the engine runs on
 * this machine, and means nothing for a remote engine.
 *
 * <p>Thread-safe.
 */
public final class DockerHostPidResolver implements HostPidResolver {

    private final DockerEngine engine;

    /**
     * A resolver that asks the given engine.
     *
     * @param engine the engine the containers run on
     */
    public DockerHostPidResolver(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
    }

    /**
     * {@inheritDoc}
     *
     * @throws ContainerUnavailableException if the container is missing, stopped, paused or
     *     restarting, or has no PID
     * @throws io.tcpscope.core.EngineUnavailableException if the engine cannot be reached
     */
    @Override
    public long hostPid(String container) {
        var inspected = engine.inspectRunning(ContainerRefs.require(container));
        Long pid = inspected.getState().getPidLong();
        if (pid == null || pid <= 0) {
            throw new ContainerUnavailableException(container, inspected.getName(), inspected.getId(),
                    ContainerUnavailableException.Condition.NOT_RUNNING);
        }
        return pid;
    }
}
