package io.tcpscope.docker;

import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.OutputLimitExceededException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.parse.ListingParser;
import io.tcpscope.core.parse.ProcNetTcpParser;
import io.tcpscope.core.spi.ContainerReferences;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads containers' tables on the engine's side, wherever the engine runs: one long-running
 * helper container per engine, in the engine's host PID namespace, reads
 * {@code /proc/<pid>/net/tcp} and {@code tcp6} of each container asked for and answers over its
 * attached stdin and stdout. No command runs in the containers, so images without tools are read
 * too, and no exec is made per read: a read is one round trip on a stream that stays open, and
 * the reads of many threads share it. This is the fast way where procfs cannot reach, as with a
 * remote {@code DOCKER_HOST}, Docker Desktop, or Docker-in-Docker.
 *
 * <pre>{@code
 * try (DockerEngine engine = DockerEngine.at("tcp://build-host:2375")) {
 *     ConnectionInspector reader = new EngineProcfsInspector(engine);
 *     List<TcpConnection> node = reader.connections("node-1");
 * }
 * }</pre>
 *
 * <p>A container read by its id has its PID asked of the engine once and kept: the helper checks,
 * at every read, before and after it reads, that the process's cgroup is still the container's own
 * and that the process started at the same tick as the one first read (so a PID that passed to
 * another process is not read as the container's), and when it is not (the container stopped or
 * restarted) the engine is asked again. A warm read by id makes no engine call at all. A name is
 * asked of the engine at every read, since a name can pass to another container, and so is a short
 * id (under 12 hex digits), which may be some container's name too
 * ({@link io.tcpscope.core.spi.ContainerReferences}); the testkit, the JUnit extension and the
 * Testcontainers module read by full id.
 *
 * <p>Privileges: the engine must allow a container with {@code PidMode=host}. It runs read-only,
 * with no network and no capabilities, and can read what any unprivileged process of the engine's
 * host can: see SECURITY.md. An engine with user-namespace remapping refuses it, as some policies
 * do; the error says so and names the modes that work there. The helper is the engine's
 * ({@link DockerEngine}), started on first use and ended when the engine is closed or this JVM
 * exits; closing this inspector leaves it to the engine's other users.
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public final class EngineProcfsInspector implements ConnectionInspector {

    /** The time one read may take, from request to the last byte of its answer: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** At most this many containers' PIDs are kept; past it, they are asked of the engine again. */
    private static final int KNOWN = 4096;

    private final DockerEngine engine;
    private final HostPidResolver pids;
    private final Duration timeout;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final ListingParser parser = new ProcNetTcpParser();

    /**
     * A reader with the default timeout.
     *
     * @param engine the engine the containers run on; its helper is started on the first read
     */
    public EngineProcfsInspector(DockerEngine engine) {
        this(engine, DEFAULT_TIMEOUT);
    }

    /**
     * A reader with its own timeout.
     *
     * @param engine the engine the containers run on
     * @param timeout the time one read may take
     */
    public EngineProcfsInspector(DockerEngine engine, Duration timeout) {
        this(engine, Objects.requireNonNull(engine, "engine must not be null").hostPids(), timeout);
    }

    /** A reader that asks another resolver for the containers' PIDs, for tests. */
    EngineProcfsInspector(DockerEngine engine, HostPidResolver pids, Duration timeout) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
        this.pids = Objects.requireNonNull(pids, "pids must not be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
    }

    /**
     * Whether the engine runs this reader's helper, starting it if none runs yet: {@code false}
     * where the engine refuses it (and then always, for that engine object) or cannot be reached.
     * AUTO asks this before it picks the mode.
     *
     * @param engine the engine
     * @return whether reads through the helper can be made; never throws
     */
    public static boolean isAvailable(DockerEngine engine) {
        return engine.engineProcfsReader().available();
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.tcpscope.core.ContainerUnavailableException if the engine says the container is
     *     missing or not running
     * @throws InspectionFailedException if the engine refuses the helper, or the helper does not find
     *     the container's process in the engine's PID namespace
     * @throws CommandTimeoutException if the answer did not arrive whole in time
     * @throws OutputLimitExceededException if the table is larger than 64 MiB
     */
    @Override
    public List<TcpConnection> connections(String container) {
        ContainerRefs.require(Objects.requireNonNull(container, "container must not be null"));
        Known cached = known.get(container);
        if (cached != null) {
            // the process first read, and no other that has its PID since
            ReaderStream.Answer answer = ask(container, cached.process(), cached.startTicks());
            if (answer.read()) {
                return parse(answer);
            }
            known.remove(container, cached); // stopped, restarted or replaced: ask the engine again
        }
        EnginePids.Named resolved = resolve(container);
        HostProcess process = resolved.process();
        for (int attempt = 0; ; attempt++) {
            ReaderStream.Answer answer = ask(container, process, 0);
            if (answer.read()) {
                if (isIdOf(container, process, resolved.name())) {
                    // A name may pass to another container (docker rename, then run with the name):
                    // only an id, which no other container ever has, is kept.
                    if (known.size() >= KNOWN) {
                        known.clear();
                    }
                    known.put(container, new Known(process, Math.max(0, answer.startTicks())));
                }
                return parse(answer);
            }
            resolved = resolve(container); // says so if it stopped meanwhile
            HostProcess now = resolved.process();
            if (now.equals(process) || attempt > 0) {
                throw new InspectionFailedException(container, List.of(), "the engine gives PID " + now.pid()
                        + " for it, but tcpscope's reader helper, in the engine's host PID namespace, finds no"
                        + " process of container " + now.containerId() + " there; the engine may run each container"
                        + " in a virtual machine of its own. Use the exec or sidecar mode");
            }
            process = now; // restarted between the engine's answer and the read
        }
    }

    /**
     * One request to the engine's helper, for the process if it started at {@code startTicks} (any
     * if 0); a helper that ended is replaced once.
     */
    private ReaderStream.Answer ask(String container, HostProcess process, long startTicks) {
        if (!ReaderStream.isRequest(process.pid(), process.containerId())) {
            // checked before any helper is started: no engine gives such ids, and no read could use them
            throw new InspectionFailedException(container, List.of(), "the engine gives PID " + process.pid()
                    + " and id '" + process.containerId() + "' for it, which are not a process and a container's"
                    + " full id (64 hex digits), so tcpscope's reader helper cannot check that the process is the"
                    + " container's; use the exec or sidecar mode");
        }
        EngineProcfsReader reader = engine.engineProcfsReader();
        for (int attempt = 0; ; attempt++) {
            EngineProcfsReader.Session session = reader.session(container);
            try {
                ReaderStream.Answer answer = session.stream().request(process.pid(), process.containerId(), startTicks)
                        .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (answer.malformed()) {
                    throw new InspectionFailedException(container, List.of(), "tcpscope's reader helper found the"
                            + " request for PID " + process.pid() + " malformed; its image may be of another"
                            + " tcpscope version: remove it with 'docker rmi " + EngineProcfsReader.IMAGE + "'");
                }
                if (answer.denied()) {
                    throw new InspectionFailedException(container, List.of(), "tcpscope's reader helper, user nobody"
                            + " in the engine's host PID namespace, may not read /proc/" + process.pid() + " of it: the"
                            + " engine's /proc is mounted with hidepid, or a security policy (such as SELinux) keeps"
                            + " containers apart; use the exec or sidecar mode");
                }
                if (answer.exceeded() && answer.read()) {
                    throw new OutputLimitExceededException(container, command(process), DockerCommandExecutor.DEFAULT_OUTPUT_LIMIT);
                }
                return answer;
            } catch (TimeoutException e) {
                reader.discard(session, "it did not answer within " + timeout.toMillis() + " ms");
                throw new CommandTimeoutException(container, command(process), timeout);
            } catch (ExecutionException e) {
                if (attempt > 0) {
                    throw new InspectionFailedException(container, List.of(), "tcpscope's reader helper on "
                            + engine.endpoint() + " ended twice while reading it: " + e.getCause().getMessage());
                }
                // killed, or the engine restarted: the next session starts a new helper
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InspectionFailedException(container, List.of(), "interrupted while waiting for the reader helper");
            }
        }
    }

    /** A container's process as first read: its PID and id, and the tick it started at. */
    private record Known(HostProcess process, long startTicks) {
    }

    /** The container's process, and its name where the resolver is the engine's own, which tells it. */
    private EnginePids.Named resolve(String container) {
        return pids instanceof EnginePids engines ? engines.named(container)
                : new EnginePids.Named(pids.hostProcess(container), null);
    }

    /**
     * Whether the reference is the container's id, or a prefix of it long enough to be one, rather
     * than a name: {@link ContainerReferences#isIdOf}.
     */
    static boolean isIdOf(String reference, HostProcess process, String name) {
        return ContainerReferences.isIdOf(reference, process.containerId(), name);
    }

    private List<TcpConnection> parse(ReaderStream.Answer answer) {
        return Collections.unmodifiableList(new ArrayList<>(parser.parse(ByteBuffer.wrap(answer.tables()))));
    }

    /** What the helper runs for a read, as messages name it. */
    private static List<String> command(HostProcess process) {
        return List.of("cat", "/proc/" + process.pid() + "/net/tcp", "/proc/" + process.pid() + "/net/tcp6");
    }

    @Override
    public String toString() {
        return "EngineProcfsInspector[" + engine.endpoint() + "]";
    }
}
