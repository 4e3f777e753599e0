package io.tcpscope.testkit;

import io.tcpscope.docker.TestEngine;
import io.tcpscope.docker.DockerEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a leak would show: the JVM's live threads and open file descriptors, and the exec
 * sessions the engine still holds for some containers.
 *
 * @param threads live threads of this JVM
 * @param fds open file descriptors of this JVM
 */
record Resources(int threads, long fds) {

    static Resources now() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return new Resources(ManagementFactory.getThreadMXBean().getThreadCount(), fds.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Throws, naming both, if this JVM holds more threads or file descriptors than at {@code baseline}.
     *
     * @return what was measured, at or under the baseline
     */
    static Resources assertBackTo(Resources baseline) {
        Resources now = now();
        if (now.threads > baseline.threads || now.fds > baseline.fds) {
            throw new AssertionError("baseline " + baseline + ", now " + now + "\n" + describe());
        }
        return now;
    }

    private static String describe() {
        StringBuilder out = new StringBuilder("threads:");
        Thread.getAllStackTraces().keySet().forEach(t -> out.append("\n  ").append(t.getName()));
        out.append("\nfds:");
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    out.append("\n  ").append(fd.getFileName()).append(" -> ").append(Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    out.append("\n  ").append(fd.getFileName()).append(" (closed)");
                }
            });
        } catch (IOException e) {
            out.append(' ').append(e.getMessage());
        }
        return out.toString();
    }

    /** The exec sessions the engine lists for the containers, running or not yet cleaned up. */
    static List<String> execSessions(DockerEngine engine, Collection<String> containers) {
        return containers.stream()
                .flatMap(c -> {
                    List<String> ids = TestEngine.clientOf(engine).inspectContainerCmd(c).exec().getExecIds();
                    return ids == null ? Stream.empty() : ids.stream().map(id -> c + ":" + id);
                })
                .toList();
    }

    @Override
    public String toString() {
        return threads + " threads, " + fds + " fds";
    }
}
