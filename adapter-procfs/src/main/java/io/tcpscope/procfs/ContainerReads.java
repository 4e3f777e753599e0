package io.tcpscope.procfs;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.NamespaceOwner;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.spi.SharedNamespacePolicy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads what a function reads of a container's process, making sure it is the container's
 * process on this machine before and after, and that the container has a network namespace of its
 * own unless the policy reads shared ones ({@link NetNamespaces}).
 *
 * <p>The process remembered for the reference ({@link KnownProcesses}) is read if {@code /proc}
 * shows it is still the container's; else the resolver is asked. A process that ends or changes
 * while it is read (the container stopped, restarted or was replaced) is asked about again: the
 * engine then says that the container stopped or is gone, or gives its new process, which is read.
 * One that keeps changing under each read, {@value #ATTEMPTS} times, is a container restarting.
 *
 * <p>Thread-safe.
 */
final class ContainerReads {

    /** How often a read asks the resolver when the process changes under each read. */
    static final int ATTEMPTS = 3;

    private final HostPidResolver pids;
    private final ProcTables tables;
    private final SharedNamespacePolicy policy;
    private final KnownProcesses processes;
    private final ContainerEvidence evidence;
    private final NetNamespaces namespaces;

    ContainerReads(HostPidResolver pids, Path procRoot, ProcTables tables, SharedNamespacePolicy policy) {
        this.pids = pids;
        this.tables = tables;
        this.policy = policy;
        this.processes = new KnownProcesses(procRoot);
        this.evidence = new ContainerEvidence(procRoot);
        this.namespaces = new NetNamespaces(procRoot, evidence);
    }

    /** The process ended, or is not there, between the engine's answer and the end of the read. */
    private static final class Vanished extends Exception {
        private static final long serialVersionUID = 1L;
        /** What the read found, if it got that far. */
        private final transient TcpscopeException read;
        /** Whether /proc showed the process as the container's before it vanished: then the engine is local. */
        private final boolean seen;

        Vanished(TcpscopeException read, boolean seen) {
            super(null, null, false, false);
            this.read = read;
            this.seen = seen;
        }
    }

    /**
     * What {@code read} reads of the container's process.
     *
     * @throws io.tcpscope.core.SharedNamespaceException if it shares a namespace the policy refuses
     */
    <T> T read(String container, Function<HostProcess, T> read) {
        return checked(container, true, (process, owner) -> read.apply(process));
    }

    /** Whose network namespace the container shares; empty if its own, or if that cannot be told. */
    Optional<NamespaceOwner> owner(String container) {
        return checked(container, false, (process, owner) -> Optional.ofNullable(owner));
    }

    private interface Reading<T> {
        T apply(HostProcess process, NamespaceOwner owner);
    }

    private <T> T checked(String container, boolean enforce, Reading<T> read) {
        Objects.requireNonNull(container, "container must not be null");
        KnownProcesses.Known known = processes.get(container);
        if (known != null) {
            if (processes.stillShows(known)) {
                if (enforce) {
                    policy.check(describe(container, known.process()), known.owner());
                }
                T result = readKnown(known, read);
                if (result != null) {
                    return result;
                }
            }
            processes.forget(container, known); // stopped, restarted, removed or replaced: the resolver says which
        }
        // References are opaque here: the resolver knows its engine's grammar and refuses what is not.
        HostProcess process = pids.hostProcess(container);
        boolean seen = false;
        for (int attempt = 1; ; attempt++) {
            try {
                return fresh(container, process, enforce, read, seen);
            } catch (Vanished e) {
                seen |= e.seen;
                HostProcess now = pids.hostProcess(container); // stopped or removed: the engine's answer is the error
                if (now.equals(process) && process.containerId() == null && e.read != null) {
                    throw e.read; // nothing here ever said the PID was the container's: what the read found stands
                }
                if (attempt == ATTEMPTS) {
                    throw new ContainerUnavailableException(container, null, process.containerId(),
                            ContainerUnavailableException.Condition.RESTARTING);
                }
                process = now;
            }
        }
    }

    /** A read of what a remembered process's table holds; {@code null} if it failed or the process changed. */
    private <T> T readKnown(KnownProcesses.Known known, Reading<T> read) {
        T result;
        try {
            result = read.apply(known.process(), known.owner());
        } catch (TcpscopeException e) {
            return null; // asked again through the resolver, whose answer gives the error to give
        }
        return processes.stillShows(known) ? result : null;
    }

    /**
     * A read of the process the resolver gave.
     *
     * @param seen whether an earlier attempt of this read saw the container's process here
     * @throws Vanished if the process is not there, or ended or changed while it was read
     */
    private <T> T fresh(String container, HostProcess process, boolean enforce, Reading<T> read, boolean seen)
            throws Vanished {
        if (process.containerId() == null) {
            NamespaceOwner owner = namespaces.ownerOf(process, -1);
            if (enforce) {
                policy.check(describe(container, process), owner);
            }
            return readOrVanish(process, owner, read, false); // nothing here says whose the PID is: read it as given
        }
        checkOwner(container, process, seen);
        KnownProcesses.Known identified = processes.identify(process);
        if (identified == null) {
            // no start time to tell the process by, so nothing to remember it by: read it as checked
            NamespaceOwner owner = namespaces.ownerOf(process, -1);
            if (enforce) {
                policy.check(describe(container, process), owner);
            }
            return readOrVanish(process, owner, read, true);
        }
        KnownProcesses.Known fresh = identified.withOwner(namespaces.ownerOf(process, identified.startTime()));
        if (enforce) {
            policy.check(describe(container, process), fresh.owner());
        }
        T result = readOrVanish(process, fresh.owner(), read, true);
        if (!processes.stillShows(fresh)) {
            throw new Vanished(null, true); // the process ended or changed while it was read: what was read may be another's
        }
        processes.remember(container, fresh);
        return result;
    }

    private static <T> T readOrVanish(HostProcess process, NamespaceOwner owner, Reading<T> read, boolean checked)
            throws Vanished {
        try {
            return read.apply(process, owner);
        } catch (ContainerUnavailableException e) {
            throw new Vanished(e, checked); // only a missing table gives this here: the process is gone
        }
    }

    /**
     * Makes sure the PID is the container's process on this machine: its cgroup, or its parent's
     * command line, names the container's id ({@link ContainerEvidence}). A remote engine's PID is a
     * number of another machine's; here it is some other process, or none. A {@code /proc} that hides
     * other users' processes says so instead.
     */
    private void checkOwner(String container, HostProcess process, boolean seen) throws Vanished {
        Path cgroup = tables.net(process.pid()).resolveSibling("cgroup");
        boolean belongs;
        try {
            belongs = evidence.belongs(process.pid(), process.containerId());
        } catch (NoSuchFileException e) {
            TcpscopeException hiding = tables.hidden(cgroup, null);
            if (hiding != null) {
                throw hiding;
            }
            if (seen || !pids.hostProcess(container).equals(process)) {
                throw new Vanished(null, false); // it stopped or restarted meanwhile
            }
            belongs = false; // the engine still says it runs as that PID, which this machine does not have
        } catch (IOException e) {
            throw tables.failure(cgroup, container, e);
        }
        if (!belongs) {
            if (seen || !pids.hostProcess(container).equals(process)) {
                throw new Vanished(null, false); // the PID went to another process as the container restarted
            }
            throw ProcTables.failed(container, "the engine gives PID " + process.pid() + " for it, which is not the"
                    + " container's process on this machine: the engine runs elsewhere (a remote DOCKER_HOST, Docker"
                    + " Desktop's virtual machine, another PID namespace), so procfs cannot read its containers;"
                    + " use the exec or sidecar mode, or AUTO");
        }
    }

    /** The container as messages name it: {@code 'node-a' (3f2a1b2c3d4e)}. */
    private static String describe(String container, HostProcess process) {
        return ContainerUnavailableException.describe(container, null, process.containerId());
    }
}
