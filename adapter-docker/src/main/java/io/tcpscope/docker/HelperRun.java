package io.tcpscope.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.WaitContainerCondition;
import io.tcpscope.core.CommandFailedException;
import io.tcpscope.core.CommandTimeoutException;
import io.tcpscope.core.EngineRefusedException;
import io.tcpscope.core.EngineUnavailableException;
import io.tcpscope.core.ExecResult;
import io.tcpscope.core.OutputLimitExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived helper container to its end and collects its output whole: the sidecar's way
 * of reading a table. Like {@code docker run --rm}, the engine removes the helper when it exits
 * ({@code AutoRemove}), and the helper is attached to, and waited for until it is removed, before it
 * starts (each request acknowledged by the engine first), so that none of its output is missed, its
 * exit code is had, it is gone when the run returns, and nothing is left behind even by a JVM killed
 * during the run. A helper that does not end in time is removed by force. It runs confined, as the
 * engine-procfs reader does ({@link HelperConfinement}).
 *
 * <p>Thread-safe: stateless but for its engine.
 */
final class HelperRun {

    private static final Logger LOG = LoggerFactory.getLogger(HelperRun.class);
    /** How long an ended helper's output may take to arrive, even when its time is up. */
    private static final long OUTPUT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final DockerEngine engine;

    HelperRun(DockerEngine engine) {
        this.engine = engine;
    }

    /**
     * Runs the helper.
     *
     * @param spec the container; it must exit on its own
     * @param target the container the run is about, for messages
     * @param argv the command it runs, for messages
     * @throws CommandTimeoutException if it does not exit, or its output does not arrive whole, in time
     * @throws OutputLimitExceededException if it prints more than {@code outputLimit} bytes
     */
    ExecResult run(ContainerSpec spec, String target, List<String> argv, Duration timeout, long outputLimit) {
        long deadline = System.nanoTime() + timeout.toNanos();
        engine.dockerRuntime().sweepHelpers();
        String helper = null;
        OutputCollector output = new OutputCollector(outputLimit);
        try {
            helper = create(spec);
            String created = helper;
            // The attach and the wait are streams, which the engine answers at once: each is given the
            // response timeout, as a call is. One that stalls leaves docker-java's stream thread waiting
            // for the answer (docker-java gives no handle on it before), which ends, quietly, when the
            // engine answers (the helper is removed by then) or the connection is cut.
            Duration bound = engine.responseTimeout();
            engine.client().attachContainerCmd(helper).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(output);
            if (!output.awaitStart(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                // a stall, which a wait retries, as the engine-procfs reader's
                throw EngineUnavailableException.stalled(engine.endpoint(), "attach to a sidecar helper", bound, null);
            }
            output.throwIfFailed(); // the engine's answer to the attach, such as a helper it does not have
            try (WaitContainerResultCallback wait = engine.client().waitContainerCmd(helper)
                    .withCondition(WaitContainerCondition.REMOVED).exec(new WaitContainerResultCallback())) {
                if (!wait.awaitStarted(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw EngineUnavailableException.stalled(engine.endpoint(), "wait for a sidecar helper", bound, null);
                }
                try {
                    engine.call("start a sidecar helper " + created, c -> c.startContainerCmd(created).exec());
                } catch (RuntimeException e) {
                    // not runtime.call: the engine removes a helper it failed to start, so the helper's
                    // absence would hide the engine's reason
                    throw engine.translate(null, e, false, "start a helper for container '" + target + "'");
                }
                int exitCode = awaitExit(wait, target, argv, timeout, deadline);
                // The helper has ended: its output is on its way, and gets a moment to arrive.
                boolean whole = output.awaitCompletion(Math.max(remaining(deadline), OUTPUT_GRACE_NANOS),
                        TimeUnit.NANOSECONDS);
                if (output.exceeded()) {
                    throw new OutputLimitExceededException(target, argv, outputLimit);
                }
                if (!whole) {
                    // Part of a table is not a smaller table: never parse what has arrived so far.
                    throw new CommandTimeoutException(target, argv, timeout);
                }
                return new ExecResult(exitCode, output.stdout(), output.stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(target, argv, null, "interrupted while running the helper");
        } catch (IOException e) {
            throw new CommandFailedException(target, argv, null, "could not close the wait for the helper: " + e.getMessage());
        } catch (EngineRefusedException refused) {
            // A helper joins the target's namespaces: the target being gone is the better reason.
            engine.inspectRunning(target, true);
            throw refused;
        } catch (RuntimeException e) {
            throw engine.translate(target, e, true, "run a helper for container '" + target + "'");
        } finally {
            output.closeQuietly();
            if (helper != null) {
                removeIfThere(helper);
            }
        }
    }

    /**
     * Creates the helper, confined ({@link HelperConfinement}: nobody, read-only, no capabilities,
     * {@code no-new-privileges}), labelled with its owner and a label of its own, and removed by the
     * engine when it exits. A create the engine did not answer is followed by a look for the helper,
     * which the engine may make late ({@link HelperRemoval}).
     */
    private String create(ContainerSpec spec) {
        Map<String, String> labels = new HashMap<>(engine.labels());
        labels.putAll(spec.labels());
        labels.put(ContainerRuntime.OWNER_LABEL, Owner.self().label());
        String helperId = HelperRemoval.newId();
        labels.put(HelperRemoval.HELPER_LABEL, helperId);
        try {
            return engine.call("create a sidecar helper from image '" + spec.image() + "'", c -> {
                CreateContainerCmd create = c.createContainerCmd(spec.image())
                        .withLabels(labels)
                        .withUser(HelperConfinement.NOBODY)
                        .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                        .withHostConfig(HelperConfinement.hostConfig().withNetworkMode(spec.network()).withAutoRemove(true));
                if (spec.entrypoint() != null) {
                    create.withEntrypoint(spec.entrypoint());
                }
                if (spec.cmd() != null) {
                    create.withCmd(spec.cmd());
                }
                return create.exec().getId();
            });
        } catch (RuntimeException e) {
            RuntimeException said = engine.translate(null, e, false, "create a helper from image '" + spec.image() + "'");
            engine.parts().removal().afterFailedCreate(helperId, "a sidecar helper", said);
            throw said;
        }
    }

    /** The helper's exit code, once it has ended and the engine has removed it. */
    private static int awaitExit(WaitContainerResultCallback wait, String target, List<String> argv, Duration timeout,
                                 long deadline) {
        try {
            return wait.awaitStatusCode(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (DockerClientException e) {
            // awaitStatusCode reports its timeout, an interrupt and a broken stream all this way
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException(target, argv, null, "interrupted while waiting for the helper");
            }
            if (String.valueOf(e.getMessage()).contains("timeout")) {
                throw new CommandTimeoutException(target, argv, timeout);
            }
            throw new CommandFailedException(target, argv, null, "the engine lost the helper: " + e.getMessage());
        }
    }

    /**
     * Removes a helper the engine has not removed yet: one that failed to start, or did not end in
     * time; for an interrupted caller too, whose flag is kept.
     */
    private void removeIfThere(String helper) {
        RuntimeException e = engine.parts().removal().remove(helper, "a sidecar helper");
        if (e != null && !DockerEngine.isNoSuchContainer(e) && !String.valueOf(e.getMessage()).contains("is already in progress")) {
            LOG.warn("could not remove helper container {}: {}", helper, e.getMessage());
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
