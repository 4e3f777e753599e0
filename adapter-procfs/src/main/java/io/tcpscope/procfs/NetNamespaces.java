package io.tcpscope.procfs;

import io.tcpscope.core.HostProcess;
import io.tcpscope.core.NamespaceOwner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whose network namespace a container's process is in, told by the namespace's identity, the
 * inode that {@code /proc/<pid>/ns/net} links to ({@code net:[4026531833]}):
 * <ul>
 *   <li>the host's ({@code --network host}) when it is PID 1's: where a container's PID checks out
 *       ({@link ContainerEvidence}), the proc root shows the engine's PID namespace, whose PID 1 is in
 *       the namespace the engine calls the host's;</li>
 *   <li>another container's ({@code --network container:X}) when a process that started before the
 *       container's, and is not the container's, is in it: a container that has a namespace of its
 *       own is the first process in it, while one that joins a namespace can only start after the
 *       namespace's owner. The owner is named by its short id, the name {@code /proc} knows it by;</li>
 *   <li>the host's too when that earlier process is no container's (rootless Docker's
 *       {@code --network host} is the namespace of the engine's own processes, not PID 1's).</li>
 * </ul>
 * Reading {@code ns/net} needs the access a debugger would have (root, the process's own user, or
 * {@code CAP_SYS_PTRACE}). A reader without it still tells the host's namespace, by a socket that
 * the container's {@code net/unix} and PID 1's both list ({@link #sharesSockets(long, long)}: those
 * any user may read); another container's it cannot tell, and the answer is "its own".
 * The scan over {@code /proc} costs one link read per process, made once per process a container
 * reference resolves to.
 *
 * <p>Thread-safe: stateless but for its proc root.
 */
final class NetNamespaces {

    /** How many sockets of a listing are compared at most: a bound on memory and time, far above what a host has. */
    private static final long MAX_SOCKETS = 1_000_000;

    private final Path procRoot;
    private final ContainerEvidence evidence;

    NetNamespaces(Path procRoot, ContainerEvidence evidence) {
        this.procRoot = procRoot;
        this.evidence = evidence;
    }

    /**
     * Whose namespace the process is in, if not its container's own.
     *
     * @param process the container's process, checked to be the container's
     * @param startTime its start time, or -1 if unknown, when only the host's namespace is told
     * @return the owner, or {@code null} if the namespace is the container's own, or it cannot be told
     */
    NamespaceOwner ownerOf(HostProcess process, long startTime) {
        String namespace = namespaceOf(process.pid());
        if (namespace == null) {
            return process.pid() != 1 && sharesSockets(process.pid(), 1) ? NamespaceOwner.host() : null;
        }
        if (process.pid() != 1 && namespace.equals(namespaceOf(1))) {
            return NamespaceOwner.host();
        }
        if (process.containerId() == null || startTime < 0) {
            return null;
        }
        long first = firstOtherIn(namespace, process, startTime);
        if (first < 0) {
            return null;
        }
        String owner = evidence.containerIdOf(first);
        return owner == null ? NamespaceOwner.host() : NamespaceOwner.container(owner.substring(0, 12));
    }

    /** The earliest process in the namespace that started before the container's and is not the container's; -1 if none. */
    private long firstOtherIn(String namespace, HostProcess process, long startTime) {
        long first = -1;
        long firstStart = startTime;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(procRoot, "[1-9]*")) {
            for (Path dir : all) {
                String name = dir.getFileName().toString();
                if (!name.matches("[1-9][0-9]{0,17}")) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == process.pid() || !namespace.equals(namespaceOf(pid))) {
                    continue;
                }
                long start = KnownProcesses.startTime(procRoot, pid);
                if (start < 0 || start >= firstStart || belongs(pid, process.containerId())) {
                    continue;
                }
                first = pid;
                firstStart = start;
            }
        } catch (IOException | DirectoryIteratorException e) {
            return -1; // the proc root cannot be listed: nothing is told
        }
        return first;
    }

    private boolean belongs(long pid, String containerId) {
        try {
            return evidence.belongs(pid, containerId);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether two processes' namespaces list a socket in common, in {@code net/unix}, which any user
     * may read: a socket is in one namespace only, so a socket in both listings makes them one
     * namespace. The host's always holds some (the engine's own API socket, for one); a namespace of
     * its own holds only its processes'. What cannot be read shares nothing.
     */
    boolean sharesSockets(long pid, long other) {
        Set<String> sockets = new HashSet<>();
        try (Stream<String> lines = Files.lines(unix(pid), StandardCharsets.US_ASCII)) {
            lines.map(NetNamespaces::inodeOf).filter(Objects::nonNull).limit(MAX_SOCKETS).forEach(sockets::add);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return false;
        }
        if (sockets.isEmpty()) {
            return false;
        }
        try (Stream<String> lines = Files.lines(unix(other), StandardCharsets.US_ASCII)) {
            return lines.map(NetNamespaces::inodeOf).filter(Objects::nonNull).limit(MAX_SOCKETS).anyMatch(sockets::contains);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return false;
        }
    }

    private Path unix(long pid) {
        return procRoot.resolve(Long.toString(pid)).resolve("net").resolve("unix");
    }

    /**
     * The inode of a {@code net/unix} row, field 7 ({@code Num RefCount Protocol Flags Type St Inode
     * Path}); {@code null} for the header, a row without one, or inode 0.
     */
    static String inodeOf(String row) {
        String[] fields = row.trim().split(" +");
        if (fields.length < 7 || !fields[0].endsWith(":") || !fields[6].matches("[1-9][0-9]{0,19}")) {
            return null;
        }
        return fields[6];
    }

    /** The namespace's identity, such as {@code net:[4026531833]}; {@code null} if it cannot be read. */
    String namespaceOf(long pid) {
        try {
            return Files.readSymbolicLink(procRoot.resolve(Long.toString(pid)).resolve("ns").resolve("net")).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
