package io.tcpscope.testkit.internal;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpScopeException;
import io.tcpscope.docker.ContainerInfo;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.procfs.ProcfsInspector;
import io.tcpscope.testkit.InspectorMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link InspectorMode#AUTO}: procfs for a container whose main process this machine can see and
 * read, exec (falling back to the sidecar) for every other. The choice is made once per container
 * and remembered, for 1,024 containers at most.
 *
 * <p>Where the engine is is judged from evidence, never from its address: a unix socket may lead
 * to a virtual machine (Docker Desktop) and a {@code tcp://} address to this very machine. The
 * evidence is the engine's own answer, the container's PID, and this machine's {@code /proc}: the
 * PID must exist here, its table must be readable, and its {@code cgroup} must name the
 * container's id, which no other process's does.
 */
final class AutoInspector implements ConnectionInspector {

    private static final Logger LOG = LoggerFactory.getLogger(AutoInspector.class);
    private static final int MEMORY = 1024;

    private final DockerEngine engine;
    private final ProcfsInspector procfs;
    private final ConnectionInspector exec;
    private final Map<String, Boolean> local = new ConcurrentHashMap<>();

    AutoInspector(DockerEngine engine, ProcfsInspector procfs, ConnectionInspector exec) {
        this.engine = engine;
        this.procfs = procfs;
        this.exec = exec;
    }

    @Override
    public List<TcpConnection> connections(String container) {
        Boolean readable = local.get(container);
        if (readable == null) {
            readable = procfsReaches(container);
            if (readable == null) {
                return exec.connections(container); // not running now: exec says why, and the choice waits
            }
            if (local.size() >= MEMORY) {
                local.clear(); // judging again costs one inspect per container; growing without end costs more
            }
            local.put(container, readable);
            LOG.debug("container '{}' is read through {}", container, readable ? "procfs" : "exec");
        }
        try {
            return (readable ? procfs : exec).connections(container);
        } catch (TcpScopeException e) {
            local.remove(container); // gone or replaced: judge again next time
            throw e;
        }
    }

    /** The mode this inspector reads a container in, judging it now if it has not yet. */
    InspectorMode modeFor(String container) {
        Boolean readable = local.computeIfAbsent(container, c -> procfsReaches(c));
        return Boolean.TRUE.equals(readable) ? InspectorMode.PROCFS : InspectorMode.DOCKER_EXEC;
    }

    /** Whether procfs reaches the container from here, or {@code null} if that cannot be told now. */
    private Boolean procfsReaches(String container) {
        long pid;
        String id;
        try {
            ContainerInfo info = engine.runtime().inspect(container);
            if (!info.running()) {
                return null;
            }
            id = info.id();
            pid = engine.hostPids().hostPid(container);
        } catch (RuntimeException e) {
            return null;
        }
        Path proc = procfs.procRoot().resolve(Long.toString(pid));
        try {
            return Files.isReadable(proc.resolve("net").resolve("tcp"))
                    && Files.readString(proc.resolve("cgroup")).contains(id);
        } catch (IOException e) {
            return false;
        }
    }
}
