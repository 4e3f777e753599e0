package io.tcpscope.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Who made a container or network: the value of {@link ContainerRuntime#OWNER_LABEL}, and whether
 * the process it names is gone, so that what a killed process left behind can be removed without
 * touching what a live one, maybe another build on the same engine, still uses.
 *
 * <p>On Linux the label is {@code <boot id>/<pid namespace>/<uid>/<pid>/<start ticks>}, all read
 * from {@code /proc}: no name lookup, and no clock that can step. A label is only judged where its
 * PID means the same process: the same boot, the same PID namespace, and the same user (whose
 * processes stay visible under {@code hidepid}). The process is dead when {@code /proc/<pid>} is
 * gone, or holds a process that started at another tick; anything unclear counts as alive.
 * Elsewhere the machine is named by its host name, asked once, and the process judged by
 * {@link ProcessHandle}.
 */
final class Owner {

    private static final Logger LOG = LoggerFactory.getLogger(Owner.class);
    private static final String UNKNOWN = "-";
    private static final Owner CURRENT = current(Path.of("/proc"));

    private final Path proc;
    private final String machine;
    private final String pidNamespace;
    private final String uid;
    private final long pid;
    private final long started;

    Owner(Path proc, String machine, String pidNamespace, String uid, long pid, long started) {
        this.proc = proc;
        this.machine = Objects.requireNonNull(machine, "machine must not be null");
        this.pidNamespace = Objects.requireNonNull(pidNamespace, "pidNamespace must not be null");
        this.uid = Objects.requireNonNull(uid, "uid must not be null");
        this.pid = pid;
        this.started = started;
    }

    /** This process. */
    static Owner self() {
        return CURRENT;
    }

    /** This process, as the proc root shows it; the host name only where there is no Linux {@code /proc}. */
    static Owner current(Path proc) {
        long me = ProcessHandle.current().pid();
        try {
            String boot = Files.readString(proc.resolve("sys/kernel/random/boot_id")).strip();
            String ns = Files.readSymbolicLink(proc.resolve("self/ns/pid")).toString().replaceAll("[^0-9]", "");
            String uid = uidOf(Files.readString(proc.resolve("self/status")));
            long ticks = startTicks(Files.readString(proc.resolve("self/stat")));
            if (boot.isEmpty() || ns.isEmpty() || uid == null || ticks < 0) {
                throw new IOException("an unexpected /proc");
            }
            return new Owner(proc, boot, ns, uid, me, ticks);
        } catch (IOException | UnsupportedOperationException e) {
            long millis = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            return new Owner(null, hostName(), UNKNOWN, UNKNOWN, me, millis);
        }
    }

    /** The label's value. */
    String label() {
        return machine + "/" + pidNamespace + "/" + uid + "/" + pid + "/" + started;
    }

    /**
     * Whether a label names a process of this boot, PID namespace and user that no longer runs.
     * Labels of other machines, namespaces and users, and labels this code did not write, are
     * never judged dead.
     */
    boolean isDeadOwner(String label) {
        if (label == null) {
            return false;
        }
        String[] parts = label.split("/");
        if (parts.length != 5 || !parts[0].equals(machine) || !parts[1].equals(pidNamespace) || !parts[2].equals(uid)
                || !parts[3].matches("[1-9][0-9]{0,17}") || !parts[4].matches("[0-9]{1,18}")) {
            return false;
        }
        long otherPid = Long.parseLong(parts[3]);
        long otherStart = Long.parseLong(parts[4]);
        if (proc == null) {
            return ProcessHandle.of(otherPid).map(p -> p.info().startInstant()
                    .map(i -> i.toEpochMilli() != otherStart).orElse(false)).orElse(true);
        }
        try {
            return startTicks(Files.readString(proc.resolve(Long.toString(otherPid)).resolve("stat"))) != otherStart;
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException unclear) {
            return false;
        }
    }

    /** The first (real) uid of a {@code /proc/<pid>/status}, or {@code null}. */
    static String uidOf(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).strip().split("\\s+");
                return ids.length > 0 && ids[0].matches("[0-9]{1,10}") ? ids[0] : null;
            }
        }
        return null;
    }

    /**
     * Field 22 of a {@code /proc/<pid>/stat}: when the process started, in clock ticks since boot;
     * -1 if the line is not one. The process's name, field 2, may hold spaces and parentheses, so
     * the fields are counted from the last {@code )}.
     */
    static long startTicks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return -1;
        }
        String[] fields = stat.substring(end + 1).strip().split("\\s+");
        // fields[0] is field 3 (state), so field 22 is fields[19]
        return fields.length > 19 && fields[19].matches("[0-9]{1,18}") ? Long.parseLong(fields[19]) : -1;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            LOG.debug("this machine has no host name to label containers with: {}", e.getMessage());
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return label();
    }
}
