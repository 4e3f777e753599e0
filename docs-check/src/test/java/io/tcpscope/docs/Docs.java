package io.tcpscope.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository as the documentation sees it: the site's pages and their fenced code blocks, the
 * includes in them ({@code --8<-- "path:section"}, pymdownx.snippets' syntax), and the named sections
 * of the files they include.
 */
final class Docs {

    /** An include line of a page: {@code --8<-- "path"} or {@code --8<-- "path:section"}. */
    static final Pattern INCLUDE = Pattern.compile("^\\s*-{2,}8<-{2,}[ \\t]+\"(?<ref>[^\"]+)\"\\s*$");
    /** A section marker in an included file, after any comment leader: {@code [start:<name>]} or {@code [end:<name>]}. */
    static final Pattern MARKER = Pattern.compile(
            "-{1,}8<-{1,}[ \\t]+\\[[ \\t]*(?<type>start|end)[ \\t]*:[ \\t]*(?<name>[a-z][-_0-9a-z]*)[ \\t]*]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PATH_SECTION = Pattern.compile("^(?<path>.+?):(?<section>[a-z][-_0-9a-z]*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FENCE = Pattern.compile("^(?<indent>\\s*)(?<fence>`{3,}|~{3,})(?<info>.*)$");
    private static final Set<String> NOT_SOURCES = Set.of("target", ".git", "node_modules", ".idea");

    private Docs() {
    }

    /** {@return the repository's root, as the build gives it ({@code tcpscope.root}), else the module's parent} */
    static Path root() {
        String given = System.getProperty("tcpscope.root");
        Path root = given != null ? Path.of(given) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    /** {@return the site's pages: every Markdown file under docs/} */
    static List<Path> pages() {
        try (Stream<Path> files = Files.walk(root().resolve("docs"))) {
            return files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return every Java source of a test in the repository, the examples' included} */
    static List<Path> testSources() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> root().relativize(f).toString().replace('\\', '/').contains("src/test/java/"))
                    .filter(f -> root().relativize(f).getNameCount() > 0
                            && Stream.iterate(root().relativize(f), p -> p.getParent() != null, Path::getParent)
                                    .noneMatch(p -> NOT_SOURCES.contains(p.getFileName().toString())))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return a path as the repository names it, with forward slashes} */
    static String shown(Path file) {
        return root().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /**
     * A fenced code block of a Markdown file.
     *
     * @param file the file
     * @param line the 1-based line of its opening fence
     * @param info what follows the fence, such as {@code java}
     * @param body its lines, without the fences
     */
    record Fence(Path file, int line, String info, List<String> body) {
        @Override
        public String toString() {
            return shown(file) + ":" + line;
        }
    }

    /** {@return the fenced code blocks of a Markdown file, in order} */
    static List<Fence> fences(Path markdown) {
        List<String> lines = lines(markdown);
        List<Fence> fences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String fence = open.group("fence");
            List<String> body = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !closes(lines.get(j), fence)) {
                body.add(lines.get(j));
                j++;
            }
            fences.add(new Fence(markdown, i + 1, open.group("info").strip(), body));
            i = j;
        }
        return fences;
    }

    private static boolean closes(String line, String fence) {
        String text = line.strip();
        return text.length() >= fence.length() && text.chars().allMatch(c -> c == fence.charAt(0));
    }

    /**
     * An include of a page.
     *
     * @param page the page
     * @param line its 1-based line
     * @param path the file it names, relative to the root
     * @param section the section it names, or {@code null} for the whole file
     */
    record Include(Path page, int line, String path, String section) {
        @Override
        public String toString() {
            return shown(page) + ":" + line + " (--8<-- \"" + path + (section == null ? "" : ":" + section) + "\")";
        }
    }

    /** {@return the include a line makes, if it is one} */
    static Optional<Include> include(Path page, int line, String text) {
        Matcher m = INCLUDE.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String ref = m.group("ref").strip();
        if (Files.isRegularFile(root().resolve(ref))) {
            return Optional.of(new Include(page, line, ref, null));
        }
        Matcher s = PATH_SECTION.matcher(ref);
        return Optional.of(s.matches() ? new Include(page, line, s.group("path"), s.group("section"))
                : new Include(page, line, ref, null));
    }

    /** {@return every include of a page, in code blocks or not} */
    static List<Include> includes(Path page) {
        List<String> lines = lines(page);
        List<Include> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            include(page, i + 1, lines.get(i)).ifPresent(found::add);
        }
        return found;
    }

    /**
     * A named section of a file, between its start and end markers.
     *
     * @param file the file
     * @param name the section's name
     * @param line the 1-based line of its start marker
     * @param body its lines, without the markers (and without the markers of sections nested in it)
     */
    record Section(Path file, String name, int line, List<String> body) {
        @Override
        public String toString() {
            return shown(file) + ":" + line + " [" + name + "]";
        }
    }

    /** The sections of a file, by name, and what is wrong with its markers. */
    record Sections(Map<String, Section> byName, List<String> problems) {
    }

    /** {@return the named sections of a file} */
    static Sections sections(Path file) {
        List<String> lines = lines(file);
        Map<String, Integer> open = new LinkedHashMap<>();
        Map<String, List<String>> bodies = new LinkedHashMap<>();
        Map<String, Section> done = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (m.find()) {
                String name = m.group("name");
                String where = shown(file) + ":" + (i + 1);
                if (m.group("type").equalsIgnoreCase("start")) {
                    if (open.containsKey(name) || done.containsKey(name)) {
                        problems.add(where + ": section '" + name + "' starts a second time");
                    } else {
                        open.put(name, i + 1);
                        bodies.put(name, new ArrayList<>());
                    }
                } else if (!open.containsKey(name)) {
                    problems.add(where + ": section '" + name + "' ends where it never started");
                } else {
                    done.put(name, new Section(file, name, open.remove(name), List.copyOf(bodies.remove(name))));
                }
                continue;
            }
            for (List<String> body : bodies.values()) {
                body.add(lines.get(i));
            }
        }
        open.forEach((name, line) -> problems.add(shown(file) + ":" + line + ": section '" + name + "' never ends"));
        return new Sections(done, problems);
    }
}
