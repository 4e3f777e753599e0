package io.tcpscope.procfs;

import io.tcpscope.core.ContainerUnavailableException;
import io.tcpscope.core.ContainerUnavailableException.Condition;
import io.tcpscope.core.HostPidResolver;
import io.tcpscope.core.HostProcess;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real Docker engine, driven through its own command-line client, which this module does not
 * otherwise use: the procfs adapter never talks to an engine, so its ITs set up containers with
 * {@code docker} and take each container's PID from {@code docker inspect}, an oracle independent
 * of the code under test. The image is made here from the host's static {@code /bin/busybox}, with
 * no registry. Everything created is named with this JVM's own prefix and removed by {@link #removeAll()}.
 *
 * <p>With {@code CI=true} a missing engine or busybox fails the test; elsewhere it is skipped.
 */
final class DockerCli {

    /** The image: the static busybox as its entry point, nothing else. */
    static final String IMAGE = "tcpscope-procfs-it/busybox:1";

    private static final String PREFIX = "tcpscope-procfs-it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final List<String> CREATED = new ArrayList<>();
    private static boolean ready;
    private static int count;

    private DockerCli() {
    }

    /** Makes sure the engine answers and the image is there; skips (or fails in CI) if not. */
    static synchronized void require() {
        if (ready) {
            return;
        }
        Path busybox = Path.of("/bin/busybox");
        prerequisite(Files.isExecutable(busybox), "the host's static /bin/busybox is missing (apt-get install busybox-static)");
        Result version = exec(List.of("docker", "version", "--format", "{{.Server.Version}}"));
        prerequisite(version.exit() == 0, "no Docker engine answers: " + version.out().strip());
        if (exec(List.of("docker", "image", "inspect", IMAGE)).exit() != 0) {
            Path context = null;
            try {
                context = Files.createTempDirectory("tcpscope-procfs-image");
                Files.copy(busybox, context.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(context.resolve("Dockerfile"),
                        "FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT [\"/bin/busybox\"]\n");
                docker("build", "-q", "-t", IMAGE, context.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                delete(context, "busybox", "Dockerfile");
            }
        }
        ready = true;
    }

    private static void prerequisite(boolean met, String why) {
        if (!met && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so the procfs Docker ITs must run, but " + why);
        }
        Assumptions.assumeTrue(met, why);
    }

    /**
     * Starts a container of the image, detached.
     *
     * @param options {@code docker run} options, such as {@code --network host}
     * @param command the busybox applet and its arguments
     * @return its name
     */
    static String run(List<String> options, String... command) {
        String name;
        synchronized (DockerCli.class) {
            name = PREFIX + count++;
            CREATED.add(name);
        }
        List<String> argv = new ArrayList<>(List.of("run", "-d", "--name", name));
        argv.addAll(options);
        argv.add(IMAGE);
        argv.addAll(Arrays.asList(command));
        docker(argv.toArray(String[]::new));
        return name;
    }

    /** The container's full id, as the engine gives it. */
    static String id(String container) {
        return docker("inspect", "--format", "{{.Id}}", container).strip();
    }

    /** Runs {@code docker} with these arguments; fails the test if it fails. */
    static String docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(Arrays.asList(args));
        Result result = exec(argv);
        if (result.exit() != 0) {
            throw new AssertionError(String.join(" ", argv) + " failed (" + result.exit() + "): " + result.out());
        }
        return result.out();
    }

    /** Removes every container this JVM created. */
    static synchronized void removeAll() {
        if (!CREATED.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("docker", "rm", "-f"));
            argv.addAll(CREATED);
            exec(argv);
            CREATED.clear();
        }
    }

    /**
     * The engine's PIDs, from {@code docker inspect}: what the Docker adapter's resolver gives,
     * without the Docker adapter.
     */
    static HostPidResolver resolver() {
        return new HostPidResolver() {
            @Override
            public long hostPid(String container) {
                return hostProcess(container).pid();
            }

            @Override
            public HostProcess hostProcess(String container) {
                Result state = exec(List.of("docker", "inspect", "--format",
                        "{{.State.Pid}} {{.Id}} {{.State.Running}} {{.State.Restarting}} {{.State.Paused}}", container));
                if (state.exit() != 0) {
                    throw new ContainerUnavailableException(container, null, null, Condition.NOT_FOUND);
                }
                String[] f = state.out().strip().split(" ");
                if ("true".equals(f[3])) {
                    throw new ContainerUnavailableException(container, null, f[1], Condition.RESTARTING);
                }
                if (!"true".equals(f[2]) || "0".equals(f[0])) {
                    throw new ContainerUnavailableException(container, null, f[1], Condition.NOT_RUNNING);
                }
                return new HostProcess(Long.parseLong(f[0]), f[1]);
            }
        };
    }

    record Result(int exit, String out) {
    }

    /** Runs a command with a bound: 120 s, then it is killed and the test fails. */
    static Result exec(List<String> argv) {
        Path out = null;
        try {
            out = Files.createTempFile("tcpscope-procfs-docker", ".out");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("DOCKER_BUILDKIT", "0");
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", argv) + " did not end within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, e.getMessage() == null ? e.toString() : e.getMessage().toLowerCase(Locale.ROOT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            delete(out);
        }
    }

    /** Deletes a file, or a directory after the files named in it; what is already gone is fine. */
    private static void delete(Path path, String... inside) {
        if (path == null) {
            return;
        }
        try {
            for (String name : inside) {
                Files.deleteIfExists(path.resolve(name));
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
