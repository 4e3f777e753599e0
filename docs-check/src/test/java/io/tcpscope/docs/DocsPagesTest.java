package io.tcpscope.docs;

import io.tcpscope.docs.Docs.Fence;
import io.tcpscope.docs.Docs.Include;
import io.tcpscope.docs.Docs.Section;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The site's pages show no code that nothing runs: every fenced code block is made of includes
 * ({@code --8<-- "path:section"}), each of a file that a test or CI runs, and every include names a
 * file and a section that exist. The strict MkDocs build checks the last part too (check_paths), but
 * only where MkDocs is installed; this runs in every build.
 */
class DocsPagesTest {

    /**
     * Where a sample may come from: a test's sources or resources, an example project that CI builds
     * and tests, or a CI script.
     */
    private static final Pattern RUN_BY_A_TEST_OR_CI = Pattern.compile("^(.+/)?src/test/.+|^examples/.+|^\\.ci/.+");

    @Test
    void the_site_has_pages() {
        assertThat(Docs.pages()).extracting(Docs::shown)
                .contains("docs/index.md", "docs/concepts.md", "docs/cli.md", "docs/troubleshooting.md");
    }

    @Test
    void every_fenced_code_block_is_made_of_includes() {
        // given
        List<String> bare = new ArrayList<>();

        // when
        for (Path page : Docs.pages()) {
            for (Fence fence : Docs.fences(page)) {
                List<String> lines = fence.body().stream().filter(l -> !l.isBlank()).toList();
                if (lines.isEmpty() || !lines.stream().allMatch(l -> Docs.INCLUDE.matcher(l).matches())) {
                    bare.add(fence + " (```" + fence.info() + "): " + lines.stream().findFirst().orElse("(empty)").strip());
                }
            }
        }

        // then
        assertThat(bare).as("code blocks that are not included from a file a test or CI runs: write the sample in a"
                + " test, between // --8<-- [start:<name>] and // --8<-- [end:<name>], and include it with"
                + " --8<-- \"path/to/Test.java:<name>\"").isEmpty();
    }

    @Test
    void every_code_block_includes_a_file_that_a_test_or_ci_runs() {
        List<String> elsewhere = new ArrayList<>();
        for (Path page : Docs.pages()) {
            for (Fence fence : Docs.fences(page)) {
                for (int i = 0; i < fence.body().size(); i++) {
                    Optional<Include> include = Docs.include(page, fence.line() + 1 + i, fence.body().get(i));
                    include.filter(in -> !RUN_BY_A_TEST_OR_CI.matcher(in.path()).matches())
                            .ifPresent(in -> elsewhere.add(in.toString()));
                }
            }
        }
        assertThat(elsewhere).as("samples from files that no test or CI runs (a test's sources or resources,"
                + " examples/ or .ci/)").isEmpty();
    }

    @Test
    void every_include_names_a_file_and_a_section_that_exist() {
        // given
        List<String> broken = new ArrayList<>();

        // when
        for (Path page : Docs.pages()) {
            for (Include include : Docs.includes(page)) {
                Path file = Docs.root().resolve(include.path());
                if (!Files.isRegularFile(file)) {
                    broken.add(include + ": no such file");
                    continue;
                }
                if (include.section() != null) {
                    Docs.Sections sections = Docs.sections(file);
                    broken.addAll(sections.problems());
                    Section section = sections.byName().get(include.section());
                    if (section == null) {
                        broken.add(include + ": no section '" + include.section() + "' in " + include.path()
                                + "; it has " + sections.byName().keySet());
                    } else if (section.body().stream().allMatch(String::isBlank)) {
                        broken.add(include + ": the section is empty");
                    }
                }
            }
        }

        // then
        assertThat(broken).isEmpty();
    }

    @Test
    void a_block_of_plain_code_is_found_and_an_include_is_not() throws Exception {
        // given: a page with one block of each kind
        Path page = Files.createTempFile("page", ".md");
        try {
            Files.writeString(page, String.join("\n", "# Page", "", "```java", "int x = 1;", "```", "",
                    "```java", "--8" + "<-- \"core/pom.xml\"", "```", ""));

            // when
            List<Fence> fences = Docs.fences(page);

            // then
            assertThat(fences).hasSize(2);
            assertThat(fences.get(0).body()).containsExactly("int x = 1;");
            assertThat(fences.get(0).body().stream().allMatch(l -> Docs.INCLUDE.matcher(l).matches())).isFalse();
            assertThat(fences.get(1).body().stream().allMatch(l -> Docs.INCLUDE.matcher(l).matches())).isTrue();
        } finally {
            Files.delete(page);
        }
    }
}
