package io.tcpscope.core.exec;

import io.tcpscope.core.CommandExecutor;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpscopeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a container's TCP table by running commands inside it, trying each
 * {@link InspectionCommand} in turn until one works, and remembering that one for the container.
 *
 * <p>Which commands exist depends on the image: a full distribution has all of them, a busybox
 * image has {@code cat} and {@code netstat}, a distroless image has none. When every command is
 * missing from the image, the inspector hands the container to its fallback (typically a sidecar
 * that reads the table from outside the image), and remembers that it did; without a fallback it
 * fails with an {@link InspectionFailedException} that lists every attempt. The container's state
 * and timeouts are not retried: {@link ContainerUnavailableException} and
 * {@link CommandTimeoutException} reach the caller at once.
 *
 * <p>What it remembers is bounded: the choices of the 1,024 containers read most
 * recently. A choice is forgotten when its container turns out to be gone or not running, and
 * when the fallback fails, so that a container replaced by one of another image under the same
 * name is tried from the first command again.
 *
 * <pre>{@code
 * ConnectionInspector inspector = new ExecInspector(dockerExecutor);
 * List<TcpConnection> conns = inspector.connections("node-a");
 * }</pre>
 *
 * <p>Thread-safe if the executor is.
 *
 * @since 0.1.0
 */
public final class ExecInspector implements ConnectionInspector {

    /** The time one command may take before it is abandoned: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ExecInspector.class);

    private final CommandExecutor executor;
    private final Duration timeout;
    private final List<InspectionCommand> chain;
    private final ConnectionInspector fallback;
    private final Map<String, Choice> memory = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Choice> eldest) {
            return size() > MEMORY;
        }
    });

    /** How many containers' choices are remembered, the most recently read first. */
    static final int MEMORY = 1024;

    /** What worked for a container: a command, or the fallback when {@code command} is null. */
    private record Choice(InspectionCommand command) {
        static final Choice FALLBACK = new Choice(null);
    }

    /**
     * An inspector that tries every command with the default timeout.
     *
     * @param executor runs commands in containers
     */
    public ExecInspector(CommandExecutor executor) {
        this(executor, DEFAULT_TIMEOUT, InspectionCommand.builtIn(), null);
    }

    /**
     * An inspector with its own timeout and commands, and no fallback.
     *
     * @param executor runs commands in containers
     * @param timeout the time each command may take
     * @param chain the commands to try, in order
     * @throws IllegalArgumentException if the timeout is not positive or the chain is empty
     */
    public ExecInspector(CommandExecutor executor, Duration timeout, List<InspectionCommand> chain) {
        this(executor, timeout, chain, null);
    }

    /**
     * An inspector with its own timeout and commands, and a fallback for images without tools.
     *
     * @param executor runs commands in containers
     * @param timeout the time each command may take
     * @param chain the commands to try, in order
     * @param fallback reads containers whose image has none of the commands; {@code null} for none
     * @throws IllegalArgumentException if the timeout is not positive or the chain is empty
     */
    public ExecInspector(CommandExecutor executor, Duration timeout, List<InspectionCommand> chain,
                         ConnectionInspector fallback) {
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        this.chain = List.copyOf(chain);
        this.fallback = fallback;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("the chain needs at least one command");
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws InspectionFailedException if no command in the chain gave a readable listing
     * @throws CommandTimeoutException if a command did not finish in time
     */
    @Override
    public List<TcpConnection> connections(String container) {
        Objects.requireNonNull(container, "container must not be null");
        Choice known = memory.get(container);
        if (known == Choice.FALLBACK && fallback != null) {
            try {
                return fallback.connections(container);
            } catch (TcpscopeException e) {
                // Gone, or replaced by an image that the fallback cannot read: start over next time.
                memory.remove(container);
                throw e;
            }
        }
        List<TcpscopeException> failures = new ArrayList<>();
        InspectionCommand remembered = known == null ? null : known.command();
        if (remembered != null) {
            try {
                return run(remembered, container);
            } catch (CommandFailedException | ListingParseException e) {
                // The image may have changed under the same name; start over.
                memory.remove(container);
                failures.add(e);
            }
        }
        for (InspectionCommand command : chain) {
            if (command == remembered) {
                continue;
            }
            try {
                List<TcpConnection> connections = run(command, container);
                memory.put(container, new Choice(command));
                LOG.debug("container '{}' is read with '{}'", container, String.join(" ", command.argv()));
                return connections;
            } catch (CommandFailedException | ListingParseException e) {
                LOG.debug("'{}' did not work in container '{}': {}", String.join(" ", command.argv()), container, e.getMessage());
                failures.add(e);
            }
        }
        if (fallback != null && noTools(failures)) {
            LOG.debug("container '{}' has no tools to read its table; using the fallback", container);
            List<TcpConnection> connections = fallback.connections(container);
            memory.put(container, Choice.FALLBACK);
            return connections;
        }
        throw new InspectionFailedException(container, failures, advice(failures));
    }

    /**
     * The command that last worked for a container.
     *
     * @param container a container reference, as given to {@link #connections(String)}
     * @return the command, or empty if none has worked yet, it was forgotten, or the fallback is in use
     */
    public Optional<InspectionCommand> rememberedCommand(String container) {
        Choice known = memory.get(container);
        return Optional.ofNullable(known == null ? null : known.command());
    }

    /**
     * Forgets what worked for a container, for example after it was removed.
     *
     * @param container a container reference
     */
    public void forget(String container) {
        memory.remove(container);
    }

    /**
     * Whether a container is read through the fallback, because its image has none of the commands.
     *
     * @param container a container reference
     * @return whether the fallback is in use for it
     */
    public boolean usesFallback(String container) {
        return memory.get(container) == Choice.FALLBACK;
    }

    private List<TcpConnection> run(InspectionCommand command, String container) {
        ExecResult result;
        try {
            result = executor.execute(container, command.argv(), timeout);
        } catch (ContainerUnavailableException e) {
            memory.remove(container);
            throw e;
        }
        return command.read(container, result);
    }

    private static boolean noTools(List<TcpscopeException> failures) {
        return failures.stream()
                .allMatch(f -> f instanceof CommandFailedException && ((CommandFailedException) f).toolMissing());
    }

    private static String advice(List<TcpscopeException> failures) {
        if (noTools(failures)) {
            return "the image has none of cat, ss, netstat or busybox (a distroless or scratch image?);"
                    + " inspect it in procfs or sidecar mode instead";
        }
        return "each command failed as shown below";
    }
}
