package io.tcpscope.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Who owns a container, judged from the labels alone, with no name lookup. */
class OwnerTest {

    private static final ProcessHandle ME = ProcessHandle.current();
    private static final long STARTED = ME.info().startInstant().map(Instant::toEpochMilli).orElseThrow();

    @Test
    void on_linux_the_label_names_the_boot_the_pid_namespace_the_pid_and_its_start() throws IOException {
        // given: the kernel's own answers, read independently of the code under test
        String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();

        // then
        assertThat(Owner.self().label()).isEqualTo(boot + "/" + ns.replaceAll("[^0-9]", "") + "/" + ME.pid() + "/" + STARTED);
    }

    @Test
    void without_a_linux_proc_the_machine_is_named_by_its_host_name(@TempDir Path notProc) {
        assertThat(Owner.current(notProc).label()).endsWith("/-/" + ME.pid() + "/" + STARTED).doesNotStartWith("/-/");
    }

    @Test
    void a_process_of_this_boot_and_namespace_that_is_gone_is_dead_and_nothing_else_is() throws Exception {
        // given
        Owner self = new Owner("boot-1", "4026531836", ME.pid(), STARTED);
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        // then
        assertThat(self.isDeadOwner("boot-1/4026531836/" + ended.pid() + "/1")).isTrue();
        assertThat(self.isDeadOwner("boot-1/4026531836/" + ME.pid() + "/" + (STARTED - 1000))).as("PID reused").isTrue();
        assertThat(self.isDeadOwner(self.label())).as("alive").isFalse();
        assertThat(self.isDeadOwner("boot-2/4026531836/" + ended.pid() + "/1")).as("another boot or machine").isFalse();
        assertThat(self.isDeadOwner("boot-1/4026532000/" + ended.pid() + "/1")).as("another PID namespace").isFalse();
        assertThat(self.isDeadOwner("host/123/456")).as("an older label").isFalse();
        assertThat(self.isDeadOwner("boot-1/4026531836/99999999999999999999/1")).as("not a PID").isFalse();
        assertThat(self.isDeadOwner(null)).isFalse();
    }
}
