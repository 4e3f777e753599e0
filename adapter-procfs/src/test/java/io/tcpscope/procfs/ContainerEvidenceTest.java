package io.tcpscope.procfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which container a process belongs to, as {@code /proc} says it: the files are laid out as the
 * kernel writes them for a rootful Docker container (its cgroup names it), a rootless one on cgroup
 * v1 (its cgroups are the user's; its parent, the shim, names it), and a Podman one (conmon).
 */
class ContainerEvidenceTest {

    private static final String ID = "beedda229ec5e812a2b78162fc03e12aa6681a341aa319745dce392e67dd9cb0";
    private static final String OTHER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path proc;

    private void process(long pid, long parent, String cgroup, String... cmdline) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("cgroup"), cgroup);
        Files.writeString(dir.resolve("stat"), pid + " (sh (odd) name) S " + parent + " " + pid + " " + pid
                + " 0 -1 4194560 200 0 0 0 0 0 0 0 20 0 1 0 5512 2011136 190 18446744073709551615\n");
        Files.writeString(dir.resolve("cmdline"), String.join("\0", cmdline) + "\0");
    }

    @Test
    void a_cgroup_that_names_the_id_is_the_containers() throws IOException {
        process(10, 9, "12:pids:/docker/" + ID + "\n0::/system.slice/docker-" + ID + ".scope\n", "sleep", "100");

        assertThat(new ContainerEvidence(proc).belongs(10, ID)).isTrue();
        assertThat(new ContainerEvidence(proc).belongs(10, OTHER)).isFalse();
    }

    @Test
    void a_process_of_a_container_nested_in_another_is_the_inner_ones_only() throws IOException {
        // given: Docker in Docker, cgroupfs driver: the inner container's cgroup is under the outer one's
        process(11, 9, "0::/docker/" + OTHER + "/docker/" + ID + "\n");

        // then
        assertThat(new ContainerEvidence(proc).belongs(11, ID)).isTrue();
        assertThat(new ContainerEvidence(proc).belongs(11, OTHER)).isFalse();
        assertThat(new ContainerEvidence(proc).containerIdOf(11)).isEqualTo(ID);
    }

    @Test
    void without_a_cgroup_of_its_own_the_shim_that_is_its_parent_names_it() throws IOException {
        process(25414, 1, "9:name=systemd:/\n", "/usr/bin/containerd-shim-runc-v2", "-namespace", "moby", "-id", ID,
                "-address", "/run/user/1001/docker/containerd/containerd.sock");
        process(25436, 25414, "9:name=systemd:/\n8:pids:/\n7:blkio:/\n", "sleep", "100");
        process(30, 29, "9:name=systemd:/\n", "sleep", "100");
        process(29, 1, "9:name=systemd:/\n", "/usr/bin/conmon", "--api-version", "1", "-c", OTHER, "-u", OTHER);

        ContainerEvidence evidence = new ContainerEvidence(proc);
        assertThat(evidence.belongs(25436, ID)).isTrue();
        assertThat(evidence.belongs(25436, OTHER)).isFalse();
        assertThat(evidence.belongs(30, OTHER)).as("a Podman container, under conmon").isTrue();
        assertThat(evidence.belongs(30, ID)).isFalse();
    }

    @Test
    void a_process_of_another_kind_or_whose_parent_is_gone_is_no_containers() throws IOException {
        process(40, 39, "0::/user.slice\n", "java", "-jar", "app.jar", "--id=" + ID);
        process(39, 1, "0::/user.slice\n", "bash");
        process(50, 49, "0::/user.slice\n", "sleep", "100");

        ContainerEvidence evidence = new ContainerEvidence(proc);
        assertThat(evidence.belongs(40, ID)).as("its own arguments do not count").isFalse();
        assertThat(evidence.belongs(50, ID)).as("its parent is gone").isFalse();
        assertThatThrownBy(() -> evidence.belongs(60, ID)).isInstanceOf(NoSuchFileException.class);
    }
}
