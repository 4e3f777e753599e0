package io.tcpscope.procfs;

import io.tcpscope.core.Golden;
import io.tcpscope.core.InspectionFailedException;
import io.tcpscope.core.OutputLimitExceededException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Reading {@code /proc} tables with a cap and a size guess per table, on a proc root laid out like
 * the kernel's whose files are real: sparse files larger than any table, a FIFO, the captured tables.
 */
class TableReaderTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path proc;

    private final List<Path> fifos = new ArrayList<>();

    @AfterEach
    void unblockFifos() {
        // a reader stuck opening a FIFO (before the fix) is let go by a writer; a daemon, so none is left waiting
        for (Path fifo : fifos) {
            Thread writer = new Thread(() -> {
                try (OutputStream out = Files.newOutputStream(fifo)) {
                    out.flush();
                } catch (IOException e) {
                    // nobody was waiting
                }
            });
            writer.setDaemon(true);
            writer.start();
        }
    }

    @Test
    void a_table_past_the_default_cap_fails_naming_the_file_and_the_cap_even_past_two_gib() throws IOException {
        // given: a 2.5 GiB sparse file where the kernel's table would be
        Path tcp = net(9).resolve("tcp");
        sparse(tcp, 5 * GIB / 2);

        // then
        assertThatThrownBy(() -> new ProcfsInspector(c -> 9, proc).connections("node-a"))
                .isInstanceOfSatisfying(OutputLimitExceededException.class, e -> {
                    assertThat(e.limitBytes()).isEqualTo(64L * 1024 * 1024).isEqualTo(ProcfsInspector.DEFAULT_OUTPUT_LIMIT);
                    assertThat(e.container()).isEqualTo("node-a");
                    assertThat(e).hasMessage("'" + tcp + "' in container 'node-a' wrote more than 67108864 bytes,"
                            + " the output limit; raise the limit if the table really is that large");
                });
    }

    @Test
    void the_cap_is_the_inspectors_to_set_and_a_table_of_exactly_the_cap_is_read() throws IOException {
        // given: the captured table, and caps just under and exactly at its size
        String table = Golden.listing("proc-net-tcp");
        Files.writeString(net(9).resolve("tcp"), table);
        int size = table.getBytes(java.nio.charset.StandardCharsets.US_ASCII).length;

        // then
        assertThat(ProcfsInspector.builder(c -> 9).withProcRoot(proc).withOutputLimit(size).build().connections("node-a"))
                .hasSize(17);
        assertThatThrownBy(() -> ProcfsInspector.builder(c -> 9).withProcRoot(proc).withOutputLimit(size - 1).build()
                .connections("node-a"))
                .isInstanceOfSatisfying(OutputLimitExceededException.class, e -> assertThat(e.limitBytes()).isEqualTo(size - 1));
        assertThatThrownBy(() -> ProcfsInspector.builder(c -> 9).withOutputLimit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcfsInspector.builder(c -> 9).withOutputLimit(2 * GIB)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void each_table_keeps_its_own_size_guess() throws IOException {
        // given: a large table (1.5 MB) read first, then a small one of another process
        Path large = net(9).resolve("tcp");
        Files.write(large, Golden.bytes("many/proc-net-tcp.gz"));
        Path small = net(10).resolve("tcp");
        Files.writeString(small, Golden.listing("proc-net-tcp"));
        TableReader reader = new TableReader();
        reader.read(large);

        // when
        ByteBuffer read = reader.read(small);

        // then: the small table's buffer is the first guess, not sized after the other's table
        assertThat(read.capacity()).isEqualTo(TableReader.MIN_CAPACITY);
        assertThat(reader.read(large).capacity()).isLessThan((int) (2 * Files.size(large)));
    }

    @Test
    void a_fifo_in_place_of_a_table_is_refused_without_waiting_for_a_writer() throws Exception {
        // given: a FIFO, whose open would wait for a writer forever
        Path tcp = net(9).resolve("tcp");
        Process mkfifo = new ProcessBuilder("mkfifo", tcp.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        fifos.add(tcp);

        // then
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> new ProcfsInspector(c -> 9, proc).connections("node-a"))
                .isInstanceOf(InspectionFailedException.class)
                .hasMessageContaining(tcp + " is not a regular file"));
    }

    private Path net(long pid) throws IOException {
        Files.createDirectories(proc.resolve("self"));
        return Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("net"));
    }

    private static void sparse(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
