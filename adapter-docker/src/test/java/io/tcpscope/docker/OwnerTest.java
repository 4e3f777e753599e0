package io.tcpscope.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Who owns a container, judged from the labels and /proc alone, with no name lookup and no clock. */
class OwnerTest {

    private static final long ME = ProcessHandle.current().pid();

    @Test
    void on_linux_the_label_names_the_boot_the_pid_namespace_the_user_the_pid_and_its_start_tick() throws Exception {
        // given: the kernel's own answers, read by other tools than the code under test
        String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replaceAll("[^0-9]", "");
        String uid = run("id", "-u");
        String ticks = run("sh", "-c", "cut -d' ' -f22 /proc/" + ME + "/stat");

        // then
        assertThat(Owner.self().label()).isEqualTo(boot + "/" + ns + "/" + uid + "/" + ME + "/" + ticks);
    }

    @Test
    void without_a_linux_proc_the_machine_is_named_by_its_host_name(@TempDir Path notProc) {
        long millis = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElseThrow();
        assertThat(Owner.current(notProc).label()).endsWith("/-/-/" + ME + "/" + millis).doesNotStartWith("/");
    }

    @Test
    void without_a_linux_proc_a_label_of_another_machine_of_the_same_host_name_is_never_judged_dead(@TempDir Path notProc) {
        // given: this JVM without /proc, and the label that a JVM of another machine with this host name
        // wrote, whose PID is no process here
        Owner self = Owner.current(notProc);
        String[] parts = self.label().split("/");
        parts[3] = "999999937";
        String otherMachine = String.join("/", parts);

        // then
        assertThat(self.isDeadOwner(otherMachine)).isFalse();
        assertThat(self.isDeadOwner(self.label())).isFalse();
    }

    @Test
    void without_a_linux_proc_the_label_carries_a_random_token_of_this_jvm(@TempDir Path notProc, @TempDir Path owners) {
        Owner first = Owner.current(notProc, owners);
        Owner second = Owner.current(notProc, owners);

        assertThat(first.label()).matches("[^/]+\\+[0-9a-f]{32}/-/-/" + ME + "/[0-9]+");
        assertThat(first.label()).isNotEqualTo(second.label());
        assertThat(first.label().split("/")[0]).startsWith(second.label().split("\\+")[0] + "+");
    }

    @Test
    void without_a_linux_proc_a_token_is_dead_only_where_its_jvm_registered_it_here_and_let_go_of_it(
            @TempDir Path notProc, @TempDir Path owners) throws IOException {
        // given: a live owner (this JVM holds its registration), and a token registered here whose JVM is
        // gone (its file is there, and nobody holds it)
        Owner live = Owner.current(notProc, owners);
        Owner judge = Owner.current(notProc, owners);
        String host = live.label().split("\\+")[0];
        String deadToken = "0123456789abcdef0123456789abcdef";
        Files.writeString(owners.resolve(deadToken), "");
        String unknownToken = "fedcba9876543210fedcba9876543210";

        // then
        assertThat(judge.isDeadOwner(live.label())).as("a live JVM of this machine").isFalse();
        assertThat(judge.isDeadOwner(host + "+" + deadToken + "/-/-/12345/1")).as("a gone JVM of this machine").isTrue();
        assertThat(judge.isDeadOwner(host + "+" + unknownToken + "/-/-/12345/1")).as("another machine's").isFalse();
        assertThat(judge.isDeadOwner("other-host+" + deadToken + "/-/-/12345/1")).as("another host name").isFalse();
        assertThat(judge.isDeadOwner(host + "+../../x/-/-/12345/1")).as("not a token").isFalse();
    }

    @Test
    void a_process_of_this_boot_namespace_and_user_that_is_gone_or_replaced_is_dead_and_nothing_else(@TempDir Path proc)
            throws IOException {
        // given: a proc root where PID 40 started at tick 1000, and PID 41 is gone
        Files.createDirectories(proc.resolve("40"));
        Files.writeString(proc.resolve("40/stat"), "40 (java (a) b) S 1 40 40 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 9 0 1000 5 6\n");
        Owner self = new Owner(proc, "boot-1", "4026531836", "1000", 39, 900);

        // then
        assertThat(self.isDeadOwner("boot-1/4026531836/1000/40/1000")).as("alive").isFalse();
        assertThat(self.isDeadOwner("boot-1/4026531836/1000/40/999")).as("its PID now holds another process").isTrue();
        assertThat(self.isDeadOwner("boot-1/4026531836/1000/41/1000")).as("gone").isTrue();
        assertThat(self.isDeadOwner("boot-2/4026531836/1000/41/1000")).as("another boot or machine").isFalse();
        assertThat(self.isDeadOwner("boot-1/4026532000/1000/41/1000")).as("another PID namespace").isFalse();
        assertThat(self.isDeadOwner("boot-1/4026531836/0/41/1000")).as("another user, maybe hidden by hidepid").isFalse();
        assertThat(self.isDeadOwner("host/123/456")).as("an older label").isFalse();
        assertThat(self.isDeadOwner("boot-1/4026531836/1000/99999999999999999999/1")).as("not a PID").isFalse();
        assertThat(self.isDeadOwner(null)).isFalse();
    }

    @Test
    void start_ticks_are_field_22_counted_after_the_name_whatever_the_name_holds() {
        assertThat(Owner.startTicks("7 (a) b) c) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 1 2")).isEqualTo(4242);
        assertThat(Owner.startTicks("not a stat line")).isEqualTo(-1);
        assertThat(Owner.startTicks("7 (x) S 1")).isEqualTo(-1);
        assertThat(Owner.uidOf("Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\n")).isEqualTo("1000");
        assertThat(Owner.uidOf("Name:\tjava\n")).isNull();
    }

    private static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
