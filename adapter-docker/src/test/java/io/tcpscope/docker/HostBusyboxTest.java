package io.tcpscope.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a busybox on this machine can serve an engine: the file, and the architecture in its ELF header. */
class HostBusyboxTest {

    @TempDir
    Path dir;

    /** The first 20 bytes of a 64-bit little-endian ELF executable for a machine, and some more. */
    private Path elf(String name, int machine) throws IOException {
        byte[] bytes = new byte[64];
        bytes[0] = 0x7f;
        bytes[1] = 'E';
        bytes[2] = 'L';
        bytes[3] = 'F';
        bytes[4] = 2; // 64-bit
        bytes[5] = 1; // little-endian
        bytes[6] = 1;
        bytes[16] = 2; // an executable
        bytes[18] = (byte) machine;
        bytes[19] = (byte) (machine >> 8);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void a_busybox_for_the_engines_architecture_serves_and_one_for_another_does_not() throws IOException {
        Path amd64 = elf("busybox-amd64", 62);
        Path arm64 = elf("busybox-arm64", 183);

        assertThat(HostBusybox.unusable(amd64, "linux/amd64")).isEmpty();
        assertThat(HostBusybox.unusable(arm64, "linux/arm64")).isEmpty();
        assertThat(HostBusybox.unusable(amd64, null)).as("an engine that does not say").isEmpty();
        assertThat(HostBusybox.unusable(amd64, "linux/arm64"))
                .contains("the static busybox at " + amd64 + " is for amd64, not for the engine's linux/arm64");
    }

    @Test
    void a_missing_file_or_one_that_is_not_an_elf_binary_does_not_serve() throws IOException {
        Path script = Files.writeString(dir.resolve("busybox"), "#!/bin/sh\necho not busybox\n");

        assertThat(HostBusybox.unusable(dir.resolve("none"), "linux/amd64"))
                .contains("there is no static busybox at " + dir.resolve("none"));
        assertThat(HostBusybox.unusable(dir, "linux/amd64")).contains("there is no static busybox at " + dir);
        assertThat(HostBusybox.unusable(script, "linux/amd64")).contains(script + " is not an ELF binary");
    }

    @Test
    void the_digest_is_of_the_files_bytes() throws IOException {
        Path file = Files.writeString(dir.resolve("abc"), "abc");

        // the SHA-256 of "abc", as FIPS 180-2 gives it
        assertThat(HostBusybox.sha256(file)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
