package io.tcpscope.assertj;

import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.TimelineRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;

/** The README's timeline example, run as written (with the test engine's environment): if this changes, change the README. */
@ExtendWith(RequiresDocker.class)
class TimelineExampleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void a_partition_shows_in_the_timeline_and_heals() {
        // --8<-- [start:readme]
        try (Cluster cluster = Cluster.builder().nodes(3).fullMesh().build().start();
             TimelineRecorder recorder = cluster.record()) {                  // a snapshot every 100 ms
            cluster.awaitFullMesh(WAIT);
            recorder.awaitStable(Duration.ofSeconds(1), WAIT);                // the gate before asserting
            cluster.disconnect("node-3");
            recorder.awaitEvent(e -> e.joins("node-1", "node-3") && e.isDrop(), WAIT);
            cluster.reconnect("node-3");
            cluster.awaitFullMesh(WAIT);
            recorder.awaitStable(Duration.ofSeconds(1), WAIT);
            assertThat(recorder)
                    .hasDropped("node-1", "node-3")
                    .hasFlappedAtMost("node-1", "node-2", 0)
                    .hasHealedWithin(Duration.ofSeconds(30))
                    .hasNoReconnectStorm(3, Duration.ofSeconds(10))
                    .hasNoStalledLinks();
            recorder.edgeHistory("node-1", "node-3").forEach(System.out::println);
        }
        // --8<-- [end:readme]
    }
}
