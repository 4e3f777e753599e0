package io.tcpscope.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tcpscope.core.Golden;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reader helper's script and this side of its conversation, without an engine: the script runs
 * under this machine's static busybox, as it does in the helper's image, against a {@code /proc} of
 * the test's own making ({@code $PROC}), and its stdout comes back to {@link ReaderStream} as the
 * engine's frames would. It needs {@code /bin/busybox}, as every IT here does.
 */
class ReaderScriptIT {

    private static final String ID_A = "3f2a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    private static final String ID_B = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";

    @TempDir
    Path proc;

    private Process helper;
    private ReaderStream stream;

    @BeforeEach
    void start() throws IOException {
        ProcessBuilder sh = new ProcessBuilder(HelperBase.HOST_BUSYBOX_PATH, "sh", "-c", ReaderStream.SCRIPT);
        sh.environment().put("PROC", proc.toString());
        helper = sh.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        stream = new ReaderStream(1024 * 1024);
        InputStream requests = stream.stdin();
        OutputStream stdin = helper.getOutputStream();
        daemon(() -> {
            byte[] buffer = new byte[512];
            try (requests; stdin) {
                for (int n; (n = requests.read(buffer)) > 0; ) {
                    stdin.write(buffer, 0, n); // what the engine does with the attached stdin
                    stdin.flush();
                }
            } catch (IOException e) {
                // the test ended the stream
            }
        });
        daemon(() -> {
            byte[] buffer = new byte[777]; // frames cut anywhere, as the engine's are
            try (InputStream stdout = helper.getInputStream()) {
                for (int n; (n = stdout.read(buffer)) > 0; ) {
                    byte[] payload = java.util.Arrays.copyOf(buffer, n);
                    stream.onNext(new Frame(StreamType.STDOUT, payload));
                }
                stream.onComplete();
            } catch (IOException e) {
                stream.end("its stdout closed: " + e.getMessage()); // the test destroyed it
            }
        });
    }

    @AfterEach
    void stop() throws InterruptedException {
        stream.close();
        helper.destroy();
        helper.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void a_process_of_the_container_is_read_whole_with_its_ipv6_table() throws Exception {
        process(41, ID_A, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));

        ReaderStream.Answer answer = answer(stream.request(41, ID_A));

        assertThat(answer.read()).isTrue();
        assertThat(new String(answer.tables(), StandardCharsets.US_ASCII))
                .isEqualTo(Golden.listing("proc-net-tcp") + Golden.listing("proc-net-tcp6"));
    }

    @Test
    void a_namespace_without_ipv6_has_no_ipv6_table() throws Exception {
        process(42, ID_A, Golden.listing("proc-net-tcp"), null);

        ReaderStream.Answer answer = answer(stream.request(42, ID_A));

        assertThat(answer.read()).isTrue();
        assertThat(new String(answer.tables(), StandardCharsets.US_ASCII)).isEqualTo(Golden.listing("proc-net-tcp"));
    }

    @Test
    void a_process_of_another_container_or_none_is_gone_and_nothing_of_it_is_read() throws Exception {
        process(43, ID_B, Golden.listing("proc-net-tcp"), Golden.listing("proc-net-tcp6"));

        ReaderStream.Answer other = answer(stream.request(43, ID_A));
        ReaderStream.Answer none = answer(stream.request(44, ID_A));

        assertThat(other.read()).isFalse();
        assertThat(other.tables()).isEmpty();
        assertThat(none.read()).isFalse();
    }

    @Test
    void many_requests_in_flight_are_answered_each_with_its_own_table() throws Exception {
        process(45, ID_A, Golden.listing("proc-net-tcp"), null);
        process(46, ID_B, "  sl  local_address rem_address   st\n", null);

        CompletableFuture<?>[] asked = new CompletableFuture<?>[200];
        for (int i = 0; i < asked.length; i++) {
            asked[i] = i % 2 == 0 ? stream.request(45, ID_A) : stream.request(46, ID_B);
        }

        for (int i = 0; i < asked.length; i++) {
            ReaderStream.Answer answer = answer(asked[i]);
            assertThat(new String(answer.tables(), StandardCharsets.US_ASCII))
                    .isEqualTo(i % 2 == 0 ? Golden.listing("proc-net-tcp") : "  sl  local_address rem_address   st\n");
        }
    }

    @Test
    void a_malformed_request_is_refused_here_and_by_the_script() throws Exception {
        assertThatThrownBy(() -> stream.request(47, ID_A + "\n1 1 " + ID_A)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stream.request(0, ID_A)).isInstanceOf(IllegalArgumentException.class);

        // the script's own check, for a line this side would never send
        Path script = proc.resolve("reader.sh");
        Files.writeString(script, ReaderStream.SCRIPT);
        Process sh = new ProcessBuilder(HelperBase.HOST_BUSYBOX_PATH, "sh", script.toString()).start();
        try (OutputStream in = sh.getOutputStream()) {
            in.write("7 41;ls x\n8 ../1 x\n9 41 $(id)\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("@7 end bad\n@8 end bad\n@9 end bad\n");
    }

    @Test
    void an_answer_over_the_limit_is_dropped_whole_and_the_next_one_is_read() throws Exception {
        String big = Golden.listing("proc-net-tcp").repeat(20_000); // over the 1 MiB this stream takes
        process(48, ID_A, big, null);
        process(49, ID_B, Golden.listing("proc-net-tcp"), null);

        ReaderStream.Answer over = answer(stream.request(48, ID_A));
        ReaderStream.Answer next = answer(stream.request(49, ID_B));

        assertThat(over.exceeded()).isTrue();
        assertThat(next.exceeded()).isFalse();
        assertThat(new String(next.tables(), StandardCharsets.US_ASCII)).isEqualTo(Golden.listing("proc-net-tcp"));
    }

    @Test
    void requests_after_the_helper_ended_fail_with_why() throws Exception {
        helper.destroy();
        helper.waitFor(10, TimeUnit.SECONDS);

        CompletableFuture<ReaderStream.Answer> late = stream.request(41, ID_A);

        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ReaderStream.ReaderEndedException.class);
    }

    @Test
    void only_a_cgroup_that_ends_in_the_containers_id_as_a_path_element_is_the_containers() throws Exception {
        // given: cgroup files as the kernel writes them. The first was captured on the CI engine (Docker 20.10,
        // cgroup v1, cgroupfs: 'docker run busybox cat /proc/self/cgroup', cut to three of its lines); then
        // cgroup v2 under systemd, that as the helper's own cgroup namespace shows it, and Podman's scopes
        process(51, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(51, "9:name=systemd:/docker/" + ID_A + "\n8:pids:/docker/" + ID_A + "\n0::/docker/" + ID_A + "\n");
        process(52, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(52, "0::/system.slice/docker-" + ID_A + ".scope\n");
        process(53, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(53, "0::/../docker-" + ID_A + ".scope\n");
        process(54, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(54, "0::/machine.slice/libpod-" + ID_A + ".scope/container\n");
        process(55, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(55, "0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID_A + ".scope\n");
        // Podman 4.3 with its cgroupfs manager, cgroup v1 ('podman run busybox cat /proc/self/cgroup', two lines)
        process(61, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(61, "9:name=systemd:/libpod_parent/libpod-" + ID_A + "\n8:pids:/libpod_parent/libpod-" + ID_A + "\n");
        // a container in container A (Docker in Docker), whose cgroup names A only as an element above its own
        process(56, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(56, "8:pids:/docker/" + ID_A + "/docker/" + ID_B + "\n0::/docker/" + ID_A + "/docker/" + ID_B + "\n");
        // A's id inside longer path elements
        process(57, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(57, "0::/system.slice/docker-" + ID_A + ".scope.old\n");
        process(58, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(58, "0::/kubepods/besteffort/pod" + ID_A + "\n");
        process(59, ID_A, Golden.listing("proc-net-tcp"), null);
        cgroup(59, "0::/docker/" + ID_A + "0\n");

        // then
        for (long pid : new long[] {51, 52, 53, 54, 55, 61}) {
            assertThat(answer(stream.request(pid, ID_A)).read()).as("PID %d, of A", pid).isTrue();
        }
        for (long pid = 56; pid <= 59; pid++) {
            ReaderStream.Answer answer = answer(stream.request(pid, ID_A));
            assertThat(answer.read()).as("PID %d, not of A", pid).isFalse();
            assertThat(answer.tables()).as("PID %d, not of A", pid).isEmpty();
        }
    }

    @Test
    void a_pid_that_now_holds_another_process_than_the_one_first_read_is_gone() throws Exception {
        // given: PID 60 of container A, started at tick 1000 (field 22 of its stat)
        process(60, ID_A, Golden.listing("proc-net-tcp"), null);
        ReaderStream.Answer first = answer(stream.request(60, ID_A, 0));
        assertThat(first.read()).isTrue();
        assertThat(first.startTicks()).isEqualTo(1000);

        // when: the process ended, and its PID went to another one, started later, in the same cgroup
        stat(60, "(sh) S", 2000);

        // then: asked for the process first read, the PID is gone; asked for the new one, it is read
        ReaderStream.Answer reused = answer(stream.request(60, ID_A, 1000));
        assertThat(reused.read()).isFalse();
        assertThat(reused.tables()).isEmpty();
        ReaderStream.Answer now = answer(stream.request(60, ID_A, 2000));
        assertThat(now.read()).isTrue();
        assertThat(now.startTicks()).isEqualTo(2000);
    }

    @Test
    void a_process_whose_name_holds_parentheses_and_spaces_has_its_start_tick_read_after_the_name() throws Exception {
        process(61, ID_A, Golden.listing("proc-net-tcp"), null);
        stat(61, "(a) b) c 7) R", 4242);

        ReaderStream.Answer answer = answer(stream.request(61, ID_A, 4242));

        assertThat(answer.read()).isTrue();
        assertThat(answer.startTicks()).isEqualTo(4242);
    }

    @Test
    void an_interrupted_caller_fails_alone_and_the_stream_serves_the_other_threads() throws Exception {
        // given
        process(62, ID_A, Golden.listing("proc-net-tcp"), null);
        AtomicReference<Object> interruptedCaller = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();

        // when: one thread asks with its interrupt flag set
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                interruptedCaller.set(stream.request(62, ID_A));
            } catch (RuntimeException e) {
                interruptedCaller.set(e);
            }
            flagKept.set(Thread.currentThread().isInterrupted());
        }, "interrupted-caller");
        caller.start();
        caller.join(30_000);

        // then: its flag is kept, and another thread's request, made after it, is answered
        assertThat(flagKept).isTrue();
        assertThat(interruptedCaller.get()).isNotNull();
        ReaderStream.Answer other = answer(stream.request(62, ID_A));
        assertThat(other.read()).isTrue();
        assertThat(new String(other.tables(), StandardCharsets.US_ASCII)).isEqualTo(Golden.listing("proc-net-tcp"));
        assertThat(stream.ended()).isFalse();
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "reader-script-it");
        thread.setDaemon(true);
        thread.start();
    }

    private static ReaderStream.Answer answer(CompletableFuture<?> asked) throws Exception {
        return (ReaderStream.Answer) asked.get(30, TimeUnit.SECONDS);
    }

    private void process(long pid, String containerId, String tcp, String tcp6) throws IOException {
        Path net = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("net"));
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("cgroup"),
                "12:pids:/docker/" + containerId + "\n0::/system.slice/docker-" + containerId + ".scope\n");
        Files.writeString(net.resolve("tcp"), tcp);
        if (tcp6 != null) {
            Files.writeString(net.resolve("tcp6"), tcp6);
        }
        stat(pid, "(sh) S", 1000);
    }

    private void cgroup(long pid, String lines) throws IOException {
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("cgroup"), lines);
    }

    /** A stat line as the kernel writes it: the PID, the name in parentheses, the state, and field 22 the start tick. */
    private void stat(long pid, String nameAndState, long startTicks) throws IOException {
        Files.writeString(proc.resolve(Long.toString(pid)).resolve("stat"), pid + " " + nameAndState
                + " 1 " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 " + startTicks + " 4509696 200\n");
    }
}
