package io.tcpscope.procfs;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.OutputLimitExceededException;
import io.tcpscope.core.PermissionDeniedException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpscopeException;
import io.tcpscope.core.parse.ListingParser;
import io.tcpscope.core.parse.ProcNetTcpParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's files of a process's network namespace, read and handed to core's parsers, and what
 * a failed read means, as one of tcpscope's exceptions: a table too large for the cap, a process
 * that is gone, a {@code /proc} that hides it ({@link HiddenProcesses}), a refused read, a proc
 * root that is no {@code /proc}.
 *
 * <p>Thread-safe.
 */
final class ProcTables {

    /** How messages name this process's own namespace, which is not a container. */
    static final String LOCAL = "this process's network namespace";

    private static final String PRIVILEGE = "run as root, as the user of the container's process,"
            + " or with CAP_SYS_PTRACE, or inspect through the Docker exec mode";

    private final Path procRoot;
    private final TableReader reader;
    private final HiddenProcesses hidden;
    private final ListingParser parser = new ProcNetTcpParser();

    ProcTables(Path procRoot, long outputLimit) {
        this.procRoot = procRoot;
        this.reader = new TableReader(outputLimit);
        this.hidden = new HiddenProcesses(procRoot);
    }

    /** The connections in {@code <procRoot>/<pid>/net/tcp} and {@code tcp6}, for {@code who}. */
    List<TcpConnection> connections(long pid, String who) {
        // The only files ever opened: <procRoot>/<positive pid>/net/tcp, tcp6, fib_trie and if_inet6, never
        // through a symbolic link in their last step (TableReader); the PID's cgroup, stat, net/unix and its
        // parent's cmdline (ContainerEvidence); the ns/net link and stat of each process, PID 1's net/unix
        // (NetNamespaces); and self/mountinfo (HiddenProcesses). Every path is made of numbers the kernel
        // or the resolver gave, so no caller's text picks what is read.
        Path net = net(pid);
        List<TcpConnection> table = new ArrayList<>(parse(net.resolve("tcp"), who, false));
        table.addAll(parse(net.resolve("tcp6"), who, true));
        return Collections.unmodifiableList(table);
    }

    /** {@code <procRoot>/<pid>/net}, for a positive PID only. */
    Path net(long pid) {
        if (pid <= 0) {
            throw new IllegalStateException("a PID is positive, not " + pid);
        }
        return procRoot.resolve(Long.toString(pid)).resolve("net");
    }

    /** A small text file of the kernel's, such as {@code fib_trie}; empty if optional and missing. */
    String text(Path file, String who, boolean optional) {
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
            return reader.read(file);
        } catch (NoSuchFileException e) {
            if (optional && Files.isDirectory(file.getParent())) {
                return null; // IPv6 disabled in this namespace
            }
            throw missing(file, who);
        } catch (TableReader.TooLarge e) {
            throw new OutputLimitExceededException(who, List.of(file.toString()), reader.limit());
        } catch (TableReader.NotATable e) {
            throw failed(who, e.getMessage() + "; tcpscope reads only the kernel's own table files");
        } catch (IOException e) {
            throw failure(file, who, e);
        }
    }

    /**
     * What a missing file of a process means: no {@code /proc} here, a proc root that is none, a
     * {@code /proc} that hides the process, or a process that is gone (a container that is not running).
     */
    TcpscopeException missing(Path file, String who) {
        if (!isLinux()) {
            return failed(who, "procfs inspection needs Linux's /proc, and "
                    + System.getProperty("os.name") + " has none; use the Docker exec or sidecar mode");
        }
        if (!Files.isDirectory(procRoot.resolve("self"))) {
            return failed(who, procRoot + " is not a mounted /proc;"
                    + " mount the host's /proc there, or use the Docker exec or sidecar mode");
        }
        TcpscopeException hiding = hidden(file, null);
        if (hiding != null) {
            return hiding;
        }
        if (LOCAL.equals(who)) {
            // This process runs, so a missing table says something about the proc root, not about a container.
            return failed(who, file + " is missing; is " + procRoot
                    + " a Linux /proc with network namespaces?");
        }
        return new ContainerUnavailableException(who, null, null, ContainerUnavailableException.Condition.NOT_RUNNING);
    }

    /**
     * A refusal naming the {@code hidepid} mount option, if the proc root hides other users'
     * processes from this one; else {@code null}.
     *
     * @param file the file, under {@code <procRoot>/<pid>}, that could not be seen or read
     * @param cause the operating system's refusal, or {@code null}
     */
    PermissionDeniedException hidden(Path file, IOException cause) {
        String option = hidden.hiding();
        if (option == null) {
            return null;
        }
        Path relative = procRoot.relativize(file);
        Path process = relative.getNameCount() > 0 ? procRoot.resolve(relative.getName(0)) : file;
        return new PermissionDeniedException(process.toString(), procRoot + " is mounted with " + option
                + ", which hides other users' processes from this one; run as root or as the user of the container's"
                + " process, remount it with a group of this user's allowed in (mount -o remount," + option
                + ",gid=<group> " + procRoot + "), or use the exec or sidecar mode", cause);
    }

    /** Maps a failed read to tcpscope's exceptions. */
    TcpscopeException failure(Path file, String who, IOException e) {
        if (e instanceof AccessDeniedException) {
            PermissionDeniedException hiding = hidden(file, e);
            return hiding != null ? hiding : new PermissionDeniedException(file.toString(), PRIVILEGE, e);
        }
        InspectionFailedException failed = failed(who, "reading " + file
                + " failed: " + e.getMessage());
        failed.initCause(e);
        return failed;
    }

    /** A failure naming a container, or this process's namespace as what it is. */
    static InspectionFailedException failed(String who, String advice) {
        return LOCAL.equals(who) ? InspectionFailedException.of(who, advice)
                : new InspectionFailedException(who, List.of(), advice);
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }
}
