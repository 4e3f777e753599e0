package io.tcpscope.assertj;

import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Soft assertions collect every failure; inside Awaitility they are retried until none fails. */
class TcpscopeSoftAssertionsTest {

    @Test
    void every_failure_is_reported_together() {
        Topology lone = Tables.nodes("a", "b").topology();
        assertThatThrownBy(() -> TcpscopeSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(lone).hasEdge("a", "b");
            softly.assertThat(lone).hasDegree("a", 1);
            softly.assertThatConnections(List.of()).hasListenerOn(9000);
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Multiple Failures (3 failures)")
                .hasMessageContaining("expected an edge between a and b")
                .hasMessageContaining("expected a to have 1 connection to other nodes")
                .hasMessageContaining("expected the table to listen on port 9000");
    }

    @Test
    void inside_untilAsserted_they_are_tried_again_until_they_hold() {
        // given: a mesh that forms on the third look
        AtomicInteger looks = new AtomicInteger();
        List<Topology> states = List.of(Tables.nodes("a", "b", "c").topology(),
                Tables.nodes("a", "b", "c").dial("a", "b").topology(),
                Tables.nodes("a", "b", "c").dial("a", "b").dial("a", "c").dial("b", "c").topology());

        // when
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                TcpscopeSoftAssertions.assertSoftly(softly -> {
                    Topology now = states.get(Math.min(looks.getAndIncrement(), 2));
                    softly.assertThat(now).isFullMesh();
                    softly.assertThat(now).hasDegree("c", 2);
                }));

        // then
        assertThat(looks).hasValue(3);
    }
}
