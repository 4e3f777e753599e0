package io.tcpscope.procfs;

import io.tcpscope.core.ConnectionInspector;
import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.OutputLimitExceededException;
import io.tcpscope.core.PermissionDeniedException;
import io.tcpscope.core.SharedNamespaceException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.parse.InterfaceAddresses;
import io.tcpscope.core.spi.SharedNamespacePolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * // settings: where /proc is, the cap on a table, and whether shared namespaces are read
 * ProcfsInspector.builder(pids).withProcRoot(Path.of("/host/proc")).withOutputLimit(256L << 20)
 *         .withSharedNamespaces().build();
 * }</pre>
 *
 * <p>The resolver is asked once per container reference, not at every read: the process it gave
 * is remembered (for 1,024 references at most) and trusted while {@code /proc} shows it is still the
 * same process of the same container, its {@code cgroup} (or its parent's command line) naming the container's id and its
 * {@code stat} giving the start time it had, checked before and after each read. A container that
 * stopped, restarted or was removed, or a PID that names another process now, fails that check, and
 * the resolver is asked again, whose answer gives the error or the container's new process (one
 * restarted while it was read is read again at its new PID). A paused container is read when the
 * resolver gives its PID, as the Docker adapter's does: its processes are frozen, and the kernel
 * still serves its tables.
 *
 * <p>Privileges: the engine's host PID namespace must be the reader's (a local engine), and the
 * reader must be allowed into {@code /proc/<pid>/net}. Mainline kernels let any user read it; a
 * {@code /proc} mounted with {@code hidepid}, or an LSM policy, may require root, the container
 * process's user, or {@code CAP_SYS_PTRACE}; under {@code hidepid} the error names it.
 *
 * <p>A container without a network namespace of its own, in the host's ({@code --network host}) or
 * another container's ({@code --network container:X}), is told by the namespace's identity
 * ({@code /proc/<pid>/ns/net}, which needs the same access as a debugger's: root, in practice; a
 * reader without it still tells the host's, by a socket that both namespaces' {@code net/unix}
 * list, but not another container's) and
 * refused with a {@link SharedNamespaceException}, unless the inspector was built to read shared
 * namespaces ({@link Builder#withSharedNamespaces()}). Each table is read whole, up to a cap
 * ({@link #DEFAULT_OUTPUT_LIMIT} unless set), past which the read fails with an
 * {@link OutputLimitExceededException}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class ProcfsInspector implements ConnectionInspector {

    /** The usual proc root. */
    public static final Path PROC = Path.of("/proc");

    /**
     * The most bytes a table may hold unless the builder sets another cap: 64 MiB, some 400,000
     * sockets' rows.
     *
     * @since 0.2.0
     */
    public static final long DEFAULT_OUTPUT_LIMIT = 64L * 1024 * 1024;

    private final HostPidResolver pids;
    private final Path procRoot;
    private final ProcTables tables;
    private final ContainerReads reads;

    /**
     * An inspector of containers, reading the host's {@code /proc}; it refuses shared namespaces.
     *
     * @param pids gives each container's host PID
     */
    public ProcfsInspector(HostPidResolver pids) {
        this(pids, PROC);
    }

    /**
     * An inspector of containers, reading a {@code /proc} mounted elsewhere; it refuses shared namespaces.
     *
     * @param pids gives each container's host PID
     * @param procRoot where the host's {@code /proc} is mounted, such as {@code /host/proc}
     */
    public ProcfsInspector(HostPidResolver pids, Path procRoot) {
        this(pids, procRoot, SharedNamespacePolicy.DEFAULT, DEFAULT_OUTPUT_LIMIT);
    }

    private ProcfsInspector(HostPidResolver pids, Path procRoot, SharedNamespacePolicy policy, long outputLimit) {
        this.pids = Objects.requireNonNull(pids, "pids must not be null");
        this.procRoot = Objects.requireNonNull(procRoot, "procRoot must not be null");
        this.tables = new ProcTables(procRoot, outputLimit);
        this.reads = new ContainerReads(pids, procRoot, tables, Objects.requireNonNull(policy, "policy must not be null"));
    }

    /**
     * Starts describing an inspector of containers: by default it reads {@link #PROC}, caps each
     * table at {@link #DEFAULT_OUTPUT_LIMIT} and refuses shared namespaces.
     *
     * <pre>{@code
     * ConnectionInspector procfs = ProcfsInspector.builder(engine.hostPids())
     *         .withSharedNamespaces(SharedNamespacePolicy.refuse("--shared-namespaces"))
     *         .build();
     * }</pre>
     *
     * @param pids gives each container's host PID
     * @return a new builder
     * @since 0.2.0
     */
    public static Builder builder(HostPidResolver pids) {
        return new Builder(pids);
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
     * @throws PermissionDeniedException if the kernel refuses the read, or {@code /proc} hides the process
     * @throws SharedNamespaceException if the container shares the host's or another container's
     *     network namespace and this inspector refuses shared namespaces
     * @throws OutputLimitExceededException if a table holds more than the cap
     * @throws InspectionFailedException if this machine has no Linux {@code /proc}
     */
    @Override
    public List<TcpConnection> connections(String container) {
        return reads.read(container, process -> tables.connections(process.pid(), container));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Told by the namespace's identity, {@code /proc/<pid>/ns/net}: the host's when it is PID 1's;
     * another container's, named by its short id, when that container's process was in it first.
     * A reader not allowed to read {@code ns/net} (not root, nor the process's user) cannot tell,
     * and the answer is empty.
     *
     * @since 0.2.0
     */
    @Override
    public Optional<NamespaceOwner> sharedNamespace(String container) {
        return reads.owner(container);
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
     * @throws SharedNamespaceException if the namespace is another's and this inspector refuses shared namespaces
     */
    public NamespaceAddresses addresses(String container) {
        return reads.read(container, process -> {
            Path net = tables.net(process.pid());
            String fibTrie = tables.text(net.resolve("fib_trie"), container, false);
            String ifInet6 = tables.text(net.resolve("if_inet6"), container, true);
            return new NamespaceAddresses(process.containerId(), InterfaceAddresses.parse(fibTrie, ifInet6));
        });
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
        return tables.connections(pid, "pid " + pid);
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
        String who = ProcTables.LOCAL;
        Path self = procRoot.resolve("self");
        String target;
        try {
            target = Files.readSymbolicLink(self).toString();
        } catch (NoSuchFileException | NotLinkException e) {
            throw tables.missing(self, who);
        } catch (IOException e) {
            throw tables.failure(self, who, e);
        }
        if (!target.matches("[1-9][0-9]{0,17}")) {
            throw ProcTables.failed(who, self + " names '" + target + "', not a PID;"
                    + " is " + procRoot + " a Linux /proc?");
        }
        return tables.connections(Long.parseLong(target), who);
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
                    && new ContainerEvidence(procRoot).belongs(process.pid(), process.containerId());
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

    @Override
    public String toString() {
        return "ProcfsInspector[" + procRoot + "]";
    }

    /**
     * How a {@link ProcfsInspector} of containers is set up: where {@code /proc} is, the cap on each
     * table, and whether containers in shared network namespaces are read.
     *
     * <pre>{@code
     * ProcfsInspector procfs = ProcfsInspector.builder(pids)
     *         .withProcRoot(Path.of("/host/proc"))
     *         .withOutputLimit(256L * 1024 * 1024)
     *         .withSharedNamespaces()
     *         .build();
     * }</pre>
     *
     * <p>Not thread-safe; the inspector it builds is.
     *
     * @since 0.2.0
     */
    public static final class Builder {

        private final HostPidResolver pids;
        private Path procRoot = PROC;
        private long outputLimit = DEFAULT_OUTPUT_LIMIT;
        private SharedNamespacePolicy policy = SharedNamespacePolicy.DEFAULT;

        private Builder(HostPidResolver pids) {
            this.pids = Objects.requireNonNull(pids, "pids must not be null");
        }

        /**
         * Reads a {@code /proc} mounted elsewhere.
         *
         * @param procRoot where the host's {@code /proc} is mounted, such as {@code /host/proc}
         * @return this builder
         */
        public Builder withProcRoot(Path procRoot) {
            this.procRoot = Objects.requireNonNull(procRoot, "procRoot must not be null");
            return this;
        }

        /**
         * Caps each table read: a larger one fails with an {@link OutputLimitExceededException}
         * instead of filling the heap.
         *
         * @param bytes the most bytes one table may hold, from 1 to 1 GiB; {@link #DEFAULT_OUTPUT_LIMIT} by default
         * @return this builder
         * @throws IllegalArgumentException if the cap is not from 1 byte to 1 GiB
         */
        public Builder withOutputLimit(long bytes) {
            if (bytes < 1 || bytes > TableReader.MAX_LIMIT) {
                throw new IllegalArgumentException("the output limit is from 1 to " + TableReader.MAX_LIMIT
                        + " bytes, not " + bytes);
            }
            this.outputLimit = bytes;
            return this;
        }

        /**
         * Reads containers in the host's or another container's network namespace, whose tables
         * are their owner's: {@link ProcfsInspector#sharedNamespace(String)} says whose.
         *
         * @return this builder
         */
        public Builder withSharedNamespaces() {
            return withSharedNamespaces(SharedNamespacePolicy.read());
        }

        /**
         * Reads or refuses containers in shared network namespaces, as the policy says; a policy
         * that refuses names its way in, such as a command's flag, in the refusal.
         *
         * @param policy the policy; {@link SharedNamespacePolicy#DEFAULT} by default
         * @return this builder
         */
        public Builder withSharedNamespaces(SharedNamespacePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy must not be null");
            return this;
        }

        /**
         * Builds the inspector.
         *
         * @return the inspector
         */
        public ProcfsInspector build() {
            return new ProcfsInspector(pids, procRoot, policy, outputLimit);
        }
    }
}
