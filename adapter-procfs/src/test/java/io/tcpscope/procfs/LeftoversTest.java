package io.tcpscope.procfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweep of dead processes' instances, over a directory laid out as {@code instances/} is, and a fake /proc. */
class LeftoversTest {

    @TempDir
    Path root;

    @Test
    void only_instances_of_ours_whose_process_is_gone_are_removed() throws IOException {
        // given: /proc knows pid 100 only
        Path proc = Files.createDirectories(root.resolve("proc/100"));
        Path instances = Files.createDirectories(root.resolve("instances"));
        for (String name : new String[] {"tcpscope-100-1-0badcafe", "tcpscope-200-1-0badcafe", "tcpscope-200-2-ab",
                "tcpscope-capture-200", "mine-200-1-ab"}) {
            Files.createDirectory(instances.resolve(name));
        }

        // when
        int removed = Leftovers.sweep(instances, proc.getParent());

        // then
        assertThat(removed).isEqualTo(2);
        try (Stream<Path> left = Files.list(instances)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tcpscope-100-1-0badcafe", "tcpscope-capture-200", "mine-200-1-ab");
        }
    }

    @Test
    void an_instance_the_kernel_will_not_remove_is_left_and_not_counted() throws IOException {
        // given: a dead process's instance that is not empty, as a busy one is to rmdir
        Path proc = Files.createDirectories(root.resolve("proc"));
        Path instances = Files.createDirectories(root.resolve("instances"));
        Files.createFile(Files.createDirectory(instances.resolve("tcpscope-200-1-ab")).resolve("trace_pipe"));

        // when
        int removed = Leftovers.sweep(instances, proc);

        // then
        assertThat(removed).isZero();
        assertThat(instances.resolve("tcpscope-200-1-ab")).isDirectory();
    }
}
