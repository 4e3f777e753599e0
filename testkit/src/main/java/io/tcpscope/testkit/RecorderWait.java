package io.tcpscope.testkit;

import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.core.topology.Topology;
import io.tcpscope.testkit.internal.Polling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A wait on what a {@link TimelineRecorder} records, from {@link TimelineRecorder#await()}: the
 * same shape as a cluster's ({@link ClusterWait}), {@code with...} settings then one {@code for...}
 * condition, read every 200 ms. A wait that fails throws {@link WaitFailedError} with the last
 * events.
 *
 * <pre>{@code
 * recorder.await().forStable(Duration.ofSeconds(2));               // the gate before asserting
 * LinkEvent drop = recorder.await().withTimeout(Duration.ofSeconds(30))
 *         .forEvent(e -> e.joins("node-1", "node-3") && e.isDrop());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class RecorderWait {

    /** How many of the last events a failure shows. */
    private static final int SHOWN = 10;

    private final TimelineRecorder recorder;
    private final Duration timeout;

    RecorderWait(TimelineRecorder recorder, Duration timeout) {
        this.recorder = recorder;
        this.timeout = timeout;
    }

    /**
     * How long to wait.
     *
     * @param timeout zero or more
     * @return a wait with that time
     * @throws IllegalArgumentException if the time is negative
     */
    public RecorderWait withTimeout(Duration timeout) {
        return new RecorderWait(recorder, ClusterSettings.notNegative(timeout));
    }

    /**
     * Until the links have not changed for a while, as of the recorder's last sample or its last read
     * of the kernel's events ({@code Timeline.asOf()}): the natural gate before a test asserts, once a
     * cluster has formed.
     *
     * @param quiet how long no event must have happened
     * @return the last snapshot
     * @throws WaitFailedError if the links kept changing, with the last events
     */
    public Topology forStable(Duration quiet) {
        Objects.requireNonNull(quiet, "quiet must not be null");
        String condition = "no link changed for " + ClusterWait.words(quiet);
        Quiet last = Polling.until(() -> recorder.read(t -> new Quiet(t.latest(), t.lastChange(), t.asOf(),
                        lastEvents(t))),
                q -> q.latest != null && !Duration.between(q.lastChange, q.asOf).minus(quiet).isNegative(),
                timeout, List.of(), (seen, endedBy) -> {
                    Quiet q = seen instanceof Quiet s ? s : null;
                    List<String> recent = q == null ? List.of() : q.events;
                    List<String> diagnosis = recorder.events().diagnose(Instant.now(), timeout);
                    return new WaitFailedError("the links did not stay unchanged for " + ClusterWait.words(quiet)
                            + " within " + ClusterWait.words(timeout) + "; the last events:\n  " + String.join("\n  ", recent)
                            + ClusterWait.said(diagnosis), condition, timeout, recent, q == null ? null : q.latest,
                            recorder.lastFailure().orElse(null), diagnosis);
                });
        return last.latest;
    }

    /**
     * Until the timeline shows an event, recorded before or after this call.
     *
     * @param event which event, such as {@code e -> e.joins("node-1", "node-3") && e.isDrop()}
     * @return the first event kept that matches
     * @throws WaitFailedError if none is recorded in time, with the last events
     */
    public LinkEvent forEvent(Predicate<LinkEvent> event) {
        Objects.requireNonNull(event, "event must not be null");
        return Polling.until(() -> recorder.read(t -> t.events().stream().filter(event).findFirst()), Optional::isPresent,
                timeout, List.of(), (seen, endedBy) -> {
                    List<String> recent = recorder.read(RecorderWait::lastEvents);
                    List<String> diagnosis = recorder.events().diagnose(Instant.now(), timeout);
                    return new WaitFailedError("no such link event was recorded within " + ClusterWait.words(timeout)
                            + "; the last events:\n  " + String.join("\n  ", recent) + ClusterWait.said(diagnosis),
                            "a link event", timeout, List.of(), recorder.read(Timeline::latest), recorder.lastFailure().orElse(null),
                            diagnosis);
                }).orElseThrow();
    }

    private static List<String> lastEvents(Timeline timeline) {
        List<LinkEvent> events = timeline.events();
        return events.subList(Math.max(0, events.size() - SHOWN), events.size()).stream().map(LinkEvent::toString).toList();
    }

    @Override
    public String toString() {
        return "RecorderWait[at most " + ClusterWait.words(timeout) + "]";
    }

    /** What a wait for quiet reads. */
    private record Quiet(Topology latest, Instant lastChange, Instant asOf, List<String> events) {
    }
}
