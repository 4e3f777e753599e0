package io.tcpscope.procfs;

import io.tcpscope.core.HostProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader that is not root, under a {@code /proc} mounted with {@code hidepid=2}: a second procfs
 * is mounted for the test, and a JVM run as user nobody ({@code setpriv}) reads a real root
 * container through it ({@link HidepidChild}). Mounting and becoming nobody need root; with
 * {@code CI=true} a JVM that is not root fails here instead of skipping.
 */
@Timeout(180)
class HidepidIT {

    private static Path work;
    private static Path hiding;

    @BeforeAll
    static void mountHidingProc() throws IOException, InterruptedException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        boolean root = Integer.valueOf(0).equals(uid);
        if (!root && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so HidepidIT must run, but it needs root (uid 0) and runs as uid " + uid);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(root, "HidepidIT needs root, to mount a proc and become nobody");
        DockerCli.require();
        work = Files.createTempDirectory("tcpscope-hidepid-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        hiding = Files.createDirectory(work.resolve("proc"));
        run(List.of("mount", "-t", "proc", "-o", "hidepid=2", "proc", hiding.toString()));
    }

    @AfterAll
    static void unmount() throws IOException, InterruptedException {
        DockerCli.removeAll();
        if (hiding != null) {
            run(List.of("umount", hiding.toString()));
        }
        if (work != null) {
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void a_reader_that_hidepid_hides_the_container_from_is_told_so_and_what_to_do() throws Exception {
        // given: a root container, and its PID and id as the engine gives them
        String node = DockerCli.run(List.of(), "sleep", "600");
        HostProcess process = DockerCli.resolver().hostProcess(node);

        // when: nobody reads it through the hiding proc
        String said = asNobody(hiding.toString(), node, Long.toString(process.pid()), process.containerId());

        // then
        assertThat(said).startsWith("PermissionDeniedException: permission denied reading " + hiding.resolve(Long.toString(process.pid())))
                .contains(hiding + " is mounted with hidepid=invisible, which hides other users' processes from this one")
                .contains("run as root or as the user of the container's process")
                .contains("gid=")
                .contains("exec or sidecar mode")
                .doesNotContain("elsewhere");
    }

    /** Runs {@link HidepidChild} as user nobody, on a copy of this JVM's class path that nobody can read. */
    private static String asNobody(String... args) throws IOException, InterruptedException {
        Path classes = Files.createDirectory(work.resolve("cp-" + System.nanoTime()));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            Path to = classes.resolve(n++ + "-" + from.getFileName());
            copy(from, to);
            entries.add(to.toString());
        }
        run(List.of("chmod", "-R", "a+rX", classes.toString()));
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-cp", String.join(File.pathSeparator, entries), HidepidChild.class.getName()));
        argv.addAll(List.of(args));
        return run(argv).strip();
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).directory(work.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", argv)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }
}
