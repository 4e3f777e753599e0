package io.tcpscope.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

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
 *
 * <p>Elsewhere (macOS, Windows) a host name names no one machine, so the label is
 * {@code <host name>+<token>/-/-/<pid>/<start millis>}, the token 128 random bits of this JVM's. The
 * JVM registers its token on this machine, as a file in {@code <java.io.tmpdir>/tcpscope-owners}
 * that it holds an OS file lock on while it lives; the OS lets go of the lock when the process ends,
 * killed or not. Such a label is dead only where its token is registered here and nobody holds its
 * lock: a token of another machine, whatever its host name, is never registered here, so it is
 * never judged dead, and neither is a label without a token.
 */
final class Owner {

    private static final Logger LOG = LoggerFactory.getLogger(Owner.class);
    private static final String UNKNOWN = "-";
    /** Tokens registered with their lock by this JVM, kept for its life so that the locks stay held; before {@link #CURRENT}. */
    private static final List<FileChannel> REGISTERED = new CopyOnWriteArrayList<>();
    private static final Owner CURRENT = current(Path.of("/proc"));

    private static final String OWNERS_DIR = "tcpscope-owners";
    private static final String TOKEN = "[0-9a-f]{32}";

    private final Path proc;
    /** Where the JVMs of this machine register their tokens, without a Linux {@code /proc}; else {@code null}. */
    private final Path owners;
    private final String machine;
    private final String pidNamespace;
    private final String uid;
    private final long pid;
    private final long started;

    Owner(Path proc, String machine, String pidNamespace, String uid, long pid, long started) {
        this(proc, null, machine, pidNamespace, uid, pid, started);
    }

    private Owner(Path proc, Path owners, String machine, String pidNamespace, String uid, long pid, long started) {
        this.proc = proc;
        this.owners = owners;
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

    /** This process, as the proc root shows it; see {@link #current(Path, Path)} where there is no Linux {@code /proc}. */
    static Owner current(Path proc) {
        return current(proc, Path.of(System.getProperty("java.io.tmpdir"), OWNERS_DIR));
    }

    /**
     * This process, as the proc root shows it; where there is no Linux {@code /proc}, a new token of
     * the host name's, registered in {@code owners}.
     */
    static Owner current(Path proc, Path owners) {
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
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            register(owners, token);
            return new Owner(null, owners, hostName() + "+" + token, UNKNOWN, UNKNOWN, me, millis);
        }
    }

    /**
     * Registers a token on this machine: its file, locked for this JVM's life. A failure leaves it
     * unregistered, so that its labels are never judged dead, which is the safe side.
     */
    private static void register(Path owners, String token) {
        try {
            Files.createDirectories(owners);
            FileChannel file = FileChannel.open(owners.resolve(token), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (file.tryLock() == null) {
                file.close();
                return;
            }
            REGISTERED.add(file);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not register this JVM's owner token in {}: {}", owners, e.toString());
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
        boolean otherMachine = proc != null && !parts[0].equals(machine); // without /proc, the token says
        if (parts.length != 5 || otherMachine || !parts[1].equals(pidNamespace) || !parts[2].equals(uid)
                || !parts[3].matches("[1-9][0-9]{0,17}") || !parts[4].matches("[0-9]{1,18}")) {
            return false;
        }
        long otherPid = Long.parseLong(parts[3]);
        long otherStart = Long.parseLong(parts[4]);
        if (proc == null) {
            return isGoneToken(parts[0]);
        }
        try {
            return startTicks(Files.readString(proc.resolve(Long.toString(otherPid)).resolve("stat"))) != otherStart;
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException unclear) {
            return false;
        }
    }

    /**
     * Whether a machine part of this machine's host name carries a token that a JVM registered here
     * and no process holds any more. The lock is tried, never waited for; this JVM's own tokens are
     * alive without a look.
     */
    private boolean isGoneToken(String otherMachine) {
        int plus = otherMachine.lastIndexOf('+');
        if (owners == null || plus < 0 || otherMachine.equals(machine)
                || !otherMachine.substring(0, plus).equals(machine.substring(0, machine.lastIndexOf('+')))) {
            return false;
        }
        String token = otherMachine.substring(plus + 1);
        if (!token.matches(TOKEN)) {
            return false;
        }
        Path file = owners.resolve(token);
        if (!Files.isRegularFile(file)) {
            return false; // another machine's, or never registered: unclear, so alive
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false; // its JVM holds it
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException mine) {
            return false; // this JVM holds it: another Owner of this JVM's
        } catch (IOException | RuntimeException unclear) {
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
