package io.tcpscope.procfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code /proc} says of the container a process belongs to, to be searched for the container's
 * id: its {@code cgroup}, which names the id on an engine that gives each container cgroups of its
 * own, and the command line of its parent, the runtime's shim that started the container (Docker's
 * {@code containerd-shim-runc-v2 ... -id <id>}, Podman's {@code conmon ... -c <id>}), which names it
 * on an engine that does not (rootless Docker on cgroup v1, whose containers share the user's
 * cgroups). Both files are readable by any user; a PID that a remote engine gives, and that names
 * some other process here, has neither.
 *
 * <p>Thread-safe: stateless but for its proc root.
 */
final class ContainerEvidence {

    /** A container id in a cgroup path: 64 hex digits, not part of a longer run of them. */
    private static final Pattern ID = Pattern.compile("(?<![0-9a-f])([0-9a-f]{64})(?![0-9a-f])");

    private final Path procRoot;

    ContainerEvidence(Path procRoot) {
        this.procRoot = procRoot;
    }

    /**
     * Whether the process is the container's.
     *
     * @param pid the process, under the proc root
     * @param containerId the container's full id
     * @return {@code true} if its cgroup or its parent's command line names the id
     * @throws java.nio.file.NoSuchFileException if there is no such process
     * @throws IOException if its cgroup cannot be read
     */
    boolean belongs(long pid, String containerId) throws IOException {
        Path process = procRoot.resolve(Long.toString(pid));
        if (names(Files.readString(process.resolve("cgroup"), StandardCharsets.UTF_8), containerId)) {
            return true;
        }
        long parent = parentOf(process);
        if (parent <= 0) {
            return false;
        }
        try {
            byte[] cmdline = Files.readAllBytes(procRoot.resolve(Long.toString(parent)).resolve("cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').contains(" " + containerId);
        } catch (IOException e) {
            return false; // the parent is gone: the process is no longer a container's child
        }
    }

    /**
     * The id of the container a process belongs to, as {@code /proc} names it: the 64-hex-digit id its
     * cgroup names, or else the one its parent, a runtime's shim, was started for ({@code -id <id>},
     * conmon's {@code -c <id>}).
     *
     * @param pid the process, under the proc root
     * @return the id, or {@code null} if nothing there names one (a process of no container)
     */
    String containerIdOf(long pid) {
        Path process = procRoot.resolve(Long.toString(pid));
        try {
            for (String line : Files.readString(process.resolve("cgroup"), StandardCharsets.UTF_8).split("\n")) {
                String id = lastId(line);
                if (id != null) {
                    return id;
                }
            }
            long parent = parentOf(process);
            if (parent <= 0) {
                return null;
            }
            String[] argv = new String(Files.readAllBytes(procRoot.resolve(Long.toString(parent)).resolve("cmdline")),
                    StandardCharsets.UTF_8).split("\0");
            for (int i = 1; i + 1 < argv.length; i++) {
                if ((argv[i].equals("-id") || argv[i].equals("-c")) && argv[i + 1].matches("[0-9a-f]{64}")) {
                    return argv[i + 1];
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether a cgroup file names the container: a line whose innermost container id, the last one in
     * its path, is the id. An outer container's id is in the paths of the containers nested in it
     * (Docker in Docker: {@code /docker/<outer>/docker/<inner>}), whose processes are not its own. An id
     * that is not 64 hex digits, as some engine's may be, is looked for anywhere in the file.
     */
    static boolean names(String cgroup, String containerId) {
        if (!containerId.matches("[0-9a-f]{64}")) {
            return cgroup.contains(containerId);
        }
        for (String line : cgroup.split("\n")) {
            if (containerId.equals(lastId(line))) {
                return true;
            }
        }
        return false;
    }

    /** The last container id in a cgroup line; {@code null} if none. */
    private static String lastId(String line) {
        Matcher id = ID.matcher(line);
        String last = null;
        while (id.find()) {
            last = id.group(1);
        }
        return last;
    }

    /** Field 4 of {@code stat}, counted after the last {@code )}; -1 if there is none. */
    private static long parentOf(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
            int name = stat.lastIndexOf(')');
            String[] fields = name < 0 ? new String[0] : stat.substring(name + 1).trim().split(" +");
            // fields[0] is field 3 (the state), so field 4 is fields[1]
            return fields.length > 1 && fields[1].matches("[0-9]{1,18}") ? Long.parseLong(fields[1]) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
