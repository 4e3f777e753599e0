package io.tcpscope.assertj;

import io.tcpscope.core.topology.Timeline;
import io.tcpscope.docker.RequiresDocker;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.TimelineRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static io.tcpscope.assertj.TcpscopeAssertions.assertThat;

/**
 * The timeline example of the docs, run as written (with the test engine's environment): the docs include it from
 * here. The assertions read a snapshot of the recorder's timeline ({@code recorder.timeline()}), which no later
 * sample changes.
 */
@ExtendWith(RequiresDocker.class)
class TimelineExampleIT {

    @Test
    void a_partition_shows_in_the_timeline_and_heals() {
        // --8<-- [start:timeline]
        try (Cluster cluster = Cluster.builder().nodes(3).fullMesh().build().start();
             TimelineRecorder recorder = cluster.recorder().start()) {     // a snapshot every 100 ms
            cluster.await().forFullMesh();
            recorder.await().forStable(Duration.ofSeconds(1));      // the gate before asserting
            cluster.disconnect("node-3");
            recorder.await().forEvent(e -> e.joins("node-1", "node-3") && e.isDrop());
            cluster.reconnect("node-3");
            cluster.await().forFullMesh();
            recorder.await().forStable(Duration.ofSeconds(1));
            Timeline timeline = recorder.timeline();
            assertThat(timeline)
                    .hasDropped("node-1", "node-3")
                    .hasFlappedAtMost("node-1", "node-2", 0)
                    .hasHealedWithin(Duration.ofSeconds(30))
                    .hasNoReconnectStorm(3, Duration.ofSeconds(10))
                    .hasNoStalledLinks();
            timeline.edgeHistory("node-1", "node-3").forEach(System.out::println);
        }
        // --8<-- [end:timeline]
    }
}
