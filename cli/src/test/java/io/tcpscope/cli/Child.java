package io.tcpscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of the runnable jar, as a user runs it: a JVM of its own, stdout and stderr to pipes (so
 * neither is a terminal), its exit status, and all it wrote.
 */
record Child(int status, String out, String err) {

    /**
     * Runs the command and waits for it.
     *
     * @param timeoutSeconds a hang guard: how long the run may take
     * @param args the command line
     * @return the run
     */
    static Child run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return runMain(timeoutSeconds, List.of(), "io.tcpscope.cli.Main", args);
    }

    /**
     * Runs a main class on the runnable jar, with more on the class path after it, and waits for it.
     *
     * @param timeoutSeconds a hang guard: how long the run may take
     * @param more what goes on the class path after the jar
     * @param mainClass the class whose main runs
     * @param args its arguments
     * @return the run
     */
    static Child runMain(long timeoutSeconds, List<Path> more, String mainClass, String... args)
            throws IOException, InterruptedException {
        return runMain(timeoutSeconds, java.util.Map.of(), more, mainClass, args);
    }

    /**
     * Runs a main class on the runnable jar, with more on the class path after it and more in its
     * environment, and waits for it.
     *
     * @param timeoutSeconds a hang guard: how long the run may take
     * @param environment variables to set in the child's environment, over the test's own
     * @param more what goes on the class path after the jar
     * @param mainClass the class whose main runs
     * @param args its arguments
     * @return the run
     */
    static Child runMain(long timeoutSeconds, java.util.Map<String, String> environment, List<Path> more, String mainClass,
            String... args) throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>(List.of(jar().toString()));
        more.forEach(p -> classPath.add(p.toAbsolutePath().toString()));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, classPath), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        String err = read(process.getErrorStream());
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tcpscope " + String.join(" ", args) + " did not end within " + timeoutSeconds + " s");
        }
        return new Child(process.exitValue(), out.join(), err);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The runnable jar that ./tcpscope starts, built by this module's package phase. */
    static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("tcpscope-cli-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no runnable jar in target/; run the ITs through 'mvn verify'"))
                    .toAbsolutePath();
        }
    }
}
