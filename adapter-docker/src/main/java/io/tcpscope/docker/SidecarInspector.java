package io.tcpscope.docker;

import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.exec.InspectionCommand;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the table of a container whose image has no tools at all (distroless, scratch) from a
 * short-lived helper container that joins its network namespace ({@code NetworkMode=container:<id>})
 * and prints {@code /proc/net/tcp} and {@code tcp6}. The helper is removed afterwards, whether the
 * read worked or not, and only a table that arrived whole is read.
 *
 * <pre>{@code
 * ConnectionInspector sidecar = new SidecarInspector(engine, SidecarImage.standard());
 * List<TcpConnection> conns = sidecar.connections("distroless-node");
 * }</pre>
 *
 * <p>An image deleted from the engine while the inspector lives is noticed at the next read: the
 * local busybox image is built again, and a named image gives an error that says to pull it.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class SidecarInspector implements ConnectionInspector {

    /** The time a sidecar may take from creation to its last byte: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

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
     * @throws CommandTimeoutException if the helper did not finish, or its output did not arrive whole, in time
     * @throws CommandFailedException if the helper's image has no {@code cat}
     * @throws io.tcpscope.core.InspectionFailedException if the helper image is missing and cannot be built
     */
    @Override
    public List<TcpConnection> connections(String container) {
        String target = engine.inspectRunning(ContainerRefs.require(container), false).getId();
        try {
            return read(container, target);
        } catch (EngineRefusedException refused) {
            if (!SidecarImage.isMissingImage(refused)) {
                throw refused;
            }
            // Deleted since it was last seen: make sure of it again, which builds it or says what to do.
            image.forget();
            return read(container, target);
        }
    }

    private List<TcpConnection> read(String container, String target) {
        ContainerSpec helper = ContainerSpec.of(image.ensure(engine, container))
                .withCmd(COMMAND.argv().toArray(String[]::new))
                .withEntrypoint()
                .withEnv(Map.of("LC_ALL", "C"))
                .withLabels(Map.of(SidecarImage.LABEL, "sidecar", SidecarImage.LABEL + ".target", target))
                .withNetwork("container:" + target);
        ExecResult result;
        try {
            result = new HelperRun(engine).run(helper, container, COMMAND.argv(), timeout, outputLimit);
        } catch (EngineRefusedException refused) {
            if (CommandFailedException.isToolMissing(null, refused.engineMessage())) {
                // The engine refuses to start a helper whose image lacks cat: the tool is missing.
                throw new CommandFailedException(container, COMMAND.argv(), null, refused.engineMessage());
            }
            throw refused;
        }
        return COMMAND.read(container, result);
    }

    @Override
    public String toString() {
        return "SidecarInspector[" + engine.endpoint() + ", image=" + image + "]";
    }
}
