package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.TcpScopeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Docker engine, or an engine that speaks its API (Podman), to inspect and run containers on:
 * the one place where tcpscope holds a docker-java client. Everything else reaches the engine
 * through it: {@link #runtime()} for the life of containers, {@link DockerCommandExecutor} and
 * {@link SidecarInspector} for reading tables, {@link #hostPids()} for the procfs adapter.
 *
 * <p>The default client reads {@code DOCKER_HOST} (or uses {@code unix:///var/run/docker.sock})
 * and talks over docker-java's zerodep transport, which shades its HTTP client (it still brings
 * JNA for unix sockets). The API version is left unset, so the engine picks its own: pinning one
 * breaks either old engines (20.10 speaks at most 1.41) or new ones (29 needs 1.44 or later).
 *
 * <pre>{@code
 * try (DockerEngine engine = DockerEngine.fromEnvironment()) {
 *     CommandExecutor exec = new DockerCommandExecutor(engine);
 *     engine.runtime().pause("node-a");
 * }
 * // or, with Testcontainers, naming the engine for messages:
 * DockerEngine engine = DockerEngine.of(container.getDockerClient(), "tcp://ci-engine:2375");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class DockerEngine implements AutoCloseable {

    /** The socket a Docker engine listens on by default. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    private static final String GIVEN_CLIENT = "the given DockerClient's address";
    /** How long a container that stopped while it was being read is given to show a removal. */
    private static final long REMOVAL_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long REMOVAL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final DockerClient client;
    private final String endpoint;
    private final boolean owned;
    private final DockerRuntime runtime;
    private final Map<String, Object> imageLocks = new ConcurrentHashMap<>();
    private HostReader hostReader;

    private DockerEngine(DockerClient client, String endpoint, boolean owned) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.owned = owned;
        this.runtime = new DockerRuntime(this);
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
     * caller keeps ownership of the client. A client does not tell its address, so messages call
     * it "the given DockerClient's address"; {@link #of(DockerClient, String)} names it.
     *
     * @param client the client
     * @return the engine
     */
    public static DockerEngine of(DockerClient client) {
        return new DockerEngine(client, GIVEN_CLIENT, false);
    }

    /**
     * An engine behind a caller's client, named in messages by {@code endpoint}; the caller keeps
     * ownership of the client.
     *
     * @param client the client
     * @param endpoint how to name the engine in messages, such as {@code tcp://10.0.0.5:2375}
     * @return the engine
     */
    public static DockerEngine of(DockerClient client, String endpoint) {
        return new DockerEngine(client, endpoint, false);
    }

    /** An engine that closes a client it was given, for tests of closing. */
    static DockerEngine owning(DockerClient client, String endpoint) {
        return new DockerEngine(client, endpoint, true);
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
            throw translate(null, e, false, "answer a ping");
        }
    }

    /**
     * Whether a text can name a container on a Docker-compatible engine: a name
     * ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, optionally after one {@code /}) or an id. Anything else,
     * such as {@code ns/pod} or {@code ; rm -rf /}, is refused before it reaches an engine.
     *
     * @param reference the text
     * @return {@code true} if it can name a container
     */
    public static boolean isContainerReference(String reference) {
        return reference != null && ContainerRefs.isValid(reference);
    }

    /**
     * What tcpscope asks of the engine besides reading tables: images, networks and containers.
     *
     * @return the runtime of this engine
     */
    public ContainerRuntime runtime() {
        return runtime;
    }

    /**
     * The host PID of each container's main process, from the engine's {@code State.Pid}, for the
     * procfs adapter. The PID is the one in the engine's PID namespace: the host's when the engine
     * runs on this machine, and meaningless for a remote one.
     *
     * @return the resolver; it throws {@link ContainerUnavailableException} for a container that is
     *     missing, stopped or restarting, and gives a paused container's PID, whose network namespace
     *     the kernel still serves
     */
    public HostPidResolver hostPids() {
        return new EnginePids(this);
    }

    /**
     * Ends this engine's reader helper, if one was started ({@link HostReaderInspector}), and closes
     * the client if this engine created it. Never throws: a client that fails to close is
     * logged at WARN, since nothing else can be done about it.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (hostReader != null) {
                hostReader.close();
            }
        }
        if (owned) {
            try {
                client.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not close the Docker client of {}: {}", endpoint, e.toString());
            }
        }
    }

    DockerClient client() {
        return client;
    }

    /** This engine's reader helper, which is started on the first read and ends with {@link #close()}. */
    synchronized HostReader hostReader() {
        if (hostReader == null) {
            hostReader = new HostReader(this, DockerCommandExecutor.DEFAULT_OUTPUT_LIMIT);
        }
        return hostReader;
    }

    DockerRuntime dockerRuntime() {
        return runtime;
    }

    /** One lock per image tag of this engine: building one image does not hold up another. */
    Object imageLock(String tag) {
        return imageLocks.computeIfAbsent(tag, t -> new Object());
    }

    /**
     * Inspects a container that must be running; {@code seen} says whether it was seen earlier in
     * the same call, which makes a missing container one that was removed.
     *
     * <p>Podman stops a container before it removes it, and shows it stopping, stopped and exited
     * on the way (Docker shows it as {@code removing} at once): so a container seen earlier in the
     * call and stopped now is inspected again for up to half a second, to tell a removal from a stop.
     *
     * @throws ContainerUnavailableException if it is missing, stopped, paused, restarting or being removed
     */
    InspectContainerResponse inspectRunning(String container, boolean seen) {
        return inspectRunning(container, seen, false);
    }

    /**
     * Inspects a container that must be running, as {@link #inspectRunning(String, boolean)} does;
     * with {@code pausedToo}, a paused container counts as running: its processes and sockets are
     * there, only frozen, so what reads them from the host, and not through them, can still read.
     *
     * @throws ContainerUnavailableException if it is missing, stopped, restarting or being removed, or
     *     paused unless {@code pausedToo}
     */
    InspectContainerResponse inspectRunning(String container, boolean seen, boolean pausedToo) {
        long settle = System.nanoTime() + REMOVAL_SETTLE_NANOS;
        while (true) {
            InspectContainerResponse inspected = inspectExisting(container, seen);
            Condition condition = conditionOf(inspected.getState());
            if (condition == null || pausedToo && condition == Condition.PAUSED) {
                return inspected;
            }
            if (!seen || condition != Condition.NOT_RUNNING || System.nanoTime() - settle >= 0
                    || Thread.currentThread().isInterrupted()) {
                throw new ContainerUnavailableException(container, inspected.getName(), inspected.getId(), condition);
            }
            LockSupport.parkNanos(REMOVAL_POLL_NANOS);
        }
    }

    /**
     * Inspects a container in whatever state it is.
     *
     * @throws ContainerUnavailableException with {@code NOT_FOUND}, or {@code REMOVED} if {@code seen}, if there is none
     */
    InspectContainerResponse inspectExisting(String container, boolean seen) {
        try {
            return client.inspectContainerCmd(container).exec();
        } catch (RuntimeException e) {
            if (isNoSuchContainer(e)) {
                throw new ContainerUnavailableException(container, null, null, seen ? Condition.REMOVED : Condition.NOT_FOUND);
            }
            throw translate(null, e, seen, "inspect container '" + container + "'");
        }
    }

    /**
     * Whether the engine said that there is no such container, whatever its status code: Docker
     * and Podman answer 404, except that Podman answers 500 ("container ... does not exist in
     * database: no such container") while it removes one.
     */
    static boolean isNoSuchContainer(RuntimeException e) {
        return e instanceof NotFoundException
                || e instanceof DockerException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("no such container");
    }

    private static Condition conditionOf(InspectContainerResponse.ContainerState state) {
        if ("removing".equals(state.getStatus())) {
            return Condition.REMOVED;
        } else if (Boolean.TRUE.equals(state.getPaused())) {
            return Condition.PAUSED;
        } else if (Boolean.TRUE.equals(state.getRestarting())) {
            return Condition.RESTARTING;
        } else if (!Boolean.TRUE.equals(state.getRunning())) {
            return Condition.NOT_RUNNING;
        }
        return null;
    }

    /**
     * Turns a docker-java failure into tcpscope's exceptions. An engine's status code does not say
     * whether the container is the problem: a 404 may be a missing image, a 409 a name that is
     * taken; an exec in a stopped container is a 409 on Docker and a 500 on Podman; and a stream
     * may break because the container died. So when a container is concerned, the engine is asked
     * about it, whatever the failure: a container that is missing or not running is reported as
     * such, an engine that no longer answers is reported as out of reach, and anything else is the
     * engine refusing the request, in its own words.
     *
     * @param container the container concerned, or {@code null}
     * @param e the failure
     * @param seen whether the container was seen earlier in the call, so that missing means removed
     * @param request what was asked, in words, for the message
     */
    RuntimeException translate(String container, RuntimeException e, boolean seen, String request) {
        if (e instanceof TcpScopeException) {
            return e;
        }
        RuntimeException plain = translate(e, request);
        return container == null ? plain : unavailableOr(container, seen, plain);
    }

    /**
     * The container's own state when it cannot be read (missing, removed, stopped, paused,
     * restarting), or the engine being out of reach; else {@code otherwise}.
     *
     * @param container the container concerned
     * @param seen whether the container was seen earlier in the call, so that missing means removed
     * @param otherwise what to report when the container runs, or the engine's answer about it says
     *     nothing; else it is kept as the suppressed exception of what is reported
     */
    RuntimeException unavailableOr(String container, boolean seen, RuntimeException otherwise) {
        try {
            inspectRunning(container, seen);
        } catch (ContainerUnavailableException | EngineUnavailableException unavailable) {
            unavailable.addSuppressed(otherwise); // what the call itself ran into, such as a timeout
            return unavailable;
        } catch (RuntimeException ignored) {
            // the engine refuses to answer about the container too; the original failure says more
        }
        return otherwise;
    }

    private RuntimeException translate(RuntimeException e, String request) {
        if (e instanceof DockerClientException) {
            // the client's own failures: a stream that broke, a build that did not end in time
            return causedByIo(e) ? new EngineUnavailableException(endpoint, e)
                    : new EngineRefusedException(endpoint, request, null, e.getMessage(), e);
        }
        if (!(e instanceof DockerException docker)) {
            return causedByIo(e) ? new EngineUnavailableException(endpoint, e) : e;
        }
        int status = docker.getHttpStatus();
        return new EngineRefusedException(endpoint, request, status > 0 ? status : null, docker.getMessage(), e);
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
