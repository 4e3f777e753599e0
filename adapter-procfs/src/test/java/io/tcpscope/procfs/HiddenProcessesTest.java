package io.tcpscope.procfs;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.Golden;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import io.tcpscope.core.PermissionDeniedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a reader decides from what it sees of a {@code /proc} that may hide other users' processes:
 * a proc root laid out as a reader that is not root sees one mounted with {@code hidepid=2} (no PID 1,
 * its own {@code self}, and the mount's line in {@code self/mountinfo}, as captured on Linux 6.x).
 * HidepidIT reads through a real such mount as user nobody.
 */
class HiddenProcessesTest {

    private static final String ID = "3f2a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

    @TempDir
    Path proc;

    /** The line /proc/self/mountinfo gave for {@code mount -t proc -o hidepid=2 proc /tmp/hp-test}. */
    private static String mountLine(String mountPoint, String superOptions) {
        return "55 27 0:50 / " + mountPoint + " rw,relatime - proc proc " + superOptions;
    }

    private void mountinfo(String... lines) throws IOException {
        Path self = Files.createDirectories(proc.resolve("self"));
        Files.writeString(self.resolve("mountinfo"), "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n" + String.join("\n", lines) + "\n");
    }

    @Test
    void a_proc_mounted_with_hidepid_that_hides_pid_1_hides_other_users_processes() throws IOException {
        mountinfo(mountLine(proc.toRealPath().toString(), "rw,hidepid=invisible"));
        assertThat(new HiddenProcesses(proc).hiding()).isEqualTo("hidepid=invisible");
    }

    @Test
    void a_reader_that_sees_pid_1_is_not_hidden_from() throws IOException {
        // given: root, or a member of the mount's gid=, sees every process
        mountinfo(mountLine(proc.toRealPath().toString(), "rw,hidepid=invisible,gid=1001"));
        Path init = Files.createDirectories(proc.resolve("1"));
        Files.writeString(init.resolve("cgroup"), "0::/init.scope\n");

        // then
        assertThat(new HiddenProcesses(proc).hiding()).isNull();
    }

    @Test
    void without_hidepid_or_without_a_mount_nothing_is_hidden() throws IOException {
        mountinfo(mountLine(proc.toRealPath().toString(), "rw"));
        assertThat(new HiddenProcesses(proc).hiding()).isNull();

        mountinfo(mountLine(proc.toRealPath().toString(), "rw,hidepid=off"));
        assertThat(new HiddenProcesses(proc).hiding()).isNull();

        mountinfo(mountLine("/proc", "rw,hidepid=invisible"));
        assertThat(new HiddenProcesses(proc).hiding()).as("another proc's mount").isNull();

        Files.delete(proc.resolve("self").resolve("mountinfo"));
        assertThat(new HiddenProcesses(proc).hiding()).as("no mountinfo: not a proc").isNull();
    }

    @Test
    void the_last_mount_on_a_point_counts_and_escaped_paths_are_read() throws IOException {
        Path spaced = Files.createDirectories(proc.resolve("host proc"));
        Files.createDirectories(spaced.resolve("self"));
        Files.writeString(spaced.resolve("self").resolve("mountinfo"), String.join("\n",
                mountLine(spaced.toRealPath().toString().replace(" ", "\\040"), "rw"),
                mountLine(spaced.toRealPath().toString().replace(" ", "\\040"), "rw,hidepid=2")) + "\n");
        assertThat(new HiddenProcesses(spaced).hiding()).isEqualTo("hidepid=2");
    }

    @Test
    void a_container_hidden_by_hidepid_is_a_refusal_that_says_so_not_an_engine_elsewhere() throws IOException {
        // given: the engine's PID is hidden from this reader
        mountinfo(mountLine(proc.toRealPath().toString(), "rw,hidepid=invisible"));
        HostPidResolver engine = new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                return 4242;
            }

            @Override
            public HostProcess hostProcess(String container) {
                return new HostProcess(4242, ID);
            }
        };

        // then
        assertThatThrownBy(() -> new ProcfsInspector(engine, proc).connections("node-a"))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e).hasMessage(
                        "permission denied reading " + proc.resolve("4242") + "; " + proc + " is mounted with"
                                + " hidepid=invisible, which hides other users' processes from this one; run as root or"
                                + " as the user of the container's process, remount it with a group of this user's"
                                + " allowed in (mount -o remount,hidepid=invisible,gid=<group> " + proc + "), or use the"
                                + " exec or sidecar mode"));
        assertThatThrownBy(() -> new ProcfsInspector(c -> 4242, proc).connections("node-a"))
                .as("a resolver that gives no id").isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void a_pid_that_is_gone_under_a_proc_that_hides_nothing_is_still_a_container_not_running() throws IOException {
        // given: PID 1 is visible, so the PID's absence means it ended
        mountinfo(mountLine(proc.toRealPath().toString(), "rw,hidepid=invisible"));
        Path init = Files.createDirectories(proc.resolve("1").resolve("net"));
        Files.writeString(proc.resolve("1").resolve("cgroup"), "0::/init.scope\n");
        Files.writeString(init.resolve("tcp"), Golden.listing("proc-net-tcp"));

        // then
        assertThatThrownBy(() -> new ProcfsInspector(c -> 31337, proc).connections("node-a"))
                .isInstanceOfSatisfying(ContainerUnavailableException.class,
                        e -> assertThat(e.condition()).isEqualTo(ContainerUnavailableException.Condition.NOT_RUNNING));
    }
}
