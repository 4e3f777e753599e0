package io.tcpscope.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.docker.internal.DefaultClient;
import io.tcpscope.docker.internal.DefaultEngines;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Docker engine, or an engine that speaks its API (Podman), to inspect and run containers on:
 * the one place where tcpscope holds a docker-java client. Everything else reaches the engine
 * through it: {@link #runtime()} for the life of containers, {@link DockerCommandExecutor} and
 * {@link SidecarInspector} for reading tables, {@link #hostPids()} for the procfs adapter.
 *
 * <p>{@link #fromEnvironment()} takes the engine the environment names: Testcontainers' when
 * {@code tcpscope-testcontainers} is on the class path (so Docker Desktop, Colima or whatever
 * Testcontainers found), else {@code DOCKER_HOST} (or {@code unix:///var/run/docker.sock}) through
 * docker-java's zerodep transport. The API version is left unset, so the engine picks its own:
 * pinning one breaks either old engines (20.10 speaks at most 1.41) or new ones (29 needs 1.44 or
 * later).
 *
 * <p>The helper images it builds (the built-in peer, the sidecar, the engine-procfs reader) come
 * from a {@link HelperBase}, the official busybox image unless the environment names another; and
 * every container and network it creates carries its {@linkplain Builder#labels labels}, such as
 * Testcontainers' session labels, besides tcpscope's own.
 *
 * <pre>{@code
 * try (DockerEngine engine = DockerEngine.fromEnvironment()) {
 *     CommandExecutor exec = new DockerCommandExecutor(engine);
 *     engine.runtime().pause("node-a");
 * }
 * // or, with a client of your own, naming the engine for messages:
 * DockerEngine engine = DockerEngine.builder()
 *         .client(container.getDockerClient(), "tcp://ci-engine:2375")
 *         .helperBase(HelperBase.of("registry.example.com/library/busybox:1.37.0-musl"))
 *         .build();
 * }</pre>
 *
 * <p>Every call to the engine but a stream is given the {@linkplain Builder#responseTimeout response
 * timeout}: one not answered in time is an {@link EngineUnavailableException} naming the call, even
 * with a client of the caller's, whose own timeouts tcpscope cannot set.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class DockerEngine implements AutoCloseable {

    /** The socket a Docker engine listens on by default. */
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    /**
     * How long an engine call is given by default: 30 seconds; see {@link Builder#responseTimeout}.
     * @since 0.2.0
     */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final String GIVEN_CLIENT = "the given DockerClient's address";

    private final EngineClients clients;
    private final String endpoint;
    private final Map<String, String> labels;
    private final EngineParts parts;

    private DockerEngine(DockerClient client, DockerClient callClient, String endpoint, boolean owned, HelperBase base,
                         Map<String, String> labels, Duration responseTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
        this.clients = new EngineClients(Objects.requireNonNull(client, "client must not be null"), callClient, owned,
                endpoint, responseTimeout);
        this.labels = Map.copyOf(labels);
        this.parts = new EngineParts(this, base);
    }

    /**
     * The engine the environment names: the one of the highest-priority
     * {@link io.tcpscope.docker.spi.DockerEngineProvider} that is available, which is
     * Testcontainers' where {@code tcpscope-testcontainers} is on the class path, else the one at
     * {@code DOCKER_HOST} or the default socket. Its helper base is {@link HelperBase#fromEnvironment()}.
     *
     * @return the engine; close it when done (a client of Testcontainers' stays open)
     * @throws IllegalStateException if no provider is available: neither docker-java-core nor
     *     Testcontainers is on the class path
     */
    public static DockerEngine fromEnvironment() {
        return DefaultEngines.create();
    }

    /**
     * An engine at the given address; {@link #close()} closes its client.
     *
     * @param host for example {@code unix:///var/run/docker.sock} or {@code tcp://10.0.0.5:2375}
     * @return the engine; nothing is contacted until the first call
     * @throws IllegalArgumentException if the address is not a Docker host URI
     * @throws IllegalStateException if docker-java-core is not on the class path
     */
    public static DockerEngine at(String host) {
        return builder().host(host).build();
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
        return builder().client(client, GIVEN_CLIENT).build();
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
        return builder().client(client, endpoint).build();
    }

    /**
     * Starts describing an engine: by default the one at {@code DOCKER_HOST} through a client of
     * tcpscope's own, with the helper base the environment names and no labels of the caller's.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** An engine that closes a client it was given, for tests of closing. */
    static DockerEngine owning(DockerClient client, String endpoint) {
        return new DockerEngine(client, client, endpoint, true, HelperBase.fromEnvironment(), Map.of(), DEFAULT_RESPONSE_TIMEOUT);
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
     * The image this engine's helper images are built from.
     *
     * @return the base
     */
    public HelperBase helperBase() {
        return parts.helperImages().base().base();
    }

    /**
     * The labels of the caller's that every container and network this engine creates carries,
     * besides tcpscope's own.
     *
     * @return the labels, unmodifiable
     */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Checks that the engine answers.
     *
     * @throws EngineUnavailableException if it does not
     */
    public void ping() {
        try {
            call("ping", c -> c.pingCmd().exec());
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
        return parts.runtime();
    }

    /**
     * The host PID of each container's main process, from the engine's {@code State.Pid}, for the procfs
     * adapter: the PID in the engine's PID namespace, the host's where the engine runs on this machine.
     *
     * @return the resolver; it throws {@link ContainerUnavailableException} for a container that is
     *     missing, stopped or restarting, and gives a paused container's PID, whose network namespace
     *     the kernel still serves
     */
    public HostPidResolver hostPids() {
        return new EnginePids(this);
    }

    /**
     * Ends this engine's reader helper, if one was started ({@link EngineProcfsInspector}), and closes a client it made once
     * a helper create that went unanswered is looked for, to remove a late one. Never throws: a failed close is logged.
     */
    @Override
    public void close() {
        parts.closeReader();
        parts.removal().closeWhenIdle(clients::close);
    }

    /**
     * How long each engine call is given before it counts as stalled.
     *
     * @return the response timeout
     * @since 0.2.0
     */
    public Duration responseTimeout() {
        return clients.responseTimeout();
    }

    /** The client for streams (attach, exec output, builds), which no response timeout cuts. */
    DockerClient client() {
        return clients.streams();
    }

    /** One engine call within the response timeout: {@code call} names it, as {@code inspect container node-a}. */
    <T> T call(String call, Function<DockerClient, T> body) {
        return clients.call(call, Duration.ZERO, body);
    }

    /** One engine call that may take {@code extra} on top of the response timeout, such as a stop's grace. */
    <T> T call(String call, Duration extra, Function<DockerClient, T> body) {
        return clients.call(call, extra, body);
    }

    /** What does the engine's work behind its methods, for the classes of this package. */
    EngineParts parts() {
        return parts;
    }

    EngineProcfsReader engineProcfsReader() { // started on the first read; it ends with close()
        return parts.reader();
    }

    DockerRuntime dockerRuntime() {
        return parts.runtime();
    }

    /** Inspects a container that must be running: see {@link ContainerStates}. */
    InspectContainerResponse inspectRunning(String container, boolean seen) {
        return parts.states().inspectRunning(container, seen, false);
    }

    /** Inspects a container that must be running, or paused if {@code pausedToo}: see {@link ContainerStates}. */
    InspectContainerResponse inspectRunning(String container, boolean seen, boolean pausedToo) {
        return parts.states().inspectRunning(container, seen, pausedToo);
    }

    /** Whether the engine said that there is no such container: see {@link ContainerStates}. */
    static boolean isNoSuchContainer(RuntimeException e) {
        return ContainerStates.isNoSuchContainer(e);
    }

    /** Turns a docker-java failure into tcpscope's exceptions: see {@link EngineErrors#translate}. */
    RuntimeException translate(String container, RuntimeException e, boolean seen, String request) {
        return parts.errors().translate(container, e, seen, request);
    }

    @Override
    public String toString() {
        return "DockerEngine[" + endpoint + "]";
    }

    /**
     * Describes a {@link DockerEngine}. Not thread-safe; build it, then share the engine.
     *
     * <pre>{@code
     * DockerEngine engine = DockerEngine.builder()
     *         .host("tcp://10.0.0.5:2375")
     *         .labels(Map.of("team", "p2p"))
     *         .build();
     * }</pre>
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private DockerClient client;
        private String endpoint;
        private String host;
        private HelperBase base;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Duration responseTimeout;

        private Builder() {
        }

        /**
         * A client of the caller's, which the caller keeps and closes; it replaces {@link #host}.
         *
         * @param client the client, such as Testcontainers' {@code getDockerClient()}
         * @param endpoint how messages name the engine, such as {@code tcp://10.0.0.5:2375}
         * @return this builder
         */
        public Builder client(DockerClient client, String endpoint) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
            this.host = null;
            return this;
        }

        /**
         * The engine's address, reached through a client of tcpscope's own, which
         * {@link DockerEngine#close()} closes; it replaces {@link #client}.
         *
         * @param host for example {@code unix:///var/run/docker.sock} or {@code tcp://10.0.0.5:2375}
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            this.client = null;
            return this;
        }

        /**
         * The image the helper images are built from.
         *
         * @param base the base; {@link HelperBase#fromEnvironment()} if not set
         * @return this builder
         */
        public Builder helperBase(HelperBase base) {
            this.base = Objects.requireNonNull(base, "base must not be null");
            return this;
        }

        /**
         * Labels that every container and network the engine creates carries, such as
         * Testcontainers' session labels, which its reaper removes things by.
         *
         * @param labels the labels to add to those set so far; tcpscope's own keys win
         * @return this builder
         */
        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(Objects.requireNonNull(labels, "labels must not be null"));
            return this;
        }

        /**
         * How long each engine call may take before it counts as stalled, whether the client is tcpscope's
         * or the caller's; streams (a command's output, an attach) have their own timeouts. For example
         * {@code .responseTimeout(Duration.ofSeconds(5))}.
         *
         * @param timeout the bound; if not set, {@code -Dtcpscope.engine.response-timeout}, else
         *     {@code TCPSCOPE_ENGINE_RESPONSE_TIMEOUT} (seconds, or ISO-8601 such as {@code PT2S}), else 30 s
         * @return this builder
         * @throws IllegalArgumentException if it is not positive
         * @since 0.2.0
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = EngineCalls.requirePositive(timeout);
            return this;
        }

        /**
         * The engine; nothing is contacted until its first call.
         *
         * @return the engine
         * @throws IllegalArgumentException if the host is not a Docker host URI or the environment's timeout is malformed
         * @throws IllegalStateException if tcpscope is to make the client and docker-java-core is
         *     not on the class path
         */
        public DockerEngine build() {
            HelperBase helperBase = base != null ? base : HelperBase.fromEnvironment();
            Duration responseTimeout = this.responseTimeout != null ? this.responseTimeout : EngineCalls.fromEnvironment();
            if (client != null) {
                return new DockerEngine(client, client, endpoint, false, helperBase, labels, responseTimeout);
            }
            DefaultClient made = DefaultClient.create(host, responseTimeout);
            return new DockerEngine(made.streams(), made.calls(), made.endpoint(), true, helperBase, labels, responseTimeout);
        }
    }
}
