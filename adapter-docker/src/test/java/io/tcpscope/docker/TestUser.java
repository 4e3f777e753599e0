package io.tcpscope.docker;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who this JVM runs as, for the tests that need root (nsenter, setpriv, a second dockerd) or need
 * not to be root (a rootless engine's user). It asks the kernel for the effective uid, not the
 * {@code user.name} property, which is only what the environment says the user is called (a root
 * shell with {@code USER} set, or a uid 0 named otherwise, would fool it). With {@code CI=true} a
 * missing privilege fails the test; elsewhere the test is skipped, saying why.
 */
public final class TestUser {

    private TestUser() {
    }

    /** {@return this process's effective uid: {@code /proc/self} belongs to it} */
    public static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return whether this process runs as uid 0} */
    public static boolean isRoot() {
        return uid() == 0;
    }

    /**
     * Ends the test unless this JVM runs as root: failed under {@code CI=true}, skipped elsewhere.
     *
     * @param test what needs root, and why, for the message
     */
    public static void requireRoot(String test) {
        if (!isRoot()) {
            unmet(test + " needs root, and this JVM runs as uid " + uid());
        }
    }

    /**
     * Ends the test if this JVM runs as root: failed under {@code CI=true}, skipped elsewhere.
     *
     * @param test what must not run as root, and why, for the message
     */
    public static void requireNotRoot(String test) {
        if (isRoot()) {
            unmet(test + " must not run as root, and this JVM runs as uid 0");
        }
    }

    private static void unmet(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so the test must run, but " + why);
        }
        Assumptions.abort(why);
    }
}
