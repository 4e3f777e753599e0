package example.nsenter;

import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.exec.InspectionCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads a container's table with {@code nsenter -t <pid> -n cat /proc/net/tcp /proc/net/tcp6}. */
final class NsenterInspector implements ConnectionInspector {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HostPidResolver pids;

    NsenterInspector(HostPidResolver pids) {
        this.pids = pids;
    }

    @Override
    public List<TcpConnection> connections(String container) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pids.hostPid(container)), "-n"));
        argv.addAll(InspectionCommand.PROC_FILES.argv());
        ExecResult result;
        try {
            Process cat = new ProcessBuilder(argv).start();
            cat.getOutputStream().close();
            byte[] out = cat.getInputStream().readAllBytes();
            String err = new String(cat.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cat.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                cat.destroyForcibly();
                throw new CommandTimeoutException(container, argv, TIMEOUT);
            }
            result = new ExecResult(cat.exitValue(), out, err.getBytes(StandardCharsets.UTF_8));
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
}
