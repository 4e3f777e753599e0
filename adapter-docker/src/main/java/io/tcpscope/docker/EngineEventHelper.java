package io.tcpscope.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PermissionDeniedException;
import io.tcpscope.core.PortSet;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.events.PortFilter;
import io.tcpscope.core.events.TcpTraceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Starts the kernel-events helper of one subscription: a container on the engine, built as the other
 * helpers are (from the {@linkplain HelperBase helper base}, never pulled as is), that runs
 * {@link EngineEventScript}. It is privileged in the one way it must be, to mount tracefs and make
 * tracing instances: root with {@code CAP_SYS_ADMIN}, unconfined by AppArmor and SELinux (whose
 * container policies forbid mounts); every other capability dropped, its own PID namespace, no
 * network, a read-only root file system, {@code no-new-privileges}, the engine's seccomp profile
 * (which lets a holder of {@code CAP_SYS_ADMIN} mount). Not {@code --privileged}, which gives every
 * capability the engine knows of and every device, more than the helper needs, and which an engine
 * whose own capabilities lack one cannot start at all ("unable to apply caps"). It is removed by the
 * engine when it exits, and labelled as every helper is ({@code io.tcpscope=engine-events}, its owner,
 * and a label of its own), so that a killed JVM's helper is swept by the next.
 *
 * <p>Each engine call is given the engine's response timeout, as are the attach and each wait for
 * the helper (ready, and each of the clock's round trips). A helper that fails to start is removed
 * before the failure is thrown. Failures are typed: an engine that refuses the helper (a policy) is
 * an {@link EngineRefusedException}; a helper that may not mount tracefs (a rootless engine, or one
 * that remaps user namespaces) a {@link PermissionDeniedException}; a kernel without tracefs or the
 * tracepoints an {@link InspectionFailedException} with the helper's words.
 */
final class EngineEventHelper {

    /** The helper image's repository and tag prefix; its tag ends in a hash of what it holds. */
    static final String IMAGE = "tcpscope/engine-events:1";
    /** The value of {@link SidecarImage#LABEL} on the helper. */
    static final String ROLE = "engine-events";
    /** What a refusal says besides the engine's words. */
    static final String NEEDS = "run " + EngineEventSubscription.WHAT + ", a privileged container (CAP_SYS_ADMIN, to mount"
            + " tracefs), which the kernel's TCP events on that engine need (a recorder samples instead)";

    private static final Logger LOG = LoggerFactory.getLogger(EngineEventHelper.class);
    private static final Pattern DENIED = Pattern.compile("(?i)permission denied|operation not permitted|read-only file system");
    /** How long a helper that failed to start is given to remove its instance before it is removed by force. */
    private static final long CLEANUP_MILLIS = 1000;

    private EngineEventHelper() {
    }

    /**
     * Starts a helper and returns its subscription once the helper reads its pipe and the clock is
     * anchored: from then on every event on the ports is delivered.
     */
    static EngineEventSubscription start(DockerEngine engine, PortSet ports, Consumer<List<TcpTraceEvent>> batches) {
        String image = HelperImage.builder(IMAGE)
                .label(SidecarImage.IMAGE_LABEL, ROLE)
                .file("/events", EngineEventScript.SCRIPT)
                .entrypoint("/bin/sh", "/events")
                .build().ensure(engine);
        engine.dockerRuntime().sweepHelpers();
        String instance = EngineEventScript.instanceName();
        String id = create(engine, image, instance, PortFilter.of(ports));
        EngineEventStream stream = new EngineEventStream(ports, batches);
        Duration bound = engine.responseTimeout();
        try {
            attach(engine, id, stream, bound);
            engine.call("start " + EngineEventSubscription.WHAT + " " + id, c -> c.startContainerCmd(id).exec());
            handshake(engine.endpoint(), stream, bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(engine, id, stream);
            throw failed(engine.endpoint(), "interrupted while starting " + EngineEventSubscription.WHAT);
        } catch (RuntimeException e) {
            abandon(engine, id, stream);
            throw e instanceof TcpscopeException ? e : refused(engine, engine.translate(null, e, false, "start " + EngineEventSubscription.WHAT));
        }
        LOG.debug("kernel-events helper {} reads instance {} on {}", id, instance, engine.endpoint());
        return new EngineEventSubscription(engine, id, instance, stream);
    }

    private static String create(DockerEngine engine, String image, String instance, String filter) {
        Map<String, String> labels = new HashMap<>(engine.labels());
        String helperId = HelperRemoval.newId();
        labels.putAll(Map.of(SidecarImage.LABEL, ROLE, ContainerRuntime.OWNER_LABEL, Owner.self().label(),
                HelperRemoval.HELPER_LABEL, helperId));
        try {
            return engine.call("create " + EngineEventSubscription.WHAT, c -> c.createContainerCmd(image)
                    .withLabels(labels)
                    .withUser("0:0")
                    .withEnv("LC_ALL=C")
                    .withCmd(instance, filter)
                    .withStdinOpen(true).withStdInOnce(true)
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).withTty(false)
                    .withHostConfig(HostConfig.newHostConfig()
                            .withCapDrop(Capability.ALL)
                            .withCapAdd(Capability.SYS_ADMIN)
                            .withSecurityOpts(List.of("no-new-privileges", "apparmor=unconfined", "label=disable"))
                            .withNetworkMode("none")
                            .withReadonlyRootfs(true)
                            .withAutoRemove(true))
                    .exec().getId());
        } catch (RuntimeException e) {
            RuntimeException said = engine.translate(null, e, false, "create " + EngineEventSubscription.WHAT);
            engine.parts().removal().afterFailedCreate(helperId, EngineEventSubscription.WHAT, said); // made late?
            throw refused(engine, said);
        }
    }

    /** Attaches to the helper before it starts, so that nothing it prints is missed; from a quiet thread group. */
    private static void attach(DockerEngine engine, String id, EngineEventStream stream, Duration bound)
            throws InterruptedException {
        String call = "attach to " + EngineEventSubscription.WHAT;
        QuietStreamThreads.start(engine.endpoint(), call, bound,
                () -> engine.client().attachContainerCmd(id).withStdIn(stream.stdin()).withStdOut(true)
                        .withStdErr(true).withFollowStream(true).exec(stream));
        if (!stream.awaitAttached(bound.toNanos(), TimeUnit.NANOSECONDS)) {
            throw EngineUnavailableException.stalled(engine.endpoint(), call, bound, null);
        }
        if (stream.attachFailure() != null) {
            throw refused(engine, engine.translate(null, stream.attachFailure(), false, call));
        }
    }

    /**
     * Waits until the helper reads its pipe, and anchors the clock by its first round trips; each
     * wait within the bound.
     *
     * @param endpoint the engine, for messages
     * @throws EngineUnavailableException if the helper did not answer in time
     * @throws PermissionDeniedException if it may not mount tracefs
     * @throws InspectionFailedException if it said why it cannot read the kernel's events, or ended
     */
    static void handshake(String endpoint, EngineEventStream stream, Duration bound) throws InterruptedException {
        if (!stream.awaitReady(bound.toNanos())) {
            throw EngineUnavailableException.stalled(endpoint, "start " + EngineEventSubscription.WHAT, bound, null);
        }
        failIfEnded(endpoint, stream);
        for (int trip = 0; trip < EngineEventClock.TRIPS; trip++) {
            if (stream.await(stream.request(), bound.toNanos()) == EngineEventStream.Outcome.TIMED_OUT) {
                throw EngineUnavailableException.stalled(endpoint, "answer " + EngineEventSubscription.WHAT, bound, null);
            }
            failIfEnded(endpoint, stream);
        }
        if (!stream.anchored()) {
            throw failed(endpoint, "its clock could not be read from its answers; subscribe again");
        }
    }

    /** The helper said why it cannot read the kernel's events, or ended before it was ready. */
    private static void failIfEnded(String endpoint, EngineEventStream stream) {
        EngineEventStream.Said said = stream.said();
        if (said.error() != null) {
            if (DENIED.matcher(said.error()).find()) {
                throw new PermissionDeniedException("tracefs on the engine at " + endpoint,
                        "the kernel's TCP events on that engine need a privileged helper that may mount tracefs, and this"
                                + " one may not (" + said.error() + "), as on a rootless engine or one that remaps user"
                                + " namespaces; a recorder samples instead",
                        null);
            }
            throw failed(endpoint, said.error() + "; a recorder samples instead");
        }
        String ended = stream.endedBecause();
        if (ended != null) {
            throw failed(endpoint, EngineEventSubscription.WHAT + " ended before it was ready (" + ended
                    + (said.lastWords() == null ? "" : ": " + said.lastWords()) + "); subscribe again");
        }
    }

    /**
     * A refusal of the helper's create, attach or start, said as one; any other failure as it is. An
     * engine refuses such a container by policy (an authorization plugin, or what an engine with
     * user-namespace remapping refuses: tcpscope does not opt its helper out of the remapping with
     * {@code UsernsMode=host}).
     */
    private static RuntimeException refused(DockerEngine engine, RuntimeException e) {
        if (e instanceof EngineRefusedException refusal) {
            return new EngineRefusedException(engine.endpoint(), NEEDS, refusal.statusCode(), refusal.engineMessage(), refusal);
        }
        return e;
    }

    /** Ends a helper that failed to start: told to clean up, given a moment, and removed by force. */
    private static void abandon(DockerEngine engine, String id, EngineEventStream stream) {
        stream.stopDelivering();
        stream.requestClose();
        try {
            stream.awaitEnd(TimeUnit.MILLISECONDS.toNanos(CLEANUP_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stream.release();
        RuntimeException failure = engine.parts().removal().remove(id, EngineEventSubscription.WHAT);
        if (failure != null) {
            LOG.debug("removing kernel-events helper {}: {}", id, failure.getMessage());
        }
    }

    static InspectionFailedException failed(String endpoint, String advice) {
        return InspectionFailedException.of("the kernel's TCP events (tracefs via a privileged helper on "
                + endpoint + ")", advice);
    }
}
