package io.tcpscope.testkit;

import com.github.dockerjava.api.DockerClient;
import io.tcpscope.docker.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM that exits while a cluster starts (as Ctrl-C would make it) leaves none of the cluster's
 * containers or network behind: its hook is there from the start's beginning, and the start gives
 * up once the hook closes the cluster. The JVM is a child process, {@link Child}, which exits as soon
 * as the engine lists the first of its cluster's 16 containers; the oracle is the engine's own listing.
 */
@Timeout(300)
class ExitDuringStartIT {

    private static final String ID_LINE = "cluster-id=";

    @Test
    void an_exit_during_a_start_removes_what_the_start_had_created() throws Exception {
        // given
        List<String> command = List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        String id = null;

        // when: it exits part way through its start
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith(ID_LINE)) {
                    id = line.substring(ID_LINE.length());
                }
            }
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child exited").isTrue();

        // then
        assertThat(child.exitValue()).as("the child's exit status; it said: %s", output).isEqualTo(Child.EXITED_MID_START);
        assertThat(id).as("the cluster's id; the child said: %s", output).isNotNull();
        DockerClient docker = TestEngine.client();
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Cluster.LABEL, id)).exec())
                .as("the cluster's containers after the exit; the child said: %s", output).isEmpty();
        assertThat(docker.listNetworksCmd().withFilter("label", List.of(Cluster.LABEL + "=" + id)).exec()).isEmpty();
    }

    /** Starts a cluster of 16 nodes on a thread, and exits once the engine lists its first container. */
    static final class Child {

        static final int EXITED_MID_START = 3;
        static final int START_ENDED_FIRST = 4;

        public static void main(String[] args) throws Exception {
            Cluster cluster = Cluster.builder().withEngine(TestEngine.require()).nodes(16).build();
            System.out.println(ID_LINE + cluster.id());
            System.out.flush();
            Thread start = new Thread(() -> {
                try {
                    cluster.start();
                } catch (RuntimeException abandoned) {
                    System.out.println("the start ended: " + abandoned);
                }
            });
            start.setDaemon(true);
            start.start();
            DockerClient docker = TestEngine.client();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && start.isAlive()) {
                if (!docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Cluster.LABEL, cluster.id()))
                        .exec().isEmpty()) {
                    System.exit(EXITED_MID_START);
                }
                Thread.sleep(20);
            }
            System.exit(START_ENDED_FIRST);
        }
    }
}
