package io.tcpscope.testkit;

import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.testkit.ChaosDriver.Kind;
import io.tcpscope.testkit.ChaosDriver.Step;
import io.tcpscope.testkit.KernelTables.Socket;
import org.assertj.core.api.SoftAssertions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a chaos soak saw ({@link ChaosSoakIT}), reckoned up: the checker's counts, the recorder's
 * failures and ring, each fault against the timeline's events, and the time to the first link up
 * after each repair; printed in one line, and asserted against the soak's goals.
 *
 * <p>Not thread-safe: made once the recorder and the driver ended.
 */
final class SoakReport {

    /** How long a pause or a disconnect must last before the peers' heartbeats surely timed out. */
    static final Duration HEARTBEAT_BOUND = Duration.ofSeconds(5);
    /**
     * The share of the snapshots' tables that must have been compared with a kernel table that held
     * still: "0 wrong" of tables that were all inconclusive (or unread) says nothing.
     */
    static final double CONCLUSIVE_FLOOR = 0.5;
    /** The fewest conclusive comparisons a soak may end with, however short it ran. */
    static final long CONCLUSIVE_MIN = 100;

    private final InspectorMode mode;
    private final Duration length;
    private final long seed;
    private final SnapshotChecker checker;
    private final List<Step> steps;
    private final int withoutLinks;
    private final boolean sampling;
    private final String healed;
    private final long untyped;
    private final long typed;
    private final String lastFailure;
    private final List<LinkEvent> kept;
    private final long dropped;
    private final List<Instant> samples;
    private final List<LinkEvent> events;
    private final Map<Kind, int[]> byKind = new EnumMap<>(Kind.class);
    private final List<String> unshown = new ArrayList<>();
    private final Map<Kind, List<Double>> repairMs = new EnumMap<>(Kind.class);
    private int within;
    private final String source;
    private final boolean kernelEvents;
    private final long fromEvents;
    private final long reconciled;
    private final long overruns;
    private int bothPaused;
    private int bothPausedUp;

    SoakReport(InspectorMode mode, Duration length, long seed, SnapshotChecker checker, TimelineRecorder recorder,
               List<Step> steps, int withoutLinks, boolean sampling, String healed) {
        this.healed = healed;
        this.mode = mode;
        this.length = length;
        this.seed = seed;
        this.checker = checker;
        this.steps = steps;
        this.withoutLinks = withoutLinks;
        this.sampling = sampling;
        this.untyped = recorder.untypedFailures();
        this.typed = recorder.failedSamples() - untyped;
        this.lastFailure = recorder.lastFailure().map(Throwable::toString).orElse("none");
        this.kept = recorder.timeline().events();
        this.dropped = recorder.read(Timeline::droppedEvents);
        this.source = recorder.source();
        this.kernelEvents = recorder.hasKernelEvents();
        this.fromEvents = recorder.read(Timeline::changesFromEvents);
        this.reconciled = recorder.read(Timeline::reconciledChanges);
        this.overruns = recorder.eventOverruns();
        this.samples = checker.sampleTimes();
        this.events = checker.events();
        reckon();
    }

    /** Per fault kind: injected, shown within two intervals, lasted the heartbeat bound, shown by its end. */
    private void reckon() {
        for (Step fault : steps) {
            if (!fault.kind().isFault()) {
                continue;
            }
            int[] counts = byKind.computeIfAbsent(fault.kind(), k -> new int[4]);
            counts[0]++;
            if (shows(fault, fault.held(), nthSampleAfter(fault.returned(), 2))) {
                counts[1]++;
                within++;
            } else if (fault.kind() == Kind.KILL || fault.kind() == Kind.RESTART) {
                unshown.add("not within 2 intervals: " + fault + "; events of " + fault.node() + " after it: "
                        + eventsOf(fault.node(), fault.heldAt()));
            }
            Step repair = repairOf(fault);
            if (repair == null || fault.kind() != Kind.PAUSE && fault.kind() != Kind.DISCONNECT
                    || Duration.between(fault.returned(), repair.called()).compareTo(HEARTBEAT_BOUND) < 0) {
                continue;
            }
            Set<String> frozen = fault.kind() == Kind.PAUSE ? pausedDuring(fault, repair) : Set.of();
            Set<Socket> expected = fault.held().stream().filter(link -> !frozen.contains(peerOf(fault.node(), link)))
                    .collect(Collectors.toSet());
            Instant end = nthSampleAfter(repair.returned(), 2);
            for (Socket left : fault.held()) {
                if (!expected.contains(left)) {
                    bothPaused++;
                    bothPausedUp += shows(fault, Set.of(left), end) ? 0 : 1;
                }
            }
            if (expected.isEmpty()) {
                continue;
            }
            counts[2]++;
            if (shows(fault, expected, end)) {
                counts[3]++;
            } else {
                unshown.add("not by its repair: " + fault + ", repaired at " + repair.called() + "; events of "
                        + fault.node() + " after it: " + eventsOf(fault.node(), fault.heldAt()));
            }
        }
        for (Step repair : steps) {
            if (!repair.kind().isFault()) {
                events.stream().filter(e -> e.isRise() && !e.at().isBefore(repair.called())
                                && (e.link().from().equals(repair.node()) || e.link().to().equals(repair.node())))
                        .findFirst().ifPresent(e -> repairMs.computeIfAbsent(repair.kind(), k -> new ArrayList<>())
                                .add(Duration.between(repair.called(), e.at()).toNanos() / 1e6));
            }
        }
    }

    /** Whether each of the links has a CHANGED or CLOSED event from the read before the fault until then. */
    private boolean shows(Step fault, Set<Socket> links, Instant until) {
        return until != null && links.stream().allMatch(link -> events.stream().anyMatch(e ->
                e.kind() != LinkEvent.Kind.OPENED && link.isEnd(e.link())
                        && !e.at().isBefore(fault.heldAt()) && !e.at().isAfter(until)));
    }

    /** The other nodes that were paused at some time between a pause and its repair. */
    private Set<String> pausedDuring(Step pause, Step unpause) {
        Set<String> paused = new HashSet<>();
        for (Step other : steps) {
            if (other.kind() == Kind.PAUSE && !other.node().equals(pause.node()) && other.called().isBefore(unpause.returned())) {
                Step end = repairOf(other);
                if (end == null || end.returned().isAfter(pause.called())) {
                    paused.add(other.node());
                }
            }
        }
        return paused;
    }

    /** The node at a link's other end, as the timeline named it when it saw the link; {@code null} if it never did. */
    private String peerOf(String node, Socket link) {
        return events.stream().filter(e -> link.isEnd(e.link())).findFirst()
                .map(e -> e.link().from().equals(node) ? e.link().to() : e.link().from()).orElse(null);
    }

    /** When the n-th sample begun after a time began, or {@code null} if the soak ended first. */
    private Instant nthSampleAfter(Instant time, int n) {
        return samples.stream().filter(t -> t.isAfter(time)).skip(n - 1L).findFirst().orElse(null);
    }

    private Step repairOf(Step fault) {
        return steps.stream().filter(s -> s.node().equals(fault.node()) && s.kind() == fault.kind().repair()
                && s.called().isAfter(fault.called())).findFirst().orElse(null);
    }

    private List<String> eventsOf(String node, Instant from) {
        return events.stream().filter(e -> !e.at().isBefore(from)
                        && (e.link().from().equals(node) || e.link().to().equals(node)))
                .limit(20).map(LinkEvent::toString).toList();
    }

    private int[] of(Kind kind) {
        return byKind.getOrDefault(kind, new int[4]);
    }

    /** Prints each wrong table, each fault not shown and each failed check, then the one-line summary, to stdout for CI's log. */
    void print() {
        checker.wrong().forEach(w -> System.out.println("soak: wrong table: " + w));
        checker.passing().forEach(w -> System.out.println("soak: inconclusive, a socket briefer than the window: " + w));
        unshown.forEach(u -> System.out.println("soak: fault " + u));
        checker.errors().forEach(e -> System.out.println("soak: the check failed: " + e));
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            gaps.add(Duration.between(samples.get(i - 1), samples.get(i)).toNanos() / 1e6);
        }
        int faults = byKind.values().stream().mapToInt(c -> c[0]).sum();
        int[] slow = {of(Kind.PAUSE)[2] + of(Kind.DISCONNECT)[2], of(Kind.PAUSE)[3] + of(Kind.DISCONNECT)[3]};
        System.out.printf(Locale.ROOT, "soak: %d snapshots, %d wrong, %d inconclusive (%d of them a socket briefer than"
                        + " the window), %d untyped, %d faults,"
                        + " %d shown within 2 intervals (kill %s, restart %s, pause %s, disconnect %s);"
                        + " pauses and disconnects of %d s or more shown by their end %d/%d"
                        + " (%d links left out, both ends paused at once, %d of them never went down);"
                        + " %d tables checked (%.1f%% of %d, floor %.0f%% and %d), %d unread, %d typed failures (last: %s);"
                        + " interval p50 %.0f ms, p95 %.0f ms, max %.0f ms; snapshot p50 %.1f ms, oracle p50 %.1f ms;"
                        + " %d events (%d dropped by the ring); %d faults not put on (no link held through a sample);"
                        + " repairs to the first link up, p50/max ms: unpause %s, start %s, reconnect %s;"
                        + " the mesh formed again %s;"
                        + " %s: %d changes told by the kernel's events, %d found by snapshots only, %d events overrun;"
                        + " seed %d, mode %s, %s%n",
                samples.size(), checker.wrong().size(), checker.inconclusive(), checker.passing().size(), untyped, faults,
                within,
                ratio(Kind.KILL), ratio(Kind.RESTART), ratio(Kind.PAUSE), ratio(Kind.DISCONNECT),
                HEARTBEAT_BOUND.toSeconds(), slow[1], slow[0], bothPaused, bothPausedUp,
                checker.checked(), 100.0 * checker.checked() / Math.max(1, tables()), tables(), CONCLUSIVE_FLOOR * 100,
                CONCLUSIVE_MIN, checker.unread(), typed, lastFailure,
                percentile(gaps, 50), percentile(gaps, 95), percentile(gaps, 100),
                percentile(checker.snapshotMs(), 50), percentile(checker.oracleMs(), 50),
                events.size(), dropped, withoutLinks,
                latency(Kind.UNPAUSE), latency(Kind.START), latency(Kind.RECONNECT), healed, source, fromEvents, reconciled,
                overruns, seed, mode, length);
    }

    /** {@return every table of every checked snapshot: compared, inconclusive or unread} */
    private long tables() {
        return checker.checked() + checker.inconclusive() + checker.unread();
    }

    private String ratio(Kind kind) {
        return of(kind)[1] + "/" + of(kind)[0];
    }

    private String latency(Kind kind) {
        List<Double> ms = repairMs.getOrDefault(kind, List.of());
        long done = steps.stream().filter(s -> s.kind() == kind).count();
        return String.format(Locale.ROOT, "%.0f/%.0f (%d of %d)", percentile(ms, 50), percentile(ms, 100), ms.size(), done);
    }

    /** Asserts the soak's goals, all of them, each failure named. */
    void assertGoals() {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(checker.errors()).as("what the check of a snapshot threw").isEmpty();
        soft.assertThat(sampling).as("the recorder still samples at the end").isTrue();
        soft.assertThat(samples).as("snapshots checked").isNotEmpty();
        soft.assertThat(checker.wrong()).as("tables that differ from a kernel table that held still").isEmpty();
        soft.assertThat(checker.checked()).as("tables compared with a kernel table that held still, of %d (%d inconclusive,"
                        + " %d unread): at least %.0f%% of them and %d, or '0 wrong' proves nothing", tables(),
                checker.inconclusive(), checker.unread(), CONCLUSIVE_FLOOR * 100, CONCLUSIVE_MIN)
                .isGreaterThanOrEqualTo(Math.max(CONCLUSIVE_MIN, (long) Math.ceil(CONCLUSIVE_FLOOR * tables())));
        soft.assertThat(untyped).as("snapshots that failed with an untyped exception; the last: %s", lastFailure).isZero();
        if (!mode.equals(InspectorMode.EXEC) && !mode.equals(InspectorMode.SIDECAR)) {
            soft.assertThat(checker.unread()).as("tables not read, in a mode that reads paused nodes").isZero();
        }
        for (Kind kind : List.of(Kind.PAUSE, Kind.KILL, Kind.RESTART, Kind.DISCONNECT)) {
            soft.assertThat(of(kind)[0]).as("%s faults injected: a soak too short to inject each kind proves nothing"
                    + " of it; run longer", kind).isPositive();
        }
        for (Kind kind : List.of(Kind.KILL, Kind.RESTART)) {
            soft.assertThat(of(kind)[1]).as("%s faults shown within 2 intervals: %s", kind, unshown).isEqualTo(of(kind)[0]);
        }
        for (Kind kind : List.of(Kind.PAUSE, Kind.DISCONNECT)) {
            soft.assertThat(of(kind)[3]).as("%s faults of %d s or more shown by their end: %s", kind,
                    HEARTBEAT_BOUND.toSeconds(), unshown).isEqualTo(of(kind)[2]);
        }
        if ("true".equals(System.getenv("CI"))) {
            // CI runs as root beside its engine: the timeline must be fed by the kernel's events, and they must tell
            soft.assertThat(kernelEvents).as("the recorder reads the kernel's events: %s", source).isTrue();
            soft.assertThat(fromEvents).as("link changes the kernel's events told").isPositive();
        }
        soft.assertThat(kept.size() + dropped).as("events kept and dropped by the ring").isEqualTo(events.size());
        soft.assertThat(kept).as("the events the ring keeps are the last it gave")
                .isEqualTo(events.subList(Math.max(0, events.size() - kept.size()), events.size()));
        soft.assertAll();
    }

    private static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
