package io.tcpscope.docker;

import com.github.dockerjava.api.command.InspectExecResponse;
import io.tcpscope.core.CommandExecutor;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.OutputLimitExceededException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs commands in containers through the Engine API's exec endpoints: create, start with stdout
 * and stderr attached, then inspect for the exit code. The argv goes to the engine as an array,
 * never through a shell, with {@code LC_ALL=C} in its environment.
 *
 * <p>Output is capped ({@link #DEFAULT_OUTPUT_LIMIT} unless configured); a command that writes
 * more fails with an {@link OutputLimitExceededException}. A command that outlives its timeout
 * fails with a {@link CommandTimeoutException}, and its stream is closed so that no thread in
 * the JVM keeps reading it. The Engine API cannot kill an exec: the process itself runs on in the
 * container until it ends.
 *
 * <p>When a command fails or times out, the container is inspected again: one that is missing,
 * removed, stopped, paused or restarting is reported as such, with a
 * {@link io.tcpscope.core.ContainerUnavailableException}, whatever the engine answered about the
 * command (Docker and Podman give different status codes for the same state).
 *
 * <p>At most {@link #DEFAULT_MAX_CONCURRENT_COMMANDS} commands (unless configured) run at once;
 * further callers wait their turn, first come first served, and the wait counts towards their
 * timeout. Every exec costs the engine a {@code runc} process and far more CPU than it costs the
 * JVM; 32 execs started at once on a two-core engine share it so unevenly that some wait more
 * than ten seconds, while taking turns serves each in a few.
 *
 * <pre>{@code
 * CommandExecutor exec = new DockerCommandExecutor(DockerEngine.fromEnvironment());
 * ExecResult r = exec.execute("node-a", List.of("cat", "/proc/net/tcp"), Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class DockerCommandExecutor implements CommandExecutor {

    /** The default output cap: 64 MiB, about 400,000 sockets of /proc/net/tcp. */
    public static final long DEFAULT_OUTPUT_LIMIT = 64L * 1024 * 1024;

    /** The default number of commands that may run at once. */
    public static final int DEFAULT_MAX_CONCURRENT_COMMANDS = 8;

    private static final List<String> ENV = List.of("LC_ALL=C");
    private static final long EXIT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long SIGNAL_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);

    private final DockerEngine engine;
    private final long outputLimit;
    private final int maxConcurrent;
    private final Semaphore turns;

    /**
     * An executor with the default output cap.
     *
     * @param engine the engine the containers run on
     */
    public DockerCommandExecutor(DockerEngine engine) {
        this(engine, DEFAULT_OUTPUT_LIMIT);
    }

    /**
     * An executor with its own output cap.
     *
     * @param engine the engine the containers run on
     * @param outputLimitBytes the most bytes of stdout and stderr together that a command may write
     * @throws IllegalArgumentException if the cap is not positive
     */
    public DockerCommandExecutor(DockerEngine engine, long outputLimitBytes) {
        this(engine, outputLimitBytes, DEFAULT_MAX_CONCURRENT_COMMANDS);
    }

    /**
     * An executor with its own output cap and number of commands that may run at once.
     *
     * @param engine the engine the containers run on
     * @param outputLimitBytes the most bytes of stdout and stderr together that a command may write
     * @param maxConcurrentCommands how many commands may run at once; more callers wait their turn
     * @throws IllegalArgumentException if the cap or the number is not positive
     */
    public DockerCommandExecutor(DockerEngine engine, long outputLimitBytes, int maxConcurrentCommands) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        if (outputLimitBytes <= 0) {
            throw new IllegalArgumentException("outputLimitBytes must be positive, not " + outputLimitBytes);
        }
        if (maxConcurrentCommands <= 0) {
            throw new IllegalArgumentException("maxConcurrentCommands must be positive, not " + maxConcurrentCommands);
        }
        this.outputLimit = outputLimitBytes;
        this.maxConcurrent = maxConcurrentCommands;
        this.turns = new Semaphore(maxConcurrentCommands, true);
    }

    /**
     * {@inheritDoc}
     *
     * @throws OutputLimitExceededException if the command wrote more than the cap
     * @throws io.tcpscope.core.EngineUnavailableException if the engine cannot be reached
     * @throws IllegalArgumentException if the container reference or the argv is malformed
     */
    @Override
    public ExecResult execute(String container, List<String> argv, Duration timeout) {
        ContainerRefs.require(container);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a command");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!turns.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new CommandTimeoutException(container, argv, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(container, argv, null, "interrupted while waiting for its turn");
        }
        try {
            return run(container, argv, timeout, deadline);
        } catch (CommandTimeoutException timedOut) {
            // A command frozen with its container (paused) is better told by the container's state.
            throw engine.parts().errors().unavailableOr(container, true, timedOut);
        } finally {
            turns.release();
        }
    }

    private ExecResult run(String container, List<String> argv, Duration timeout, long deadline) {
        String execId;
        try {
            execId = engine.call("exec create in " + container, c -> c.execCreateCmd(container)
                    .withCmd(argv.toArray(String[]::new))
                    .withEnv(ENV)
                    .withAttachStdin(false)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId());
        } catch (RuntimeException e) {
            throw engine.translate(container, e, false, request(container, argv));
        }
        OutputCollector output = new OutputCollector(outputLimit);
        try {
            engine.client().execStartCmd(execId).exec(output);
            awaitStart(container, argv, timeout, deadline, output);
            if (!output.awaitCompletion(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new CommandTimeoutException(container, argv, timeout);
            }
            output.throwIfFailed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(container, argv, null, "interrupted while waiting for the command");
        } catch (RuntimeException e) {
            throw engine.translate(container, e, true, request(container, argv));
        } finally {
            output.closeQuietly();
        }
        if (output.exceeded()) {
            throw new OutputLimitExceededException(container, argv, outputLimit);
        }
        Long exitCode = exitCode(container, argv, timeout, execId, deadline);
        if (exitCode != 0) {
            // A command cut off by the container stopping or going away says nothing about the
            // image's tools: report the container instead.
            ensureStillRunning(container, exitCode, deadline);
        }
        return new ExecResult(exitCode.intValue(), output.stdout(), output.stderr());
    }

    /**
     * Waits for the engine to answer the exec's start, within the engine's response timeout: an
     * engine that takes the start and never answers it is stalled, which the command's own timeout
     * would report as a slow command.
     */
    private void awaitStart(String container, List<String> argv, Duration timeout, long deadline, OutputCollector output)
            throws InterruptedException {
        long left = Math.max(0, deadline - System.nanoTime());
        Duration bound = engine.responseTimeout();
        if (!output.awaitStart(Math.min(left, bound.toNanos()), TimeUnit.NANOSECONDS)) {
            if (bound.toNanos() <= left) {
                throw EngineUnavailableException.stalled(engine.endpoint(), "exec start in " + container, bound, null);
            }
            throw new CommandTimeoutException(container, argv, timeout);
        }
    }

    /**
     * Throws if the container stopped or went away. A command killed by a signal (exit code over
     * 128) is what a stop or removal does to it, and the engine reports the container as running
     * for a moment after it has killed the command, so such an exit is given a short while to
     * show up as a change of state.
     */
    private void ensureStillRunning(String container, long exitCode, long deadline) {
        long settle = Math.min(deadline, System.nanoTime() + SIGNAL_SETTLE_NANOS);
        do {
            engine.inspectRunning(container, true);
            if (exitCode <= 128) {
                return;
            }
            LockSupport.parkNanos(EXIT_POLL_NANOS * 4);
        } while (System.nanoTime() - settle < 0);
    }

    /**
     * The exec's exit code. The engine records it a moment after the output stream ends, so a
     * {@code null} is asked again until the deadline.
     */
    private Long exitCode(String container, List<String> argv, Duration timeout, String execId, long deadline) {
        while (true) {
            InspectExecResponse inspected;
            try {
                inspected = engine.call("exec inspect in " + container, c -> c.inspectExecCmd(execId).exec());
            } catch (RuntimeException e) {
                throw engine.translate(container, e, true, request(container, argv));
            }
            if (inspected.getExitCodeLong() != null && !Boolean.TRUE.equals(inspected.isRunning())) {
                return inspected.getExitCodeLong();
            }
            if (System.nanoTime() - deadline >= 0) {
                if (Boolean.TRUE.equals(inspected.isRunning())) {
                    throw new CommandTimeoutException(container, argv, timeout);
                }
                engine.inspectRunning(container, true);
                throw new CommandFailedException(container, argv, null, "");
            }
            LockSupport.parkNanos(EXIT_POLL_NANOS);
        }
    }

    private static String request(String container, List<String> argv) {
        return "run '" + String.join(" ", argv) + "' in container '" + container + "'";
    }

    @Override
    public String toString() {
        return "DockerCommandExecutor[" + engine.endpoint() + ", outputLimit=" + outputLimit
                + ", maxConcurrentCommands=" + maxConcurrent + "]";
    }
}
