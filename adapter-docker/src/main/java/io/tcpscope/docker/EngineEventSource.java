package io.tcpscope.docker;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.events.EventSubscription;
import io.tcpscope.core.events.TcpEventSource;
import io.tcpscope.core.events.TcpTraceEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The kernel's own TCP events on an engine's kernel, wherever the engine runs (Docker Desktop's or
 * Colima's VM, a remote machine), read through tracefs by a privileged helper container on the
 * engine: every change of a socket's state, every error handed to its owner, every reset received,
 * every segment sent again and every socket freed, on the ports asked for, from the same five
 * tracepoints as adapter-procfs's {@code TracefsEventSource}, whose events it gives in the same form.
 *
 * <pre>{@code
 * DockerEngine engine = DockerEngine.fromEnvironment();
 * EngineEventSource.unavailable(engine).ifPresent(why -> log.info("samples only: {}", why));
 * try (EventSubscription events = EngineEventSource.on(engine).subscribe(PortSet.range(9000, 9001),
 *         batch -> log.accept(batch, nodesByAddress::get))) {
 *     cluster.start();
 *     events.sync(Duration.ofSeconds(5));   // every event recorded so far is in the log
 * }
 * }</pre>
 *
 * <p>It is opt-in, since the helper is privileged: root with {@code CAP_SYS_ADMIN}, unconfined by
 * AppArmor and SELinux, the least that may mount tracefs and make tracing instances, and enough to
 * do much else on the engine's machine (it is not {@code --privileged}: every other capability is
 * dropped). Each subscription starts one such helper, labelled {@code io.tcpscope=engine-events}
 * and with its owner's label as every helper is, in its own PID namespace, with no network and a
 * read-only root;
 * it makes a tracing instance of its own ({@code tcpscope-engine-<random>}, its own buffer, clock and
 * filters), prints its {@code trace_pipe}, and removes the instance when the subscription closes or
 * its stdin ends (the JVM went). The container goes with it; one that a killed JVM left is swept by
 * the next helper start, as is an instance left by a killed helper once it is a minute old.
 *
 * <p>Instants are this JVM's clock's: the engine's kernel's monotonic trace clock is anchored by
 * round trips to the helper, within half the shortest trip (well under a millisecond on a local
 * engine, more across a network). {@link EventSubscription#overruns()} asks the helper, within the
 * engine's response timeout, and gives the last count it answered when it does not answer.
 *
 * <p>An engine that refuses the helper (a policy) fails {@link #subscribe} with an
 * {@link io.tcpscope.core.EngineRefusedException}; a rootless one, or one that remaps user
 * namespaces, whose containers may not mount tracefs, with a
 * {@link io.tcpscope.core.PermissionDeniedException}; {@link #unavailable(DockerEngine)} tells those
 * two in advance, from the engine's security options.
 *
 * <p>Thread-safe; each subscription is read on docker-java's thread for its helper's stream, which
 * calls the callback.
 *
 * @since 0.3.0
 */
public final class EngineEventSource implements TcpEventSource {

    private final DockerEngine engine;

    private EngineEventSource(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
    }

    /**
     * The kernel's events on the engine's kernel, through a privileged helper on it.
     *
     * <pre>{@code
     * TcpEventSource events = EngineEventSource.on(DockerEngine.at("tcp://10.0.0.5:2375"));
     * }</pre>
     *
     * @param engine the engine; nothing is asked of it until {@link #subscribe}
     * @return the source
     */
    public static EngineEventSource on(DockerEngine engine) {
        return new EngineEventSource(engine);
    }

    /**
     * Why the engine cannot run the privileged helper, where its security options say so: a rootless
     * engine ({@code name=rootless}), or one that remaps user namespaces ({@code name=userns}); or
     * that the engine does not answer. One engine call, within the response timeout. An engine that
     * passes may still refuse the helper by policy, which {@link #subscribe} then says.
     *
     * <pre>{@code
     * EngineEventSource.unavailable(engine).ifPresent(why -> log.info("samples only: {}", why));
     * // samples only: the engine at unix:///run/user/1000/docker.sock is rootless, ...
     * }</pre>
     *
     * @param engine the engine
     * @return one line saying why and what happens instead, or empty when it may be tried
     */
    public static Optional<String> unavailable(DockerEngine engine) {
        Objects.requireNonNull(engine, "engine must not be null");
        List<String> options;
        try {
            options = engine.call("info", c -> c.infoCmd().exec()).getSecurityOptions();
        } catch (RuntimeException e) {
            return Optional.of(engine.translate(null, e, false, "answer info").getMessage());
        }
        List<String> said = options == null ? List.of() : options;
        if (said.stream().anyMatch(o -> o.contains("name=rootless"))) {
            return Optional.of("the engine at " + engine.endpoint() + " is rootless, and its privileged containers may"
                    + " not mount tracefs: the kernel's TCP events on that engine need a privileged helper with real"
                    + " root; a recorder samples instead");
        }
        if (said.stream().anyMatch(o -> o.contains("name=userns"))) {
            return Optional.of("the engine at " + engine.endpoint() + " remaps user namespaces, and its containers may"
                    + " not mount tracefs: the kernel's TCP events on that engine need a privileged helper with real"
                    + " root; a recorder samples instead");
        }
        return Optional.empty();
    }

    /** {@return {@code "tracefs via a privileged helper on <endpoint>"}} */
    @Override
    public String name() {
        return "tracefs via a privileged helper on " + engine.endpoint();
    }

    /**
     * Starts a privileged helper on the engine that reads a tracing instance of its own, and returns
     * once it reads it: every event on the ports from then on is delivered.
     *
     * <pre>{@code
     * try (EventSubscription events = EngineEventSource.on(engine).subscribe(PortSet.of(9000), log::add)) {
     *     ...
     *     events.sync(Duration.ofSeconds(5));
     * }
     * }</pre>
     *
     * @param ports the ports to follow
     * @param batches called on the subscription's thread with each batch, in the kernel's order; a
     *     callback that throws does not stop delivery
     * @return the open subscription
     * @throws io.tcpscope.core.EngineRefusedException if the engine refuses the privileged helper
     * @throws io.tcpscope.core.PermissionDeniedException if the helper may not mount tracefs (a rootless
     *     engine, or one that remaps user namespaces)
     * @throws io.tcpscope.core.InspectionFailedException if the engine's kernel has no tracefs or lacks a tracepoint
     * @throws io.tcpscope.core.EngineUnavailableException if the engine does not answer, or the helper does
     *     not, within the engine's response timeout
     * @throws io.tcpscope.core.ImageUnavailableException if the helper's image cannot be built
     */
    @Override
    public EventSubscription subscribe(PortSet ports, Consumer<List<TcpTraceEvent>> batches) {
        Objects.requireNonNull(ports, "ports must not be null");
        Objects.requireNonNull(batches, "batches must not be null");
        return EngineEventHelper.start(engine, ports, batches);
    }

    @Override
    public String toString() {
        return "EngineEventSource[" + engine.endpoint() + "]";
    }
}
