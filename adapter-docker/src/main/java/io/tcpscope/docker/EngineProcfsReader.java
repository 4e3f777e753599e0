package io.tcpscope.docker;

import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.TcpscopeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * <p>Thread-safe. No lock is held across an engine call: one read starts the helper, and the
 * others wait for it, each for a bounded time.
 */
final class EngineProcfsReader implements AutoCloseable {

    /** The helper image's repository and tag prefix; its tag ends in a hash of what it holds. */
    static final String IMAGE = "tcpscope/engine-procfs:5";
    /** The value of {@link SidecarImage#LABEL} on the helper. */
    static final String ROLE = "engine-procfs";

    private static final Logger LOG = LoggerFactory.getLogger(EngineProcfsReader.class);
    /**
     * How many engine calls a start makes once it has its image, besides the attach, each within the
     * engine's response timeout: the removal of the helper it replaces, create, start, the removal of
     * a helper that did not start, and the info that tells a rootless engine's refusal.
     */
    private static final int START_CALLS = 5;
    /** What a read that waits for another's start allows beyond those calls: the start's own work between them. */
    private static final Duration STARTING_SLACK = Duration.ofSeconds(2);

    private final DockerEngine engine;
    private final long outputLimit;
    private final Duration attachBound;
    /** Guards the fields below; never held across an engine call, nor while waiting. */
    private final Object lock = new Object();
    /** The helper that runs or is being started, by the read that started it; {@code null} if none. */
    private CompletableFuture<Session> current;
    private String refusal;
    private boolean closed;
    private volatile Boolean rootless;

    /** A reader whose attach to its helper is given the engine's response timeout, as every call of the start is. */
    EngineProcfsReader(DockerEngine engine, long outputLimit) {
        this(engine, outputLimit, engine.responseTimeout());
    }

    EngineProcfsReader(DockerEngine engine, long outputLimit, Duration attachBound) {
        this.engine = engine;
        this.outputLimit = outputLimit;
        this.attachBound = attachBound;
    }

    /** A helper that runs and one request to it. */
    record Session(String container, ReaderStream stream) {
    }

    /**
     * The running helper, started if there is none or the last one ended. One read starts it, with
     * no lock held; the others wait for that start, for a bounded time.
     *
     * @param who the container the caller reads, for messages
     * @throws InspectionFailedException if the engine refuses the helper, as it did the first time,
     *     or this reader was closed with its engine
     * @throws io.tcpscope.core.EngineUnavailableException if the engine did not attach to the helper,
     *     or the start did not end, in time: a stall, which a wait retries
     */
    Session session(String who) {
        synchronized (lock) {
            Session running = usable(who);
            if (running != null) {
                return running;
            }
        }
        // The image first, by every read that finds no helper, outside the lock: its build has bounds
        // of its own (HelperImages), and a read that then waits for another's start waits only for
        // that start's few engine calls, each within the response timeout.
        String image = ensureImage();
        CompletableFuture<Session> starting;
        Session ended = null;
        boolean mine = false;
        synchronized (lock) {
            Session running = usable(who);
            if (running != null) {
                return running;
            }
            running = running();
            if (running != null) {
                ended = running; // its stdin closes: it exits, and the engine removes it
                current = null;
            }
            if (current == null) {
                current = new CompletableFuture<>();
                mine = true;
            }
            starting = current;
        }
        if (ended != null) {
            retire(ended);
        }
        return mine ? startFor(starting, image, who) : await(starting, who);
    }

    /**
     * The running helper whose stream has not ended, or {@code null}; under the lock.
     *
     * @throws InspectionFailedException if this reader was closed, or the engine refused the helper
     */
    private Session usable(String who) {
        if (closed) {
            throw closed(who);
        }
        if (refusal != null) {
            throw new InspectionFailedException(who, List.of(), refusal);
        }
        Session running = running();
        return running != null && !running.stream().ended() ? running : null;
    }

    /** Starts the helper that {@code starting} stands for, outside the lock. */
    private Session startFor(CompletableFuture<Session> starting, String image, String who) {
        Session started;
        try {
            started = start(image, who);
        } catch (RuntimeException e) {
            synchronized (lock) {
                if (current == starting) {
                    current = null; // the next read tries again, unless the failure is a refusal it remembered
                }
            }
            starting.completeExceptionally(e);
            throw e;
        }
        boolean kept;
        synchronized (lock) {
            kept = !closed && current == starting;
        }
        if (!kept) {
            retire(started); // closed meanwhile
            InspectionFailedException e = closed(who);
            starting.completeExceptionally(e);
            throw e;
        }
        starting.complete(started);
        return started;
    }

    /**
     * The helper another read is starting. That start had its image before this read came, so what
     * is left of it is a few engine calls ({@link #START_CALLS} and the attach), each bounded, which
     * end it, well or not, before this wait does: its failure, a stall included, is said to this read
     * when it is to the starter. The wait's own bound only guards against a start that never ends.
     */
    private Session await(CompletableFuture<Session> starting, String who) {
        Duration bound = engine.responseTimeout().multipliedBy(START_CALLS).plus(attachBound).plus(STARTING_SLACK);
        try {
            return starting.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw EngineUnavailableException.stalled(engine.endpoint(), "start tcpscope's reader helper", bound, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // the starter's own failure, said to every read that waited for it
            }
            throw new InspectionFailedException(who, List.of(), "tcpscope's reader helper did not start: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InspectionFailedException(who, List.of(), "interrupted while waiting for tcpscope's reader helper to start");
        }
    }

    /** The helper that has started, or {@code null}; under the lock. */
    private Session running() {
        return current != null && current.isDone() && !current.isCompletedExceptionally() ? current.join() : null;
    }

    private InspectionFailedException closed(String who) {
        return new InspectionFailedException(who, List.of(), "tcpscope's reader helper on " + engine.endpoint()
                + " ended when its engine was closed; read through an engine that is open");
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
    void discard(Session broken, String why) {
        synchronized (lock) {
            if (running() == broken) {
                current = null;
            }
        }
        broken.stream().end(why);
        retire(broken);
    }

    /** Closes a helper's stream, so that it exits, and removes it; outside the lock. */
    private void retire(Session session) {
        session.stream().close();
        remove(session.container());
    }

    /**
     * Creates, attaches to and starts a helper; each step within the response timeout. A helper whose
     * attach or start fails or stalls is removed by force before the error is thrown. A stalled attach
     * leaves docker-java's stream thread waiting for the engine's answer, since docker-java gives no
     * handle on it until the engine answers: it ends, quietly, when the engine answers (the helper is
     * gone by then) or the connection is cut.
     */
    private Session start(String image, String who) {
        Map<String, String> labels = new HashMap<>(engine.labels());
        String helperId = HelperRemoval.newId();
        labels.putAll(Map.of(SidecarImage.LABEL, ROLE, ContainerRuntime.OWNER_LABEL, Owner.self().label(),
                HelperRemoval.HELPER_LABEL, helperId));
        String id;
        try {
            id = engine.call("create tcpscope's reader helper", c -> c.createContainerCmd(image)
                    .withLabels(labels)
                    .withUser(HelperConfinement.NOBODY)
                    .withEnv("LC_ALL=C")
                    .withStdinOpen(true).withStdInOnce(true)
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).withTty(false)
                    .withHostConfig(HelperConfinement.hostConfig()
                            .withPidMode("host")
                            .withNetworkMode("none")
                            .withAutoRemove(true))
                    .exec().getId());
        } catch (RuntimeException e) {
            RuntimeException said = engine.translate(null, e, false, "create tcpscope's reader helper");
            engine.parts().removal().afterFailedCreate(helperId, "tcpscope's reader helper", said); // made late?
            throw refusal(who, said, true);
        }
        ReaderStream stream = new ReaderStream(outputLimit);
        try {
            // Attached before it starts, so that no answer can be missed; its stdin is this stream's. Started
            // from a quiet thread group, so that docker-java's threads for it never print on stderr.
            QuietStreamThreads.start(engine.endpoint(), "attach to the engine-procfs reader", attachBound,
                    () -> engine.client().attachContainerCmd(id).withStdIn(stream.stdin()).withStdOut(true)
                            .withStdErr(true).withFollowStream(true).exec(stream));
            if (!stream.awaitAttached(attachBound.toNanos(), TimeUnit.NANOSECONDS)) {
                throw EngineUnavailableException.stalled(engine.endpoint(), "attach to the engine-procfs reader",
                        attachBound, null);
            }
            if (stream.attachFailure() != null) {
                // the engine answered the attach with an error: said as it is, at once, not as a stall
                RuntimeException said = engine.translate(null, stream.attachFailure(), false,
                        "attach to tcpscope's reader helper");
                if (said instanceof EngineUnavailableException) {
                    throw said;
                }
                InspectionFailedException refused = new InspectionFailedException(who, List.of(), said.getMessage()
                        + "; read again, or use the exec or sidecar mode");
                refused.initCause(said);
                throw refused;
            }
            engine.call("start tcpscope's reader helper " + id, c -> c.startContainerCmd(id).exec());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.close();
            remove(id);
            throw new InspectionFailedException(who, List.of(), "interrupted while starting tcpscope's reader helper");
        } catch (RuntimeException e) {
            stream.close();
            remove(id);
            throw refusal(who, e instanceof TcpscopeException ? e
                    : engine.translate(null, e, false, "start tcpscope's reader helper"), false);
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
            synchronized (lock) {
                refusal = said;
            }
        }
        InspectionFailedException refused = new InspectionFailedException(who, List.of(), said);
        refused.initCause(e);
        return refused;
    }

    /** Whether the engine runs rootless, as its security options say, asked once; {@code false} if it does not answer. */
    private boolean isRootless() {
        Boolean known = rootless;
        if (known == null) {
            try {
                List<String> options = engine.call("info", c -> c.infoCmd().exec()).getSecurityOptions();
                known = options != null && options.stream().anyMatch(o -> o.contains("name=rootless"));
                rootless = known;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return known;
    }

    /** Removes a helper by force, for an interrupted caller too, whose flag is kept. */
    private void remove(String container) {
        RuntimeException e = engine.parts().removal().remove(container, "tcpscope's reader helper");
        if (e != null) {
            // AutoRemove may have been quicker, or the engine is gone; either way nothing is left to do
            LOG.debug("removing reader helper {}: {}", container, e.toString());
        }
    }

    /**
     * Ends the helper, if one runs; idempotent. A helper being started is ended by the read that
     * starts it, which sees that this reader was closed; nothing waits for it here.
     */
    @Override
    public void close() {
        Session running;
        synchronized (lock) {
            closed = true;
            running = running();
            current = null;
        }
        if (running != null) {
            retire(running);
        }
    }
}
