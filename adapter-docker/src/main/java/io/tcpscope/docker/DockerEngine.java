package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.TcpScopeException;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * A Docker engine to inspect containers through: a {@link DockerClient} and the endpoint it talks
 * to, which error messages name.
 *
 * <p>The default client reads {@code DOCKER_HOST} (or uses {@code unix:///var/run/docker.sock})
 * and talks over docker-java's zerodep transport, which shades its HTTP client and so adds nothing
 * to the caller's classpath. The API version is left unset, so the engine picks its own: pinning
 * one breaks either old engines (20.10 speaks at most 1.41) or new ones (29 needs 1.44 or later).
 *
 * <pre>{@code
 * try (DockerEngine engine = DockerEngine.fromEnvironment()) {
 *     CommandExecutor exec = new DockerCommandExecutor(engine);
 * }
 * // or, with Testcontainers:
 * DockerEngine engine = DockerEngine.of(container.getDockerClient());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class DockerEngine implements AutoCloseable {

    /** The socket a Docker engine listens on by default. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private final DockerClient client;
    private final String endpoint;
    private final boolean owned;

    private DockerEngine(DockerClient client, String endpoint, boolean owned) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.owned = owned;
    }

    /**
     * An engine at {@code DOCKER_HOST}, or at the default socket; {@link #close()} closes its client.
     *
     * @return the engine; nothing is contacted until the first call
     */
    public static DockerEngine fromEnvironment() {
        return create(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
    }

    /**
     * An engine at the given address; {@link #close()} closes its client.
     *
     * @param host for example {@code unix:///var/run/docker.sock} or {@code tcp://10.0.0.5:2375}
     * @return the engine; nothing is contacted until the first call
     * @throws IllegalArgumentException if the address is not a Docker host URI
     */
    public static DockerEngine at(String host) {
        try {
            return create(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + host + "' is not a Docker host; write unix:///path or tcp://host:port", e);
        }
    }

    private static DockerEngine create(DockerClientConfig config) {
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxConnections(64)
                .build();
        return new DockerEngine(DockerClientImpl.getInstance(config, http), config.getDockerHost().toString(), true);
    }

    /**
     * An engine behind a caller's client, such as Testcontainers' {@code getDockerClient()}; the
     * caller keeps ownership of the client.
     *
     * @param client the client
     * @return the engine, named by {@code DOCKER_HOST} or the default socket in messages
     */
    public static DockerEngine of(DockerClient client) {
        String host = System.getenv("DOCKER_HOST");
        return new DockerEngine(client, host == null || host.isBlank() ? DEFAULT_HOST : host, false);
    }

    /**
     * An engine behind a caller's client, named in messages by {@code endpoint}.
     *
     * @param client the client
     * @param endpoint how to name the engine in messages, such as {@code tcp://10.0.0.5:2375}
     * @return the engine
     */
    public static DockerEngine of(DockerClient client, String endpoint) {
        return new DockerEngine(client, endpoint, false);
    }

    /**
     * The docker-java client.
     *
     * @return the client
     */
    public DockerClient client() {
        return client;
    }

    /**
     * The engine's address, as messages name it.
     *
     * @return for example {@code unix:///var/run/docker.sock}
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * Checks that the engine answers.
     *
     * @throws EngineUnavailableException if it does not
     */
    public void ping() {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw translate(null, e, false);
        }
    }

    /**
     * Closes the client if this engine created it.
     *
     * @throws EngineUnavailableException if closing the client fails
     */
    @Override
    public void close() {
        if (owned) {
            try {
                client.close();
            } catch (IOException e) {
                throw new EngineUnavailableException(endpoint, e);
            }
        }
    }

    /**
     * Inspects a container that must be running.
     *
     * @throws ContainerUnavailableException if it is missing, stopped, paused or restarting
     */
    InspectContainerResponse inspectRunning(String container) {
        return inspectRunning(container, false);
    }

    /**
     * Inspects a container that must be running; {@code started} says whether it was seen earlier
     * in the same call, which makes a missing container one that was removed.
     */
    InspectContainerResponse inspectRunning(String container, boolean started) {
        InspectContainerResponse inspected;
        try {
            inspected = client.inspectContainerCmd(container).exec();
        } catch (RuntimeException e) {
            throw translate(container, e, started);
        }
        InspectContainerResponse.ContainerState state = inspected.getState();
        Condition condition = null;
        if ("removing".equals(state.getStatus())) {
            condition = Condition.REMOVED;
        } else if (Boolean.TRUE.equals(state.getPaused())) {
            condition = Condition.PAUSED;
        } else if (Boolean.TRUE.equals(state.getRestarting())) {
            condition = Condition.RESTARTING;
        } else if (!Boolean.TRUE.equals(state.getRunning())) {
            condition = Condition.NOT_RUNNING;
        }
        if (condition != null) {
            throw new ContainerUnavailableException(container, inspected.getName(), inspected.getId(), condition);
        }
        return inspected;
    }

    /**
     * Turns a docker-java failure into tcpscope's exceptions: a missing container, a container in
     * the wrong state (asked of the engine, since a 409 alone does not say which), or an engine
     * that cannot be reached. Other failures pass through unchanged.
     *
     * @param container the container concerned, or {@code null}
     * @param e the failure
     * @param started whether the container was seen before, so that a 404 means it was removed
     */
    RuntimeException translate(String container, RuntimeException e, boolean started) {
        if (e instanceof TcpScopeException) {
            return e;
        }
        if (container != null && e instanceof NotFoundException) {
            return new ContainerUnavailableException(container, null, null,
                    started ? Condition.REMOVED : Condition.NOT_FOUND);
        }
        if (container != null && e instanceof ConflictException) {
            try {
                inspectRunning(container, started);
            } catch (ContainerUnavailableException unavailable) {
                return unavailable;
            }
            return e;
        }
        if (!(e instanceof DockerException) && causedByIo(e)) {
            return new EngineUnavailableException(endpoint, e);
        }
        return e;
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "DockerEngine[" + endpoint + "]";
    }
}
