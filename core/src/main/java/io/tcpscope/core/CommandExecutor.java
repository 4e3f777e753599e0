package io.tcpscope.core;

import java.time.Duration;
import java.util.List;

/**
 * A secondary port: runs a command inside a container and returns how it ended.
 *
 * <p>Implementations run the argv directly, never through a shell, with {@code LC_ALL=C} in its
 * environment so that tools print untranslated state names. They return every byte the command
 * wrote, up to a documented cap.
 *
 * <pre>{@code
 * ExecResult r = executor.execute("node-a", List.of("cat", "/proc/net/tcp"), Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface CommandExecutor {

    /**
     * Runs {@code argv} in the container and waits for it to end.
     *
     * @param container a container name or id
     * @param argv the executable and its arguments; never interpreted by a shell
     * @param timeout how long to wait before abandoning the command
     * @return the exit code, stdout and stderr; a non-zero exit code is returned, not thrown
     * @throws ContainerUnavailableException if the container is missing, stopped, paused or restarting
     * @throws CommandTimeoutException if the command did not end within {@code timeout}
     * @throws TcpscopeException for other failures to run the command
     */
    ExecResult execute(String container, List<String> argv, Duration timeout);
}
