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
    }
}
