package io.tcpscope.testkit;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.docker.DockerEngine;
import io.tcpscope.procfs.ProcfsInspector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link InspectorMode#AUTO}: procfs for a container whose host PID this process can see and
 * read, exec (falling back to the sidecar) for every other. The check is made once per container.
 *
 * <p>A host PID means something here only if the engine shares this process's PID namespace: the
 * engine must be on a local socket, and {@code /proc/<pid>/cgroup} must name the container, which
 * it does not when this JVM runs in a container of its own.
 */
final class AutoInspector implements ConnectionInspector {

    private final DockerEngine engine;
    private final ProcfsInspector procfs;
    private final ConnectionInspector exec;
    private final Map<String, ConnectionInspector> chosen = new ConcurrentHashMap<>();

    AutoInspector(DockerEngine engine, ProcfsInspector procfs, ConnectionInspector exec) {
        this.engine = engine;
        this.procfs = procfs;
        this.exec = exec;
    }

    @Override
    public List<TcpConnection> connections(String container) {
        ConnectionInspector inspector = chosen.get(container);
        if (inspector == null) {
            Boolean procfsWorks = procfsWorksFor(container);
            if (procfsWorks == null) {
                return exec.connections(container); // not running now: exec reports why, and the choice waits
            }
            inspector = procfsWorks ? procfs : exec;
            chosen.put(container, inspector);
        }
        return inspector.connections(container);
    }

    /** Whether procfs can read the container, or {@code null} if that cannot be told now. */
    private Boolean procfsWorksFor(String container) {
        if (!engine.endpoint().startsWith("unix://")) {
            return false;
        }
        InspectContainerResponse inspected;
        try {
            inspected = engine.client().inspectContainerCmd(container).exec();
        } catch (RuntimeException e) {
            return null;
        }
        Long pid = inspected.getState().getPidLong();
        if (pid == null || pid <= 0) {
            return null;
        }
        Path proc = procfs.procRoot().resolve(Long.toString(pid));
        try {
            return Files.isReadable(proc.resolve("net").resolve("tcp"))
                    && Files.readString(proc.resolve("cgroup")).contains(inspected.getId());
        } catch (IOException e) {
            return false;
        }
    }
}
