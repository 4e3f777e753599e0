package io.tcpscope.benchmarks;

import io.tcpscope.docker.TestEngine;
import io.tcpscope.procfs.TracefsEventSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs item 10 once, small and untimed, so that its code cannot rot. Needs root and tracefs; with
 * {@code CI=true} it fails where they are missing, elsewhere it is skipped.
 */
class EventsBenchIT {

    @Test
    void the_cost_of_the_kernels_events_beside_sampling_of_a_recorder_without_sampling_and_their_latency_are_measured() throws Exception {
        // given
        TracefsEventSource tracefs = requireTracefs();
        int dials = 20;

        // when
        EventsBench.Results results = EventsBench.run(TestEngine.require(), tracefs, Duration.ofSeconds(1), 2, dials);

        // then
        EventsBench.MeshCost mesh = results.mesh();
        assertThat(mesh.nodes()).as("a 2-node mesh starts").isEqualTo(2);
        assertThat(mesh.smaller()).isEmpty();
        assertThat(mesh.samples()).as("samples in the window").isPositive();
        assertThat(mesh.tracefsMsPerSecond()).isNotNegative();
        assertThat(mesh.samplerMsPerSecond()).isNotNegative();
        assertThat(mesh.readersMsPerSecond()).isNotNegative();
        EventsBench.EventsRecorderCost events = mesh.eventsRecorder();
        assertThat(events.live()).as("the recorder without sampling read the kernel's events: " + events.source()).isTrue();
        assertThat(events.samples()).as("its snapshot at the start").isPositive();
        assertThat(events.openLinks()).as("the one link of the 2-node mesh, open").isEqualTo(1);
        assertThat(events.overruns()).isZero();
        assertThat(events.msPerSecond()).isNotNegative();
        assertThat(results.latency()).extracting(EventsBench.Latency::name).containsExactly("paced", "burst", "paced-mesh");
        assertThat(results.latency()).allSatisfy(run -> {
            assertThat(run.dials()).isEqualTo(dials);
            // each dial the bench made was refused, and each refusal reached the callback once
            assertThat(run.refused()).as(run.name() + ": refusals seen").isEqualTo(dials);
            // a refused dial is at least its SYN-SENT, its reset, its error and its close
            assertThat(run.ms().length).as(run.name() + ": events timed").isGreaterThanOrEqualTo(4 * dials);
            assertThat(run.overruns()).isZero();
        });
    }

    private static TracefsEventSource requireTracefs() {
        TracefsEventSource tracefs = TracefsEventSource.local();
        Optional<String> why = tracefs.unavailable();
        if (why.isPresent() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true, so item 10's IT must run, but " + why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "tracefs is unusable here: " + why.orElseThrow());
        return tracefs;
    }
}
