package io.tcpscope.docs;

import io.tcpscope.docs.Docs.Fence;
import io.tcpscope.docs.Docs.Section;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java samples are proven as the site's are: each {@code ```java} block of README.md
 * stands, line for line (leading indentation aside), inside a named section
 * ({@code // --8<-- [start:<name>]} ... {@code // --8<-- [end:<name>]}) of a test's source, so a test
 * compiles and runs it. GitHub shows the README as it is, so it cannot include; this proves the copy.
 */
class ReadmeSamplesTest {

    @Test
    void every_java_block_of_the_readme_is_in_a_section_of_a_test() {
        // given
        List<Section> sections = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path source : Docs.testSources()) {
            Docs.Sections found = Docs.sections(source);
            sections.addAll(found.byName().values());
            problems.addAll(found.problems());
        }

        // when
        List<String> unproven = new ArrayList<>();
        for (Fence block : Docs.fences(Docs.root().resolve("README.md"))) {
            if (block.info().equals("java")) {
                unproven.addAll(proof(block, sections));
            }
        }

        // then
        assertThat(problems).as("malformed sections in tests' sources").isEmpty();
        assertThat(unproven).as("README samples that no test runs as written").isEmpty();
    }

    @Test
    void a_block_is_found_inside_a_section_whatever_its_indentation_and_a_changed_line_is_named() {
        // given: a section indented as in a test method, and a block as a page shows it
        Section section = new Section(Path.of("T.java"), "s", 3,
                List.of("        int a = 1;", "", "        int b = a + 1;", "        int c = b;"));
        Fence same = new Fence(Path.of("README.md"), 10, "java", List.of("int a = 1;", "", "int b = a + 1;"));
        Fence changed = new Fence(Path.of("README.md"), 20, "java", List.of("int a = 1;", "", "int b = a + 2;"));

        // when / then
        assertThat(proof(same, List.of(section))).isEmpty();
        assertThat(proof(changed, List.of(section))).singleElement().asString()
                .contains("README.md:20").contains("int b = a + 2;").contains("int b = a + 1;");
    }

    /** Nothing if the block stands in a section; else why not, naming the closest section and the first line that differs. */
    static List<String> proof(Fence block, List<Section> sections) {
        List<String> wanted = normalised(block.body());
        int bestLength = -1;
        String best = "no section of any test's source";
        for (Section section : sections) {
            List<String> body = normalised(section.body());
            for (int start = 0; start < Math.max(1, body.size()); start++) {
                int k = 0;
                while (k < wanted.size() && start + k < body.size() && body.get(start + k).equals(wanted.get(k))) {
                    k++;
                }
                if (k == wanted.size()) {
                    return List.of();
                }
                if (k > bestLength) {
                    bestLength = k;
                    best = section + ", whose line " + (section.line() + 1 + start + k) + " is '"
                            + (start + k < body.size() ? body.get(start + k) : "(the section's end)") + "'";
                }
            }
        }
        if (bestLength <= 0) {
            return List.of(block + ": no section of any test's source holds its first line, '" + wanted.get(0)
                    + "'; put the sample in a test, between section markers, and show it here as it is there");
        }
        return List.of(block + ": the block's line " + (bestLength + 1) + ", '" + wanted.get(bestLength)
                + "', is not in any section of a test; the closest is " + best);
    }

    private static List<String> normalised(List<String> lines) {
        List<String> out = new ArrayList<>(lines.stream().map(String::strip).toList());
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        return out;
    }
}
