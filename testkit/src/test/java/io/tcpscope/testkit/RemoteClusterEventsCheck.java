package io.tcpscope.testkit;

import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
import io.tcpscope.docker.TestEngine;
import io.tcpscope.testkit.internal.KernelEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster on an engine whose kernel is not this process's, as a remote or desktop engine is
 * ({@code .ci/remote-engine}): its recorder samples only and says why, unless asked to read the
 * engine's kernel events through a privileged helper there; then it counts the test's own dials.
 * Not an {@code *IT}: {@code .ci/run} runs it on that engine only ({@code -Dit.test='RemoteCluster*'}).
 */
class RemoteClusterEventsCheck {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Cluster quietPair() {
        Cluster cluster = Cluster.builder().withEngine(TestEngine.require())
                .node("rke-a", n -> n.listen(9000)).node("rke-b", n -> n.listen(9000)).build().start();
        cluster.await().withTimeout(WAIT).forListeningPort("rke-b", 9000);
        return cluster;
    }

    @Test
    void a_recorder_of_a_cluster_on_another_kernel_samples_only_and_says_how_to_read_its_events() {
        try (Cluster cluster = quietPair(); TimelineRecorder recorder = cluster.recorder().start()) {
            assertThat(recorder.hasKernelEvents()).isFalse();
            assertThat(recorder.source()).startsWith("samples only: the containers run on another kernel")
                    .contains("-Dtcpscope.events=engine");
            assertThat(recorder.events().dials()).isEmpty();
        }
    }

    @Test
    void asked_to_its_recorder_counts_the_refused_dials_through_the_engines_helper() {
        String before = System.getProperty(KernelEvents.PROPERTY);
        System.setProperty(KernelEvents.PROPERTY, "engine");
        try (Cluster cluster = quietPair(); TimelineRecorder recorder = cluster.recorder().start()) {
            assertThat(recorder.hasKernelEvents()).as(recorder.source()).isTrue();
            assertThat(recorder.source()).contains("privileged helper");
            recorder.await().withTimeout(WAIT).forStable(Duration.ofMillis(300));

            // when: 4 dials where nothing listens
            String ip = cluster.node("rke-b").ip();
            cluster.execInContainer("rke-a", "sh", "-c", "for i in $(seq 4); do nc -w 2 " + ip + " 9001 </dev/null; done; true");
            recorder.syncEvents(Duration.ofSeconds(10));

            // then
            List<Dial> failed = recorder.events().failedDials();
            assertThat(failed).hasSize(4).allSatisfy(d -> {
                assertThat(d.outcome()).isEqualTo(DialOutcome.REFUSED);
                assertThat(d.from()).isEqualTo("rke-a");
                assertThat(d.to()).isEqualTo("rke-b");
            });
        } finally {
            if (before == null) {
                System.clearProperty(KernelEvents.PROPERTY);
            } else {
                System.setProperty(KernelEvents.PROPERTY, before);
            }
        }
    }
}
