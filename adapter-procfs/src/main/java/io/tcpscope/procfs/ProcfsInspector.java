package io.tcpscope.procfs;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.PermissionDeniedException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.parse.InterfaceAddresses;
import io.tcpscope.core.parse.ListingParser;
import io.tcpscope.core.parse.ProcNetTcpParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads a network namespace's TCP table straight from the kernel, at
 * {@code <procRoot>/<pid>/net/tcp} and {@code tcp6}: no command runs in the container, so it works
 * on images without any tool, and it costs a file read instead of an exec.
 *
 * <p>For a container, the PID comes from a {@link HostPidResolver} (the Docker adapter implements
 * it); this module itself never talks to an engine. {@link #local()} reads this machine's own
 * namespace with no Docker at all.
 *
 * <pre>{@code
 * ConnectionInspector procfs = new ProcfsInspector(dockerEngine.hostPids());   // any HostPidResolver
 * List<TcpConnection> node = procfs.connections("node-a");
 * List<TcpConnection> mine = ProcfsInspector.local().localConnections();
 * // tests that run in a container with the host's /proc mounted at /host/proc:
 * new ProcfsInspector(pids, Path.of("/host/proc"));
 * }</pre>
 *
 * <p>The resolver is asked once per container reference, not at every read: the process it gave
 * is remembered (for 1,024 references at most) and trusted while {@code /proc} shows it is still the
 * same process of the same container, its {@code cgroup} (or its parent's command line) naming the container's id and its
 * {@code stat} giving the start time it had, checked before and after each read. A container that
 * stopped, restarted or was removed, or a PID that names another process now, fails that check, and
 * the resolver is asked again, whose answer gives the error. A paused container is read when the
 * resolver gives its PID, as the Docker adapter's does: its processes are frozen, and the kernel
 * still serves its tables.
 *
 * <p>Privileges: the engine's host PID namespace must be the reader's (a local engine), and the
 * reader must be allowed into {@code /proc/<pid>/net}. Mainline kernels let any user read it; a
 * {@code /proc} mounted with {@code hidepid}, or an LSM policy, may require root, the container
 * process's user, or {@code CAP_SYS_PTRACE}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class ProcfsInspector implements ConnectionInspector {

    /** The usual proc root. */
    public static final Path PROC = Path.of("/proc");

    /** How messages name this process's own namespace, which is not a container. */
    private static final String LOCAL = "this process's network namespace";

    /** How often a read asks the resolver when the process changes under each read. */
    private static final int ATTEMPTS = 3;

    private static final String PRIVILEGE = "run as root, as the user of the container's process,"
            + " or with CAP_SYS_PTRACE, or inspect through the Docker exec mode";

    private final HostPidResolver pids;
    private final Path procRoot;
    private final ListingParser parser = new ProcNetTcpParser();
    private final TableReader reader = new TableReader();
    private final KnownProcesses processes;
    private final ContainerEvidence evidence;

    /**
     * An inspector of containers, reading the host's {@code /proc}.
     *
     * @param pids gives each container's host PID
     */
    public ProcfsInspector(HostPidResolver pids) {
        this(pids, PROC);
    }

    /**
     * An inspector of containers, reading a {@code /proc} mounted elsewhere.
     *
     * @param pids gives each container's host PID
     * @param procRoot where the host's {@code /proc} is mounted, such as {@code /host/proc}
     */
    public ProcfsInspector(HostPidResolver pids, Path procRoot) {
        this.pids = Objects.requireNonNull(pids, "pids must not be null");
        this.procRoot = Objects.requireNonNull(procRoot, "procRoot must not be null");
        this.processes = new KnownProcesses(procRoot);
        this.evidence = new ContainerEvidence(procRoot);
    }

    /**
     * An inspector of this machine's own network namespace, through the tables of the PID that
     * {@code /proc/self} names. It inspects no container: {@link #connections(String)} refuses
     * every reference.
     *
     * @return the inspector
     */
    public static ProcfsInspector local() {
        return new ProcfsInspector(container -> {
            throw new IllegalArgumentException("this inspector reads the local namespace only; use localConnections()");
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws PermissionDeniedException if the kernel refuses the read
     * @throws InspectionFailedException if this machine has no Linux {@code /proc}
     */
    @Override
    public List<TcpConnection> connections(String container) {
        return checked(container, process -> read(process.pid(), container));
    }

    /**
     * The addresses of a container's network namespace as its kernel holds them, from
     * {@code /proc/<pid>/net/fib_trie} and {@code if_inet6}, with no engine call once the container's
     * process is known: every interface address but loopback and link-local ones. An engine reports
     * the same addresses per network; a caller that compares the two learns whether the engine's
     * answer still holds without asking it again.
     *
     * @param container a container reference
     * @return the addresses, with the id of the container whose process held them
     * @throws ContainerUnavailableException if the container does not run
     * @throws PermissionDeniedException if the kernel refuses the read
     */
    public NamespaceAddresses addresses(String container) {
        return checked(container, process -> {
            Path net = procRoot.resolve(Long.toString(process.pid())).resolve("net");
            String fibTrie = text(net.resolve("fib_trie"), container, false);
            String ifInet6 = text(net.resolve("if_inet6"), container, true);
            return new NamespaceAddresses(process.containerId(), InterfaceAddresses.parse(fibTrie, ifInet6));
        });
    }

    /**
     * Reads what {@code read} reads of the container's process: the one remembered, if {@code /proc}
     * shows it is the container's both before and after the read; else the one the resolver gives.
     */
    private <T> T checked(String container, Function<HostProcess, T> read) {
        Objects.requireNonNull(container, "container must not be null");
        KnownProcesses.Known known = processes.get(container);
        if (known != null) {
            T result = readKnown(known, read);
            if (result != null) {
                return result;
            }
            processes.forget(container, known); // stopped, restarted, removed or replaced: the resolver says which
        }
        for (int attempt = 1; ; attempt++) {
            // References are opaque here: the resolver knows its engine's grammar and refuses what is not.
            HostProcess process = pids.hostProcess(container);
            if (process.containerId() == null) {
                return read.apply(process); // nothing here says whose the PID is: read it as given
            }
            checkOwner(container, process);
            KnownProcesses.Known fresh = processes.identify(process);
            T result = read.apply(process);
            if (fresh == null) {
                return result; // no start time to tell the process by, so nothing to remember it by
            }
            if (processes.stillShows(fresh)) {
                processes.remember(container, fresh);
                return result;
            }
            // The process ended or changed while it was read: what was read may be another's.
            if (attempt == ATTEMPTS) {
                throw new ContainerUnavailableException(container, null, process.containerId(),
                        ContainerUnavailableException.Condition.RESTARTING);
            }
        }
    }

    /** What {@code read} reads of a remembered process, if {@code /proc} shows it before and after; else {@code null}. */
    private <T> T readKnown(KnownProcesses.Known known, Function<HostProcess, T> read) {
        if (!processes.stillShows(known)) {
            return null;
        }
        T result;
        try {
            result = read.apply(known.process());
        } catch (TcpscopeException e) {
            return null; // asked again through the resolver, whose answer gives the error to give
        }
        return processes.stillShows(known) ? result : null;
    }

    /**
     * Makes sure the PID is the container's process on this machine: its cgroup, or its parent's
     * command line, names the container's id ({@link ContainerEvidence}). A remote engine's PID is a
     * number of another machine's; here it is some other process, or none.
     */
    private void checkOwner(String container, HostProcess process) {
        Path cgroup = procRoot.resolve(Long.toString(process.pid())).resolve("cgroup");
        boolean belongs;
        try {
            belongs = evidence.belongs(process.pid(), process.containerId());
        } catch (NoSuchFileException e) {
            if (!pids.hostProcess(container).equals(process)) {
                return; // it stopped or restarted meanwhile: the read says so
            }
            belongs = false; // the engine still says it runs as that PID, which this machine does not have
        } catch (IOException e) {
            throw failure(cgroup, container, e);
        }
        if (!belongs) {
            throw failed(container, "the engine gives PID " + process.pid() + " for it, which is not the container's"
                    + " process on this machine: the engine runs elsewhere (a remote DOCKER_HOST, Docker Desktop's"
                    + " virtual machine, another PID namespace), so procfs cannot read its containers;"
                    + " use the exec or sidecar mode, or AUTO");
        }
    }

    /**
     * The connections of the network namespace of a process.
     *
     * @param pid a PID in the namespace of {@link #procRoot()}, greater than 0
     * @return the connections; unmodifiable
     * @throws ContainerUnavailableException if the process no longer exists
     * @throws PermissionDeniedException if the kernel refuses the read
     */
    public List<TcpConnection> connectionsOfPid(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("a PID is greater than 0, not " + pid);
        }
        return read(pid, "pid " + pid);
    }

    /**
     * The connections of this process's own network namespace: {@code <procRoot>/self} names
     * this process's PID, and that PID's tables are read.
     *
     * @return the connections; unmodifiable
     * @throws PermissionDeniedException if the kernel refuses the read
     * @throws InspectionFailedException if this machine has no Linux {@code /proc}
     */
    public List<TcpConnection> localConnections() {
        String who = LOCAL;
        Path self = procRoot.resolve("self");
        String target;
        try {
            target = Files.readSymbolicLink(self).toString();
        } catch (NoSuchFileException | NotLinkException e) {
            throw missing(self, who);
        } catch (IOException e) {
            throw failure(self, who, e);
        }
        if (!target.matches("[1-9][0-9]{0,17}")) {
            throw failed(who, self + " names '" + target + "', not a PID;"
                    + " is " + procRoot + " a Linux /proc?");
        }
        return read(Long.parseLong(target), who);
    }

    /**
     * Whether this machine can read the container's table: its PID exists under the proc root, its
     * table there is readable, and the process's {@code cgroup}, or its parent's command line, names
     * the container's id, which no other process's does. Without that id (a resolver that gives none) it cannot be told, and the
     * answer is {@code false}: a remote engine's PIDs are numbers of processes on another machine.
     *
     * @param container a container reference
     * @return {@code true} if procfs reads this container's own table from here; never throws
     */
    public boolean reaches(String container) {
        HostProcess process;
        try {
            process = pids.hostProcess(container);
        } catch (RuntimeException e) {
            return false;
        }
        if (process.containerId() == null) {
            return false;
        }
        Path proc = procRoot.resolve(Long.toString(process.pid()));
        try {
            return Files.isReadable(proc.resolve("net").resolve("tcp"))
                    && evidence.belongs(process.pid(), process.containerId());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Where {@code /proc} is read.
     *
     * @return the proc root
     */
    public Path procRoot() {
        return procRoot;
    }

    private List<TcpConnection> read(long pid, String who) {
        // The only files ever opened: <procRoot>/<positive pid>/net/tcp, tcp6, fib_trie and if_inet6, never
        // through a symbolic link in their last step (TableReader), and the PID's cgroup and stat; so no
        // caller's text picks what is read.
        if (pid <= 0) {
            throw new IllegalStateException("a PID is positive, not " + pid);
        }
        Path net = procRoot.resolve(Long.toString(pid)).resolve("net");
        List<TcpConnection> table = new ArrayList<>(parse(net.resolve("tcp"), who, false));
        table.addAll(parse(net.resolve("tcp6"), who, true));
        return Collections.unmodifiableList(table);
    }

    /** A small text file of the kernel's, such as {@code fib_trie}; empty if optional and missing. */
    private String text(Path file, String who, boolean optional) {
        ByteBuffer bytes = bytes(file, who, optional);
        return bytes == null ? "" : StandardCharsets.US_ASCII.decode(bytes).toString();
    }

    private List<TcpConnection> parse(Path file, String who, boolean optional) {
        ByteBuffer bytes = bytes(file, who, optional);
        return bytes == null ? List.of() : parser.parse(bytes); // no tcp6: IPv6 off, the IPv4 rows are all
    }

    /** A file of the kernel's; {@code null} if optional and missing from a namespace that is there. */
    private ByteBuffer bytes(Path file, String who, boolean optional) {
        try {
            if (Files.isSymbolicLink(file)) {
                // the kernel's tables are files; a link can only be something put in their place
                throw failed(who, file
                        + " is a symbolic link; tcpscope reads only the kernel's own table files");
            }
            return reader.read(file);
        } catch (NoSuchFileException e) {
            if (optional && Files.isDirectory(file.getParent())) {
                return null; // IPv6 disabled in this namespace
            }
            throw missing(file, who);
        } catch (IOException e) {
            throw failure(file, who, e);
        }
    }

    private TcpscopeException missing(Path file, String who) {
        if (!isLinux()) {
            return failed(who, "procfs inspection needs Linux's /proc, and "
                    + System.getProperty("os.name") + " has none; use the Docker exec or sidecar mode");
        }
        if (!Files.isDirectory(procRoot.resolve("self"))) {
            return failed(who, procRoot + " is not a mounted /proc;"
                    + " mount the host's /proc there, or use the Docker exec or sidecar mode");
        }
        if (LOCAL.equals(who)) {
            // This process runs, so a missing table says something about the proc root, not about a container.
            return failed(who, file + " is missing; is " + procRoot
                    + " a Linux /proc with network namespaces?");
        }
        return new ContainerUnavailableException(who, null, null, ContainerUnavailableException.Condition.NOT_RUNNING);
    }

    /** Maps a failed read to tcpscope's exceptions. */
    static TcpscopeException failure(Path file, String who, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new PermissionDeniedException(file.toString(), PRIVILEGE, e);
        }
        InspectionFailedException failed = failed(who, "reading " + file
                + " failed: " + e.getMessage());
        failed.initCause(e);
        return failed;
    }

    /** A failure naming a container, or this process's namespace as what it is. */
    private static InspectionFailedException failed(String who, String advice) {
        return LOCAL.equals(who) ? InspectionFailedException.of(who, advice)
                : new InspectionFailedException(who, List.of(), advice);
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    @Override
    public String toString() {
        return "ProcfsInspector[" + procRoot + "]";
    }
}
