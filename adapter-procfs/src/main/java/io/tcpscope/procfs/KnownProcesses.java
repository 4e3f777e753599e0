package io.tcpscope.procfs;

import io.tcpscope.core.HostProcess;
import io.tcpscope.core.NamespaceOwner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes that a resolver named for each container reference, remembered so that a read asks
 * the engine once, and not at every read. An entry is trusted only while {@code /proc} itself
 * vouches for it, which costs two small file reads and no engine call: the PID's
 * {@code cgroup} (or, where containers have none of their own, its parent's command line:
 * {@link ContainerEvidence}) still names the container's id, and its {@code stat} still gives the start time
 * (field 22) that it gave when the entry was made. A process that ended, whose PID now names another
 * process (another start time), or that belongs to another container (another cgroup) fails that
 * check, and the caller forgets the entry and asks the resolver again.
 *
 * <p>Only processes with a container id are remembered: without one, nothing on this machine says
 * whose a PID is. At most {@value #CAPACITY} references are remembered; past that the memory starts
 * afresh, since asking the engine again costs one call per reference and growing without end costs
 * more.
 *
 * <p>Thread-safe.
 */
final class KnownProcesses {

    /** The shortest reference remembered as an id: the length of the short id {@code docker ps} shows. */
    static final int SHORT_ID = 12;

    /** How many references are remembered at most. */
    static final int CAPACITY = 1024;

    /**
     * A process as it was when remembered.
     *
     * @param process the PID and the container's id, as the resolver gave them
     * @param startTime the process's start time, in clock ticks after boot, from its {@code stat}
     * @param owner whose network namespace it shares, or {@code null} if its own (or unknown)
     */
    record Known(HostProcess process, long startTime, NamespaceOwner owner) {

        /** A process not yet looked at for a shared namespace. */
        Known(HostProcess process, long startTime) {
            this(process, startTime, null);
        }

        /** The same process, in a namespace with this owner. */
        Known withOwner(NamespaceOwner shared) {
            return new Known(process, startTime, shared);
        }
    }

    private final Path procRoot;
    private final ContainerEvidence evidence;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    KnownProcesses(Path procRoot) {
        this.procRoot = procRoot;
        this.evidence = new ContainerEvidence(procRoot);
    }

    /** The process remembered for a reference, not yet checked; {@code null} if none. */
    Known get(String container) {
        return known.get(container);
    }

    /**
     * Identifies a process the resolver gave, to be remembered once its table is read.
     *
     * @return the process with its start time, or {@code null} if it has no container id, or its
     *     {@code stat} cannot be read (it ended)
     */
    Known identify(HostProcess process) {
        if (process.containerId() == null) {
            return null;
        }
        long start = startTime(process.pid());
        return start < 0 ? null : new Known(process, start);
    }

    /**
     * Whether {@code /proc} still shows the remembered process: the same start time at that PID, and
     * a cgroup, or a parent's command line, that names the container's id.
     */
    boolean stillShows(Known entry) {
        long pid = entry.process().pid();
        if (startTime(pid) != entry.startTime()) {
            return false;
        }
        try {
            return evidence.belongs(pid, entry.process().containerId());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Remembers a process that was checked and read, when the reference is the container's id or a
     * prefix of it as long as the short id {@code docker ps} shows (12 hex digits). A name is not
     * remembered: it can pass to another container (a rename, then a new container with the name),
     * whose process the remembered one is not; and a short name such as {@code cafe} or {@code 1} may
     * be a name that the container's id happens to start with.
     */
    void remember(String container, Known entry) {
        String id = entry.process().containerId();
        if (!io.tcpscope.core.spi.ContainerReferences.isIdOf(container, id, null)) { // no name here: the resolver gives none
            return;
        }
        if (known.size() >= CAPACITY && !known.containsKey(container)) {
            known.clear();
        }
        known.put(container, entry);
    }

    /** Forgets a reference's process, unless another thread has meanwhile remembered a newer one. */
    void forget(String container, Known entry) {
        known.remove(container, entry);
    }

    /** How many references are remembered. */
    int size() {
        return known.size();
    }

    /**
     * The start time of a process, field 22 of {@code /proc/<pid>/stat}, counted after the last
     * {@code )}: the command name, field 2, is in parentheses and may hold spaces and parentheses.
     *
     * @return the start time, or -1 if there is no such process or its {@code stat} is not as the kernel writes it
     */
    long startTime(long pid) {
        return startTime(procRoot, pid);
    }

    /** {@link #startTime(long)} under a proc root. */
    static long startTime(Path procRoot, long pid) {
        String stat;
        try {
            stat = Files.readString(procRoot.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return startTimeOf(stat);
    }

    /** Field 22 of a {@code stat} line; -1 if it has none. */
    static long startTimeOf(String stat) {
        int name = stat.lastIndexOf(')');
        if (name < 0) {
            return -1;
        }
        String[] fields = stat.substring(name + 1).trim().split(" +");
        // fields[0] is field 3 (the state), so field 22 is fields[19]
        if (fields.length < 20 || !fields[19].matches("[0-9]{1,18}")) {
            return -1;
        }
        return Long.parseLong(fields[19]);
    }
}
