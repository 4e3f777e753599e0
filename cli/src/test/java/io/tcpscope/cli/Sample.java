package io.tcpscope.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A command line that the documentation site shows, from a file under {@code src/test/resources/samples/}
 * (the site includes the file itself): one line, {@code ./tcpscope} and its arguments, separated by
 * spaces and quoted nowhere, as typed at the repository's root. It runs in-process, as {@link Run} does;
 * an argument that names a file of the repository is given with its full path, and the names a sample
 * uses for containers are replaced by those of the test's own.
 *
 * @param file the sample's file
 * @param args the arguments after {@code ./tcpscope}
 */
record Sample(Path file, List<String> args) {

    /** The samples' folder, which the site includes from. */
    static final Path FOLDER = Path.of("src/test/resources/samples");

    static Sample of(Path file) {
        String line;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            if (lines.size() != 1) {
                throw new IllegalArgumentException(file + " holds " + lines.size() + " lines; a sample is one command line");
            }
            line = lines.get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> words = Arrays.asList(line.split(" +"));
        if (!words.get(0).equals("./tcpscope") || line.contains("'") || line.contains("\"")) {
            throw new IllegalArgumentException(file + ": a sample starts with ./tcpscope and quotes nothing: " + line);
        }
        return new Sample(file, words.subList(1, words.size()));
    }

    /** {@return the samples of a folder (not of its subfolders), by name} */
    static List<Sample> in(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".sh")).sorted().map(Sample::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return the sample's name: its file's, without .sh} */
    String name() {
        String file = this.file.getFileName().toString();
        return file.substring(0, file.length() - ".sh".length());
    }

    /** {@return the output the site shows for the sample, beside it as NAME.out} */
    Path expectedOutput() {
        return file.resolveSibling(name() + ".out");
    }

    /**
     * Runs the sample in-process.
     *
     * @param names what replaces each of the sample's names (containers, a network, an output file)
     * @return the run
     */
    Run run(Map<String, String> names) {
        Path root = Path.of("").toAbsolutePath().getParent();
        String[] given = args.stream()
                .map(a -> names.getOrDefault(a, a))
                .map(a -> !a.startsWith("-") && Files.isRegularFile(root.resolve(a)) ? root.resolve(a).toString() : a)
                .toArray(String[]::new);
        return Run.of(given);
    }

    @Override
    public String toString() {
        return FOLDER.relativize(file).toString();
    }
}
