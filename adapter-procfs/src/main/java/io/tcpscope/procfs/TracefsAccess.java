package io.tcpscope.procfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether this process can make tracing instances of its own under a tracefs, and, when it is root
 * and tracefs is not mounted where it should be, mounts it.
 */
final class TracefsAccess {

    /** The tracepoints a subscription enables, as {@code <system>/<event>}. */
    static final List<String> EVENTS = List.of("sock/inet_sock_set_state", "sock/inet_sk_error_report",
            "tcp/tcp_receive_reset", "tcp/tcp_retransmit_skb", "tcp/tcp_destroy_sock");

    private static final long MOUNT_SECONDS = 10;

    private final Path root;
    private final boolean mayMount;

    /**
     * Why a tracefs cannot be used.
     *
     * @param reason one line: what is wrong and what to do
     * @param permission whether it is a matter of privilege
     */
    record Unusable(String reason, boolean permission) {
    }

    TracefsAccess(Path root, boolean mayMount) {
        this.root = root;
        this.mayMount = mayMount;
    }

    /** {@return whether it mounts tracefs when it is missing and this process is root} */
    boolean mayMount() {
        return mayMount;
    }

    /** {@return why it cannot be used, or empty when it can} */
    synchronized Optional<Unusable> check() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return unusable("the kernel's TCP events are read from Linux's tracefs, and this is " + os
                    + "; run on Linux, or inspect by polling instead", false);
        }
        long uid = effectiveUid();
        if (!Files.isDirectory(root.resolve("instances")) && uid == 0 && mayMount) {
            mount();
        }
        if (!Files.isDirectory(root.resolve("instances"))) {
            if (uid != 0 && !Files.isReadable(root)) {
                return unusable("this process (uid " + uid + ") may not read " + root
                        + "; run as root, or mount tracefs with gid= a group of this user", true);
            }
            if (Files.exists(root.resolve("trace"))) {
                return unusable("the tracefs at " + root + " has no instances/ directory (Linux 3.14 or later has);"
                        + " upgrade the kernel, or inspect by polling instead", false);
            }
            return unusable("tracefs is not mounted at " + root + "; mount it as root: mount -t tracefs nodev " + root,
                    uid != 0);
        }
        Path instances = root.resolve("instances");
        if (!Files.isWritable(instances) || !Files.isReadable(instances)) {
            return unusable("this process (uid " + uid + ") may not create tracing instances in " + instances
                    + "; run as root, or mount tracefs with gid= a group of this user", true);
        }
        for (String event : EVENTS) {
            if (!Files.isDirectory(root.resolve("events").resolve(event))) {
                return unusable("this kernel has no tracepoint " + event + " in " + root.resolve("events")
                        + " (the five TCP tracepoints need Linux 5.15 or later); upgrade the kernel, or inspect by polling instead",
                        false);
            }
        }
        return Optional.empty();
    }

    private void mount() {
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tracefs", "nodev", root.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!mount.waitFor(MOUNT_SECONDS, TimeUnit.SECONDS)) {
                mount.destroyForcibly();
            }
        } catch (IOException e) {
            // no mount(8) here: the check that follows says tracefs is not mounted, and how to mount it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@return this process's effective uid, as {@code /proc/self/status} gives it; -1 if unknown} */
    static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a /proc we cannot read: unknown
        }
        return -1;
    }

    private static Optional<Unusable> unusable(String reason, boolean permission) {
        return Optional.of(new Unusable(reason, permission));
    }
}
