package io.tcpscope.assertj;

import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Outage;
import io.tcpscope.core.topology.StalledLink;
import io.tcpscope.core.topology.Timeline;
import io.tcpscope.testkit.TimelineRecorder;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Assertions on what a {@link TimelineRecorder} saw happen to a cluster's links, in the spirit of
 * assertj-db's {@code Changes}: not what the links are, but how they changed. A failure shows the
 * events that break the rule.
 *
 * <pre>{@code
 * try (TimelineRecorder recorder = cluster.record()) {
 *     chaos.restart("node-2");
 *     recorder.awaitStable(Duration.ofSeconds(2), Duration.ofSeconds(60));
 *     assertThat(recorder)
 *             .hasDropped("node-1", "node-2")
 *             .hasHealedWithin(Duration.ofSeconds(10))
 *             .hasNoReconnectStorm(3, Duration.ofSeconds(10))
 *             .hasNoStalledLinks();
 * }
 * }</pre>
 *
 * <p>Each check reads the recorder's timeline once, under its lock, while it goes on sampling.
 *
 * <p>Not thread-safe, as AssertJ's assertions are not. Not final, so that soft assertions can
 * proxy it ({@link TcpscopeSoftAssertions}).
 */
public class TimelineAssert extends AbstractAssert<TimelineAssert, TimelineRecorder> {

    /**
     * An assertion on a recorder; reach it through {@link TcpscopeAssertions#assertThat(TimelineRecorder)}.
     *
     * @param actual the recorder
     */
    public TimelineAssert(TimelineRecorder actual) {
        super(actual, TimelineAssert.class);
    }

    /**
     * No pair of nodes lost links more than {@code maxFlaps} times inside any window of the given
     * length: no reconnect storm.
     *
     * @param maxFlaps the most drops allowed per pair in a window
     * @param window the window's length
     * @return this assertion
     */
    public TimelineAssert hasNoReconnectStorm(int maxFlaps, Duration window) {
        isNotNull();
        Objects.requireNonNull(window, "window must not be null");
        List<String> storms = actual.read(t -> {
            List<String> found = new ArrayList<>();
            for (NodePair pair : t.pairs()) {
                long most = t.mostFlaps(pair.first(), pair.second(), window);
                if (most > maxFlaps) {
                    found.add(pair.first() + " -- " + pair.second() + ": " + most + " drops within " + window.toMillis()
                            + " ms:\n" + drops(t, pair.first(), pair.second()));
                }
            }
            return found;
        });
        if (!storms.isEmpty()) {
            failWithMessage("expected at most %d link drops per pair of nodes within %d ms, but:%n%s", maxFlaps,
                    window.toMillis(), String.join("\n", storms));
        }
        return myself;
    }

    /**
     * The links between two nodes went down at most {@code maxFlaps} times since recording began.
     *
     * @param a a node
     * @param b another node
     * @param maxFlaps the most drops allowed
     * @return this assertion
     */
    public TimelineAssert hasFlappedAtMost(String a, String b, long maxFlaps) {
        isNotNull();
        String failure = actual.read(t -> t.flaps(a, b) <= maxFlaps ? null
                : t.flaps(a, b) + " drops:\n" + drops(t, a, b));
        if (failure != null) {
            failWithMessage("expected the links between %s and %s to drop at most %d times, but saw %s", a, b, maxFlaps,
                    failure);
        }
        return myself;
    }

    /**
     * A link between two nodes went down at least once: the fault a test made took effect.
     *
     * @param a a node
     * @param b another node
     * @return this assertion
     */
    public TimelineAssert hasDropped(String a, String b) {
        isNotNull();
        String history = actual.read(t -> t.flaps(a, b) > 0 ? null : events(t.edgeHistory(a, b)));
        if (history != null) {
            failWithMessage("expected a link between %s and %s to drop, but none did; their events:%n%s", a, b, history);
        }
        return myself;
    }

    /**
     * Every time a pair of nodes lost all its links, one came up again within {@code within}; an
     * outage still under way at the last sample fails if it has lasted longer.
     *
     * @param within the longest outage allowed
     * @return this assertion
     */
    public TimelineAssert hasHealedWithin(Duration within) {
        isNotNull();
        Objects.requireNonNull(within, "within must not be null");
        List<String> slow = actual.read(t -> {
            Instant now = t.lastSample();
            List<String> found = new ArrayList<>();
            for (NodePair pair : t.pairs()) {
                for (Outage o : t.outages(pair.first(), pair.second())) {
                    if (o.length(now).compareTo(within) > 0) {
                        found.add("  " + o.a() + " -- " + o.b() + ": no link from " + o.from() + (o.isHealed()
                                ? " to " + o.to() : ", still none at the last sample " + now) + " ("
                                + o.length(now).toMillis() + " ms)");
                    }
                }
            }
            return found;
        });
        if (!slow.isEmpty()) {
            failWithMessage("expected every outage to heal within %d ms, but:%n%s", within.toMillis(),
                    String.join("\n", slow));
        }
        return myself;
    }

    /**
     * No link changed during the last {@code quiet} of recording, up to the last sample.
     *
     * @param quiet how long the links must have been unchanged
     * @return this assertion
     */
    public TimelineAssert hasBeenStableFor(Duration quiet) {
        isNotNull();
        Objects.requireNonNull(quiet, "quiet must not be null");
        String failure = actual.read(t -> {
            if (t.lastSample() == null) {
                return "no sample was taken yet";
            }
            Duration stable = Duration.between(t.lastChange(), t.lastSample());
            if (stable.compareTo(quiet) >= 0) {
                return null;
            }
            List<LinkEvent> all = t.events();
            return "the last change was " + stable.toMillis() + " ms before the last sample:\n"
                    + events(all.subList(Math.max(0, all.size() - 10), all.size()));
        });
        if (failure != null) {
            failWithMessage("expected no link to change for %d ms, but %s", quiet.toMillis(), failure);
        }
        return myself;
    }

    /**
     * No link stayed stalled, as of the last sample: see {@link Timeline#stalledLinks()}.
     *
     * @return this assertion
     */
    public TimelineAssert hasNoStalledLinks() {
        isNotNull();
        List<StalledLink> stalled = actual.stalledLinks();
        if (!stalled.isEmpty()) {
            failWithMessage("expected no stalled link, but %d stayed stalled:%n%s", stalled.size(),
                    stalled.stream().map(s -> "  " + s + ", since " + s.since() + " (" + s.samples() + " samples)")
                            .collect(Collectors.joining("\n")));
        }
        return myself;
    }

    private static String drops(Timeline t, String a, String b) {
        return events(t.edgeHistory(a, b).stream().filter(LinkEvent::isDrop).toList());
    }

    private static String events(List<LinkEvent> events) {
        return events.isEmpty() ? "  (none)" : events.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}
