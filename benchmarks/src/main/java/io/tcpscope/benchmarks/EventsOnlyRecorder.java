package io.tcpscope.benchmarks;

import io.tcpscope.core.topology.Timeline;
import io.tcpscope.testkit.Cluster;
import io.tcpscope.testkit.TimelineRecorder;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Item 10's second window: a cluster's recorder that follows the links by the kernel's events alone
 * ({@code cluster.recorder().withoutSampling()}), alone on the mesh, and the CPU of all its threads
 * per second of wall time: its sampler thread, which ticks every 100 ms and applies the events read
 * since, the reader thread of its tracefs subscription, and the reader threads its snapshots use (one
 * at the start, before the window, and one after each overrun). Nothing else reads the mesh in this
 * window, so the reader threads' CPU is all its own.
 */
final class EventsOnlyRecorder {

    private static final String SAMPLER = "bench-events-only";
    private static final String TRACEFS = "tcpscope-tracefs-";
    private static final String READERS = "tcpscope-read-";
    private static final Duration FIRST_SAMPLE = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration SYNC = Duration.ofSeconds(60);

    private EventsOnlyRecorder() {
    }

    /**
     * Starts the recorder, waits for its first snapshot and lets it settle, then counts over the window.
     *
     * @param cluster the mesh, started and connected
     * @param window how long the CPU is counted
     * @return its cost; when the recorder could not read the kernel's events (and sampled), only why
     * @throws InterruptedException if interrupted
     */
    static EventsBench.EventsRecorderCost measure(Cluster cluster, Duration window) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Set<Long> others = ThreadCpu.named(TRACEFS).keySet();
        try (TimelineRecorder recorder = cluster.recorder().withoutSampling().withName(SAMPLER).start()) {
            if (!recorder.hasKernelEvents()) {
                return new EventsBench.EventsRecorderCost(recorder.source(), false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            }
            Set<Long> reader = new HashSet<>(ThreadCpu.named(TRACEFS).keySet());
            reader.removeAll(others);
            if (reader.size() != 1) {
                throw new IllegalStateException("expected one new thread named " + TRACEFS + "*, found " + reader.size());
            }
            long deadline = System.nanoTime() + FIRST_SAMPLE.toNanos();
            while (recorder.timeline().samples() == 0) {
                if (System.nanoTime() > deadline || !recorder.isRecording()) {
                    throw new IllegalStateException("the recorder took no snapshot within " + FIRST_SAMPLE.toSeconds()
                            + " s: " + recorder.lastFailure().map(Throwable::getMessage).orElse("no failure"));
                }
                Thread.sleep(100);
            }
            Thread.sleep(SETTLE.toMillis());
            recorder.syncEvents(SYNC);
            long samplesBefore = recorder.timeline().samples();
            long overrunsBefore = recorder.eventOverruns();
            Map<Long, Long> sampler = ThreadCpu.named(SAMPLER);
            Map<Long, Long> tracefs = ThreadCpu.of(reader);
            Map<Long, Long> readers = ThreadCpu.named(READERS);
            long jvm = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            double seconds = (System.nanoTime() - start) / 1e9;
            double samplerMs = ThreadCpu.since(sampler, ThreadCpu.named(SAMPLER)) / 1e6 / seconds;
            double tracefsMs = ThreadCpu.since(tracefs, ThreadCpu.of(reader)) / 1e6 / seconds;
            double readersMs = ThreadCpu.since(readers, ThreadCpu.named(READERS)) / 1e6 / seconds;
            double jvmMs = (os.getProcessCpuTime() - jvm) / 1e6 / seconds;
            Timeline timeline = recorder.timeline();
            return new EventsBench.EventsRecorderCost(recorder.source(), true, seconds, samplerMs, tracefsMs, readersMs, jvmMs,
                    timeline.samples() - samplesBefore, timeline.samples(), timeline.changesFromEvents(),
                    timeline.reconciledChanges(), recorder.eventOverruns() - overrunsBefore, timeline.links().size());
        }
    }
}
