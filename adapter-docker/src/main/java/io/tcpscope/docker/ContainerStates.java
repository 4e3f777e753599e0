package io.tcpscope.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What an engine says of a container's state, as tcpscope's exceptions: missing, removed,
 * stopped, paused, restarting, or running; the one place that reads a container's state.
 *
 * <p>Thread-safe: stateless but for its engine.
 */
final class ContainerStates {

    /** How long a container that stopped while it was being read is given to show a removal. */
    private static final long REMOVAL_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long REMOVAL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final DockerEngine engine;

    ContainerStates(DockerEngine engine) {
        this.engine = engine;
    }

    /**
     * Inspects a container that must be running; {@code seen} says whether it was seen earlier in
     * the same call, which makes a missing container one that was removed.
     *
     * <p>Podman stops a container before it removes it, and shows it stopping, stopped and exited
     * on the way (Docker shows it as {@code removing} at once): so a container seen earlier in the
     * call and stopped now is inspected again for up to half a second, to tell a removal from a stop.
     *
     * @throws ContainerUnavailableException if it is missing, stopped, paused, restarting or being removed
     */
    InspectContainerResponse inspectRunning(String container, boolean seen) {
        return inspectRunning(container, seen, false);
    }

    /**
     * Inspects a container that must be running, as {@link #inspectRunning(String, boolean)} does;
     * with {@code pausedToo}, a paused container counts as running: its processes and sockets are
     * there, only frozen, so what reads them from the host, and not through them, can still read.
     *
     * @throws ContainerUnavailableException if it is missing, stopped, restarting or being removed, or
     *     paused unless {@code pausedToo}
     */
    InspectContainerResponse inspectRunning(String container, boolean seen, boolean pausedToo) {
        long settle = System.nanoTime() + REMOVAL_SETTLE_NANOS;
        while (true) {
            InspectContainerResponse inspected = inspectExisting(container, seen);
            Condition condition = conditionOf(inspected.getState());
            if (condition == null || pausedToo && condition == Condition.PAUSED) {
                return inspected;
            }
            if (!seen || condition != Condition.NOT_RUNNING || System.nanoTime() - settle >= 0
                    || Thread.currentThread().isInterrupted()) {
                throw new ContainerUnavailableException(container, inspected.getName(), inspected.getId(), condition);
            }
            LockSupport.parkNanos(REMOVAL_POLL_NANOS);
        }
    }

    /**
     * Inspects a container in whatever state it is.
     *
     * @throws ContainerUnavailableException with {@code NOT_FOUND}, or {@code REMOVED} if {@code seen}, if there is none
     */
    InspectContainerResponse inspectExisting(String container, boolean seen) {
        try {
            return engine.call("inspect container " + container, c -> c.inspectContainerCmd(container).exec());
        } catch (RuntimeException e) {
            if (isNoSuchContainer(e)) {
                throw new ContainerUnavailableException(container, null, null, seen ? Condition.REMOVED : Condition.NOT_FOUND);
            }
            throw engine.translate(null, e, seen, "inspect container '" + container + "'");
        }
    }

    /**
     * Whether the engine said that there is no such container, whatever its status code: Docker
     * and Podman answer 404, except that Podman answers 500 ("container ... does not exist in
     * database: no such container") while it removes one.
     */
    static boolean isNoSuchContainer(RuntimeException e) {
        return e instanceof NotFoundException
                || e instanceof DockerException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("no such container");
    }

    private static Condition conditionOf(InspectContainerResponse.ContainerState state) {
        if ("removing".equals(state.getStatus())) {
            return Condition.REMOVED;
        } else if (Boolean.TRUE.equals(state.getPaused())) {
            return Condition.PAUSED;
        } else if (Boolean.TRUE.equals(state.getRestarting())) {
            return Condition.RESTARTING;
        } else if (!Boolean.TRUE.equals(state.getRunning())) {
            return Condition.NOT_RUNNING;
        }
        return null;
    }
}
