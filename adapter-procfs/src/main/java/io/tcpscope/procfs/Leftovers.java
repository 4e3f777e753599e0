package io.tcpscope.procfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Removes the tracing instances that processes which are gone left behind: a JVM that was killed
 * never closed its subscriptions, and each instance holds a ring buffer per CPU until removed.
 * An instance whose process is alive in another PID namespace cannot be told from a dead one's by
 * its PID; but while it is subscribed, its {@code trace_pipe} is open, and the kernel refuses to
 * remove it.
 */
final class Leftovers {

    private Leftovers() {
    }

    /**
     * Removes the instances whose process is not alive, best effort.
     *
     * @param instances {@code <tracefs>/instances}
     * @param proc where {@code /proc} is, to tell whether a PID is alive
     * @return how many were removed
     */
    static int sweep(Path instances, Path proc) {
        int removed = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(instances, InstanceName.PREFIX + "*")) {
            for (Path instance : all) {
                OptionalLong pid = InstanceName.pidOf(instance.getFileName().toString());
                if (pid.isPresent() && !Files.exists(proc.resolve(Long.toString(pid.getAsLong())))) {
                    removed += remove(instance) ? 1 : 0;
                }
            }
        } catch (IOException e) {
            // the sweep is a courtesy; the subscription's own instance is what matters
        }
        return removed;
    }

    private static boolean remove(Path instance) {
        try {
            Files.delete(instance);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
