package io.tcpscope.docker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * Who made a container or network: the value of {@link ContainerRuntime#OWNER_LABEL}, and whether
 * the process it names is gone, so that what a killed process left behind can be removed without
 * touching what a live one, maybe another build on the same engine, still uses.
 *
 * <p>On Linux the label is {@code <boot id>/<pid namespace>/<pid>/<start millis>}, read from
 * {@code /proc}: no name lookup, and a PID is only judged where it means the same process, in the
 * same boot and the same PID namespace. Elsewhere the machine is named by its host name, asked once.
 */
final class Owner {

    private static final Logger LOG = LoggerFactory.getLogger(Owner.class);
    private static final Owner CURRENT = current(Path.of("/proc"));

    private final String machine;
    private final String pidNamespace;
    private final long pid;
    private final long started;

    Owner(String machine, String pidNamespace, long pid, long started) {
        this.machine = Objects.requireNonNull(machine, "machine must not be null");
        this.pidNamespace = Objects.requireNonNull(pidNamespace, "pidNamespace must not be null");
        this.pid = pid;
        this.started = started;
    }

    /** This process. */
    static Owner self() {
        return CURRENT;
    }

    /** This process, as the proc root shows it; the host name only where there is no Linux {@code /proc}. */
    static Owner current(Path proc) {
        ProcessHandle me = ProcessHandle.current();
        long started = startOf(me);
        try {
            String boot = Files.readString(proc.resolve("sys/kernel/random/boot_id")).strip();
            String ns = Files.readSymbolicLink(proc.resolve("self/ns/pid")).toString().replaceAll("[^0-9]", "");
            return new Owner(boot, ns, me.pid(), started);
        } catch (IOException | UnsupportedOperationException e) {
            return new Owner(hostName(), "-", me.pid(), started);
        }
    }

    /** The label's value. */
    String label() {
        return machine + "/" + pidNamespace + "/" + pid + "/" + started;
    }

    /**
     * Whether a label names a process of this boot and PID namespace that no longer runs. Labels of
     * other machines, of other namespaces, and labels this code did not write are never judged dead.
     */
    boolean isDeadOwner(String label) {
        if (label == null) {
            return false;
        }
        String[] parts = label.split("/");
        if (parts.length != 4 || !parts[0].equals(machine) || !parts[1].equals(pidNamespace)
                || !parts[2].matches("[1-9][0-9]{0,17}") || !parts[3].matches("-?[0-9]{1,18}")) {
            return false;
        }
        long otherPid = Long.parseLong(parts[2]);
        long otherStart = Long.parseLong(parts[3]);
        return ProcessHandle.of(otherPid).map(p -> startOf(p) != otherStart).orElse(true);
    }

    private static long startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
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
