package io.tcpscope.testkit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * A hook that closes a cluster at the JVM's exit (Ctrl-C included), from the moment its start
 * begins, so that an exit during a slow start (a pull, a build) removes what the start made.
 *
 * <pre>{@code
 * ExitHook hook = new ExitHook(id + "-cleanup", cluster::close);
 * hook.register();   // before the first container is created
 * hook.forget();     // once the cluster is closed, or its start failed
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ExitHook {

    private static final Logger LOG = LoggerFactory.getLogger(ExitHook.class);

    private final Thread thread;

    /**
     * A hook, not yet registered.
     *
     * @param name its thread's name
     * @param close what it runs at the JVM's exit
     */
    public ExitHook(String name, Runnable close) {
        this.thread = new Thread(Objects.requireNonNull(close, "close must not be null"), name);
    }

    /**
     * Registers it.
     *
     * @throws IllegalStateException if the JVM is exiting already
     * @throws IllegalArgumentException if it is registered already
     */
    public void register() {
        Runtime.getRuntime().addShutdownHook(thread);
    }

    /**
     * Unregisters it, if it is registered, unless it is the hook running now, or the JVM is exiting
     * already (then the hook's close returns at once).
     */
    public void forget() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException exiting) {
            LOG.debug("the JVM is exiting; its hooks remove what is left");
        }
    }

    /** {@return the hook's thread, the one the JVM runs at its exit} */
    public Thread thread() {
        return thread;
    }
}
