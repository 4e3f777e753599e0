package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.HostConfig;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerRefs;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.OutputLimitExceededException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.exec.InspectionCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Reads the table of a container whose image has no tools at all (distroless, scratch) from a
 * short-lived helper container that joins its network namespace ({@code NetworkMode=container:<id>})
 * and prints {@code /proc/net/tcp} and {@code tcp6}. The helper is removed afterwards, whether the
 * read worked or not.
 *
 * <pre>{@code
 * ConnectionInspector sidecar = new SidecarInspector(engine, SidecarImage.localBusybox());
 * List<TcpConnection> conns = sidecar.connections("distroless-node");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SidecarInspector implements ConnectionInspector {

    /** The time a sidecar may take from creation to its last byte: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SidecarInspector.class);
    private static final InspectionCommand COMMAND = InspectionCommand.PROC_FILES;

    private final DockerEngine engine;
    private final SidecarImage image;
    private final Duration timeout;
    private final long outputLimit;

    /**
     * A sidecar inspector with the default timeout and output cap.
     *
     * @param engine the engine the containers run on
     * @param image the helper's image
     */
    public SidecarInspector(DockerEngine engine, SidecarImage image) {
        this(engine, image, DEFAULT_TIMEOUT, DockerCommandExecutor.DEFAULT_OUTPUT_LIMIT);
    }

    /**
     * A sidecar inspector with its own timeout and output cap.
     *
     * @param engine the engine the containers run on
     * @param image the helper's image
     * @param timeout the time one inspection may take
     * @param outputLimitBytes the most bytes the helper may print
     */
    public SidecarInspector(DockerEngine engine, SidecarImage image, Duration timeout, long outputLimitBytes) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        this.image = Objects.requireNonNull(image, "image must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative() || outputLimitBytes <= 0) {
            throw new IllegalArgumentException("timeout and outputLimitBytes must be positive");
        }
        this.outputLimit = outputLimitBytes;
    }

    /**
     * {@inheritDoc}
     *
     * @throws CommandTimeoutException if the helper did not finish in time
     * @throws io.tcpscope.core.InspectionFailedException if the helper image is missing and cannot be built
     */
    @Override
    public List<TcpConnection> connections(String container) {
        ContainerRefs.require(container);
        long deadline = System.nanoTime() + timeout.toNanos();
        InspectContainerResponse target = engine.inspectRunning(container);
        String imageName = image.ensure(engine, container);
        DockerClient client = engine.client();
        String helper = null;
        try {
            helper = client.createContainerCmd(imageName)
                    .withCmd(COMMAND.argv())
                    .withEntrypoint(List.of())
                    .withEnv("LC_ALL=C")
                    .withLabels(Map.of(SidecarImage.LABEL, "sidecar", SidecarImage.LABEL + ".target", target.getId()))
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("container:" + target.getId()))
                    .exec()
                    .getId();
            client.startContainerCmd(helper).exec();
            int exitCode = awaitExit(client, helper, container, remaining(deadline));
            OutputCollector output = new OutputCollector(outputLimit);
            try {
                client.logContainerCmd(helper).withStdOut(true).withStdErr(true).exec(output)
                        .awaitCompletion(remaining(deadline), TimeUnit.NANOSECONDS);
            } finally {
                output.closeQuietly();
            }
            if (output.exceeded()) {
                throw new OutputLimitExceededException(container, COMMAND.argv(), outputLimit);
            }
            return COMMAND.read(container, new ExecResult(exitCode, output.stdout(), output.stderr()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(container, COMMAND.argv(), null, "interrupted while waiting for the sidecar");
        } catch (BadRequestException e) {
            // The engine refuses to start a helper whose image lacks cat: the tool is missing.
            throw new CommandFailedException(container, COMMAND.argv(), null, e.getMessage());
        } catch (RuntimeException e) {
            throw engine.translate(container, e, true);
        } finally {
            remove(client, helper);
        }
    }

    private int awaitExit(DockerClient client, String helper, String container, long nanos) {
        try {
            return client.waitContainerCmd(helper).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(nanos, TimeUnit.NANOSECONDS);
        } catch (DockerClientException e) {
            // awaitStatusCode signals its timeout this way.
            throw new CommandTimeoutException(container, COMMAND.argv(), timeout);
        }
    }

    private void remove(DockerClient client, String helper) {
        if (helper == null) {
            return;
        }
        try {
            client.removeContainerCmd(helper).withForce(true).exec();
        } catch (RuntimeException e) {
            LOG.warn("could not remove sidecar container {}: {}", helper, e.getMessage());
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public String toString() {
        return "SidecarInspector[" + engine.endpoint() + ", image=" + image + "]";
    }
}
