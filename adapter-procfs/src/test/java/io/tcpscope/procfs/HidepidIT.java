package io.tcpscope.procfs;

import io.tcpscope.core.HostProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader that is not root, under a {@code /proc} mounted with {@code hidepid=2}: a second procfs
 * is mounted for the test, and a JVM run as user nobody ({@link AsNobody}) reads a real root
 * container through it. Mounting and becoming nobody need root; with {@code CI=true} a JVM that is
 * not root fails here instead of skipping.
 */
@Timeout(180)
class HidepidIT {

    private static AsNobody nobody;
    private static Path hiding;

    @BeforeAll
    static void mountHidingProc() throws IOException, InterruptedException {
        nobody = AsNobody.start();
        DockerCli.require();
        hiding = Files.createDirectory(nobody.work().resolve("proc"));
        nobody.run(List.of("mount", "-t", "proc", "-o", "hidepid=2", "proc", hiding.toString()));
    }

    @AfterAll
    static void unmount() throws IOException, InterruptedException {
        DockerCli.removeAll();
        if (hiding != null) {
            nobody.run(List.of("umount", hiding.toString()));
        }
        if (nobody != null) {
            nobody.close();
        }
    }

    @Test
    void a_reader_that_hidepid_hides_the_container_from_is_told_so_and_what_to_do() throws Exception {
        // given: a root container, and its PID and id as the engine gives them
        String node = DockerCli.run(List.of(), "sleep", "600");
        HostProcess process = DockerCli.resolver().hostProcess(node);

        // when: nobody reads it through the hiding proc
        String said = nobody.read(hiding, node, process);

        // then
        assertThat(said).startsWith("PermissionDeniedException: permission denied reading " + hiding.resolve(Long.toString(process.pid())))
                // Linux 5.8 and later show hidepid=2 as hidepid=invisible
                .containsPattern(java.util.regex.Pattern.quote(hiding.toString())
                        + " is mounted with hidepid=(2|invisible), which hides other users' processes from this one")
                .contains("run as root or as the user of the container's process")
                .contains("gid=")
                .contains("exec or sidecar mode")
                .doesNotContain("elsewhere");
    }
}
