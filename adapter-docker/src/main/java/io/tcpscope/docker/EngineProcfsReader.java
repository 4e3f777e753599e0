package io.tcpscope.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.InspectionFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one reader helper of an engine: a long-running container in the engine's host PID
 * namespace that reads {@code /proc/<pid>/net/tcp{,6}} of the containers asked for, over its
 * attached stdin and stdout ({@link ReaderStream}). It is started on first use and reused by every
 * inspector of the engine.
 *
 * <p>The helper is confined: user nobody, read-only root file system, no network
 * ({@code NetworkMode=none}), every capability dropped, {@code no-new-privileges}, labelled {@code io.tcpscope=engine-procfs} and with
 * its owner's label. The engine removes it when it exits ({@code AutoRemove}), and it exits when
 * its stdin closes, which the engine does when the attaching client goes: so it goes with the JVM
 * that started it, even one that is killed, and {@link #close()} ends it at once.
 *
 * <p>Thread-safe.
 */
final class EngineProcfsReader implements AutoCloseable {

    /** The helper image's repository and tag prefix; its tag ends in a hash of what it holds. */
    static final String IMAGE = "tcpscope/engine-procfs:4";
    /** The value of {@link SidecarImage#LABEL} on the helper. */
    static final String ROLE = "engine-procfs";

    private static final Logger LOG = LoggerFactory.getLogger(EngineProcfsReader.class);
    private static final long START_TIMEOUT_SECONDS = 30;
    /** The helper's user and group: nobody, which may read a process's cgroup and TCP tables, not its memory or files. */
    static final String NOBODY = "65534:65534";

    private final DockerEngine engine;
    private final long outputLimit;
    private Session session;
    private String refusal;
    private Boolean rootless;
    private boolean closed;

    EngineProcfsReader(DockerEngine engine, long outputLimit) {
        this.engine = engine;
        this.outputLimit = outputLimit;
    }

    /** A helper that runs and one request to it. */
    record Session(String container, ReaderStream stream) {
    }

    /**
     * The running helper, started if there is none or the last one ended.
     *
     * @param who the container the caller reads, for messages
     * @throws InspectionFailedException if the engine refuses the helper, as it did the first time
     */
    synchronized Session session(String who) {
        if (closed) {
            throw new IllegalStateException("the reader of " + engine.endpoint() + " is closed");
        }
        if (refusal != null) {
            throw new InspectionFailedException(who, List.of(), refusal);
        }
        if (session == null || session.stream().ended()) {
            if (session != null) {
                session.stream().close(); // its stdin closes: it exits, and the engine removes it
                remove(session.container());
            }
            session = start(who);
        }
        return session;
    }

    /** Whether a helper runs or can be started; never throws. */
    boolean available() {
        try {
            session("the reader helper");
            return true;
        } catch (RuntimeException e) {
            LOG.debug("the reader helper of {} is not available: {}", engine.endpoint(), e.getMessage());
            return false;
        }
    }

    /** Ends a helper that stopped answering, so that the next read starts another. */
    synchronized void discard(Session broken, String why) {
        broken.stream().end(why);
        broken.stream().close();
        remove(broken.container());
        if (session == broken) {
            session = null;
        }
    }

    private Session start(String who) {
        String image = ensureImage();
        Map<String, String> labels = new HashMap<>(engine.labels());
        labels.putAll(Map.of(SidecarImage.LABEL, ROLE, ContainerRuntime.OWNER_LABEL, Owner.self().label()));
        String id;
        try {
            id = engine.client().createContainerCmd(image)
                    .withLabels(labels)
                    .withUser(NOBODY)
                    .withEnv("LC_ALL=C")
                    .withStdinOpen(true).withStdInOnce(true)
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).withTty(false)
                    .withHostConfig(HostConfig.newHostConfig()
                            .withPidMode("host")
                            .withNetworkMode("none")
                            .withReadonlyRootfs(true)
                            .withCapDrop(Capability.ALL)
                            .withSecurityOpts(List.of("no-new-privileges"))
                            .withAutoRemove(true))
                    .exec().getId();
        } catch (RuntimeException e) {
            throw refusal(who, engine.translate(null, e, false, "create tcpscope's reader helper"), true);
        }
        ReaderStream stream = new ReaderStream(outputLimit);
        try {
            // Attached before it starts, so that no answer can be missed; its stdin is this stream's.
            engine.client().attachContainerCmd(id).withStdIn(stream.stdin()).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).exec(stream);
            if (!stream.awaitStarted(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the engine did not attach to the reader helper within "
                        + START_TIMEOUT_SECONDS + " s");
            }
            engine.client().startContainerCmd(id).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            remove(id);
            throw new InspectionFailedException(who, List.of(), "interrupted while starting tcpscope's reader helper");
        } catch (RuntimeException e) {
            stream.close();
            remove(id);
            throw refusal(who, e instanceof IllegalStateException ? e : engine.translate(null, e, false, "start tcpscope's reader helper"), false);
        }
        LOG.debug("reader helper {} started on {}", id, engine.endpoint());
        return new Session(id, stream);
    }

    private String ensureImage() {
        return HelperImage.builder(IMAGE)
                .label(SidecarImage.IMAGE_LABEL, ROLE)
                .file("/reader", ReaderStream.SCRIPT)
                .entrypoint("/bin/sh", "/reader")
                .build().ensure(engine);
    }

    /**
     * The engine refused the helper. A policy's refusal of the container it asked to create (HTTP
     * 400 or 403, as for {@code PidMode=host} under user-namespace remapping), and a rootless
     * engine's refusal to start it (it cannot mount {@code /proc} for a container in the host's PID
     * namespace: "operation not permitted"), is remembered and said the same way to every later
     * read, since the engine refuses it every time; any other failure is of the moment, and the next
     * read tries again.
     */
    private RuntimeException refusal(String who, RuntimeException e, boolean creating) {
        if (!(e instanceof EngineRefusedException engineRefused)) {
            return e; // out of reach, or a failure of the moment: the next read tries again
        }
        boolean rootless = engineRefused.engineMessage().contains("operation not permitted") && isRootless();
        boolean policy = rootless || creating && engineRefused.statusCode() != null
                && (engineRefused.statusCode() == 400 || engineRefused.statusCode() == 403);
        String said = rootless
                ? "the engine at " + engine.endpoint() + " is rootless Docker, which cannot run tcpscope's reader helper"
                        + " in its host PID namespace (PidMode=host): " + engineRefused.engineMessage()
                        + ". Use the procfs mode (AUTO takes it where this JVM runs on the engine's machine, as its user),"
                        + " exec or the sidecar"
                : "the engine at " + engine.endpoint()
                        + " refuses tcpscope's reader helper, a container in its host PID namespace (PidMode=host),"
                        + " read-only, with no network and no capabilities: " + engineRefused.engineMessage()
                        + ". An engine with user-namespace remapping refuses it (tcpscope does not opt its helper out"
                        + " of the engine's remapping with UsernsMode=host), as some policies do;"
                        + " use the exec or sidecar mode, or AUTO, which then reads that way";
        if (policy) {
            refusal = said;
        }
        InspectionFailedException refused = new InspectionFailedException(who, List.of(), said);
        refused.initCause(e);
        return refused;
    }

    /** Whether the engine runs rootless, as its security options say, asked once; {@code false} if it does not answer. */
    private boolean isRootless() {
        if (rootless == null) {
            try {
                List<String> options = engine.client().infoCmd().exec().getSecurityOptions();
                rootless = options != null && options.stream().anyMatch(o -> o.contains("name=rootless"));
            } catch (RuntimeException e) {
                return false;
            }
        }
        return rootless;
    }

    private void remove(String container) {
        try {
            engine.client().removeContainerCmd(container).withForce(true).exec();
        } catch (RuntimeException e) {
            // AutoRemove may have been quicker, or the engine is gone; either way nothing is left to do
            LOG.debug("removing reader helper {}: {}", container, e.toString());
        }
    }

    /** Ends the helper, if one runs; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.stream().close();
            remove(session.container());
            session = null;
        }
    }
}
