package example.nsenter;

import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.exec.InspectionCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reads a container's table with {@code nsenter -t <pid> -n cat /proc/net/tcp /proc/net/tcp6}. */
final class NsenterInspector implements ConnectionInspector {

    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(10);

    private final HostPidResolver pids;

    NsenterInspector(HostPidResolver pids) {
        this.pids = pids;
    }

    @Override
    public List<TcpConnection> connections(String container) {
        long pid = ownPid(container);
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n"));
        argv.addAll(InspectionCommand.PROC_FILES.argv());
        ExecResult result;
        try {
            Process cat = new ProcessBuilder(argv).start();
            cat.getOutputStream().close();
            CompletableFuture<byte[]> out = drain(cat.getInputStream());
            CompletableFuture<byte[]> err = drain(cat.getErrorStream());
            if (!cat.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                cat.destroyForcibly();
                throw new CommandTimeoutException(container, argv, TIMEOUT);
            }
            result = new ExecResult(cat.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw CommandFailedException.toolMissing(container, argv, e.getMessage()); // no nsenter here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandTimeoutException(container, argv, TIMEOUT);
        }
        if (result.exitCode() != 0) {
            pids.hostPid(container); // stopped or gone meanwhile: that is the error to give
        }
        return InspectionCommand.PROC_FILES.read(container, result); // tcpscope's parser, and its errors
    }

    /** The container's PID, once this machine's cgroup of that PID shows it is the container's process. */
    private long ownPid(String container) {
        long pid = pids.hostPid(container);
        String id = pids.containerId(container).orElse("");
        try {
            if (!id.isEmpty() && Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")).contains(id)) {
                return pid;
            }
        } catch (IOException e) {
            // no such process here
        }
        throw new InspectionFailedException(container, List.of(), "the engine's PID " + pid
                + " is not this container's process on this machine: the engine runs elsewhere; use another mode");
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
