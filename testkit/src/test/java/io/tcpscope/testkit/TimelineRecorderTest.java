package io.tcpscope.testkit;

import io.tcpscope.core.PortSet;
import io.tcpscope.core.topology.Topology;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What ends a recorder's sampling, and what does not. */
class TimelineRecorderTest {

    private static final Topology EMPTY = Topology.of(List.of(), PortSet.P2P_DEFAULT);

    @Test
    void a_listener_that_fails_an_assertion_does_not_end_sampling() {
        AtomicInteger failed = new AtomicInteger();
        try (TimelineRecorder recorder = TimelineRecorder.of(() -> EMPTY).withInterval(Duration.ofMillis(1))
                .onSample((t, e) -> {
                    failed.incrementAndGet();
                    throw new AssertionError("a check in a listener");
                }).start()) {
            // the listener failed again and again, and the recorder sampled on past it
            await().until(() -> failed.get() >= 5);
            long samples = recorder.timeline().samples();
            await().until(() -> recorder.timeline().samples() > samples && failed.get() > samples);
            assertThat(recorder.isRecording()).isTrue();
            assertThat(recorder.failedSamples()).isZero();
        }
    }

    @Test
    void a_source_that_throws_is_counted_as_an_untyped_failure_and_sampling_goes_on() {
        AtomicInteger calls = new AtomicInteger();
        try (TimelineRecorder recorder = TimelineRecorder.of(() -> {
            int n = calls.incrementAndGet();
            if (n == 2) {
                throw new IllegalStateException("not closed, just wrong");
            }
            if (n == 3) {
                throw new AssertionError("an assertion in the source");
            }
            return EMPTY;
        }).withInterval(Duration.ofMillis(1)).start()) {
            await().until(() -> recorder.timeline().samples() >= 5);
            assertThat(recorder.failedSamples()).isEqualTo(2);
            assertThat(recorder.untypedFailures()).isEqualTo(2);
            assertThat(recorder.lastFailure()).get().asString().contains("an assertion in the source");
            assertThat(recorder.isRecording()).isTrue();
        }
    }

    @Test
    void sampling_ends_when_what_it_samples_is_closed() {
        AtomicBoolean closed = new AtomicBoolean();
        try (TimelineRecorder recorder = TimelineRecorder.of(() -> {
            if (closed.get()) {
                throw new IllegalStateException("cluster x is closed");
            }
            return EMPTY;
        }).withInterval(Duration.ofMillis(1)).stopWhen(closed::get).start()) {
            await().until(() -> recorder.timeline().samples() >= 2);

            closed.set(true);

            await().until(() -> !recorder.isRecording());
            assertThat(recorder.failedSamples()).isZero();
        }
    }

    @Test
    void refuses_an_interval_below_a_millisecond() {
        assertThatThrownBy(() -> TimelineRecorder.of(() -> EMPTY).withInterval(Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
    }
}
