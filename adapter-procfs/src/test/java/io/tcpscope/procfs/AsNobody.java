package io.tcpscope.procfs;

import io.tcpscope.core.HostProcess;
import org.junit.jupiter.api.Assumptions;

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
 * Reads as user nobody: a JVM started through {@code setpriv} runs {@link NobodyRead} on a copy of
 * this JVM's class path in a directory nobody can read. Only root can become nobody; with
 * {@code CI=true} a JVM that is not root fails instead of skipping.
 */
final class AsNobody implements AutoCloseable {

    private final Path work;

    private AsNobody(Path work) {
        this.work = work;
    }

    /** A work directory that nobody can enter, under /tmp. */
    static AsNobody start() throws IOException {
        requireRoot();
        Path work = Files.createTempDirectory("tcpscope-nobody-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new AsNobody(work);
    }

    static void requireRoot() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        boolean root = Integer.valueOf(0).equals(uid);
        if (!root && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so this IT must run, but it needs root (uid 0) to become nobody, and runs as uid " + uid);
        }
        Assumptions.assumeTrue(root, "this IT needs root, to become nobody; it runs as uid " + uid);
    }

    /** The work directory. */
    Path work() {
        return work;
    }

    /** What nobody's read of the container, at the process given, under the proc root, came to. */
    String read(Path procRoot, String container, HostProcess process) throws IOException, InterruptedException {
        return java(NobodyRead.class, procRoot.toString(), container, Long.toString(process.pid()), process.containerId());
    }

    /** What a main class of this class path, run as nobody with the arguments given, printed. */
    String java(Class<?> main, String... args) throws IOException, InterruptedException {
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
                "-cp", String.join(File.pathSeparator, entries), main.getName()));
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

    /** Runs a command, bounded: it must end within 60 s, with status 0. */
    String run(List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).directory(work.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", argv)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
        return out;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
