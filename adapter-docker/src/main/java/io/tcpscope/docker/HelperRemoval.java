package io.tcpscope.docker;

import com.github.dockerjava.api.model.Container;
import io.tcpscope.core.EngineUnavailableException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Removes an engine's helper containers, the sidecar's and the engine-procfs reader's, quietly and
 * each call within the response timeout.
 *
 * <p>One by its id, even for a caller whose interrupt flag is set: the flag is cleared for the call
 * and set again after it, since an engine call from an interrupted thread is given up at once.
 *
 * <p>And one whose create failed without an answer from the engine (a stall, a cut connection, an
 * interrupted caller), by the label that is its alone ({@link #HELPER_LABEL}, a random value given
 * at create, with its owner's label): the request may have reached the engine, which may create the
 * helper after tcpscope gave up on the call. It is looked for at once and then, on a daemon thread,
 * for {@value #LOOK_FOR} response timeouts more; once found it is removed and the looking ends. The
 * engine's clients are closed only once every such look is over ({@link #closeWhenIdle}), so that a
 * closed engine still removes what it may have left.
 *
 * <p>Thread-safe.
 */
final class HelperRemoval {

    /** The label whose value tells one helper from every other, this JVM's own included. */
    static final String HELPER_LABEL = SidecarImage.LABEL + ".helper";
    /** How many response timeouts a helper whose create failed is looked for. */
    static final int LOOK_FOR = 2;
    private static final Duration MIN_STEP = Duration.ofMillis(100);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DockerEngine engine;
    /** Guards the fields below. */
    private final Object lock = new Object();
    private int looking;
    private Runnable onIdle;

    HelperRemoval(DockerEngine engine) {
        this.engine = engine;
    }

    /** A value of {@link #HELPER_LABEL} for a helper about to be created. */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Removes a helper by force, even for an interrupted caller, whose interrupt flag is kept.
     *
     * @param what the helper, in words, for the call's name: {@code a sidecar helper}
     * @return the failure, or {@code null} if it was removed
     */
    RuntimeException remove(String container, String what) {
        boolean interrupted = Thread.interrupted();
        try {
            engine.call("remove " + what + " " + container, c -> c.removeContainerCmd(container).withForce(true).exec());
            return null;
        } catch (RuntimeException e) {
            return e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * After a helper's create failed: if the engine did not answer it (the failure is an
     * {@link EngineUnavailableException}), the helper labelled {@code helperId} is looked for, and
     * removed, on a daemon thread; an engine that answered created nothing.
     *
     * @param failure the create's failure, as translated
     */
    void afterFailedCreate(String helperId, String what, RuntimeException failure) {
        if (!(failure instanceof EngineUnavailableException)) {
            return;
        }
        synchronized (lock) {
            looking++;
        }
        Thread thread = new Thread(() -> lookFor(helperId, what), "tcpscope-helper-removal-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code close} once no helper is being looked for: now, or when the last look ends. */
    void closeWhenIdle(Runnable close) {
        synchronized (lock) {
            if (looking > 0) {
                onIdle = close;
                return;
            }
        }
        close.run();
    }

    /** Whether a helper whose create failed is being looked for now, for tests. */
    boolean isLooking() {
        synchronized (lock) {
            return looking > 0;
        }
    }

    private void lookFor(String helperId, String what) {
        try {
            Duration bound = engine.responseTimeout();
            long deadline = System.nanoTime() + bound.multipliedBy(LOOK_FOR).toNanos();
            long step = Math.max(MIN_STEP.toNanos(), bound.toNanos() / 4);
            while (!removeLabelled(helperId, what)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return; // not created, or not yet: tcpscope's sweep of its helpers has the last word
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(step, left));
            }
        } catch (InterruptedException e) {
            // nothing waits for this thread: it ends
        } finally {
            done();
        }
    }

    /** Whether the helper was found and removed; {@code false} if not there (yet), or the engine did not answer. */
    private boolean removeLabelled(String helperId, String what) {
        try {
            List<Container> found = engine.call("list " + what + " " + helperId, c -> c.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(ContainerRuntime.OWNER_LABEL, Owner.self().label(), HELPER_LABEL, helperId))
                    .exec());
            boolean removed = !found.isEmpty();
            for (Container c : found) {
                RuntimeException failure = remove(c.getId(), what);
                removed &= failure == null || DockerEngine.isNoSuchContainer(failure);
            }
            return removed;
        } catch (RuntimeException e) {
            return false; // the engine did not answer the list: looked for again, while there is time
        }
    }

    private void done() {
        Runnable close = null;
        synchronized (lock) {
            looking--;
            if (looking == 0) {
                close = onIdle;
                onIdle = null;
            }
        }
        if (close != null) {
            close.run();
        }
    }
}
