package io.tcpscope.assertj;

import io.tcpscope.core.topology.NodePair;
import io.tcpscope.core.topology.LinkEvent;
import io.tcpscope.core.topology.Outage;
import io.tcpscope.core.topology.StalledLink;
import io.tcpscope.core.topology.Timeline;
import org.assertj.core.api.AbstractAssert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Assertions on what a {@link Timeline} saw happen to a cluster's links, in the spirit of
 * assertj-db's {@code Changes}: not what the links are, but how they changed. A failure shows the
 * events that break the rule.
 *
 * <pre>{@code
 * try (TimelineRecorder recorder = cluster.recorder().start()) {
 *     chaos.restart("node-2");
 *     recorder.await().forStable(Duration.ofSeconds(2));
 *     assertThat(recorder.timeline())
 *             .hasDropped("node-1", "node-2")
 *             .hasHealedWithin(Duration.ofSeconds(10))
 *             .hasNoReconnectStorm(3, Duration.ofSeconds(10))
 *             .hasNoStalledLinks();
 * }
 * }</pre>
 *
 * <p>Assert on a {@link Timeline#snapshot() snapshot}, such as a recorder's {@code timeline()}, and
 * not on a timeline that another thread goes on adding to: a timeline is not thread-safe, and the
 * checks of one chain should all read the same moment.
 *
 * <p>Not thread-safe, as AssertJ's assertions are not. Not final, so that soft assertions can
 * proxy it ({@link TcpscopeSoftAssertions}).
 *
 * @since 0.1.0
 */
public class TimelineAssert extends AbstractAssert<TimelineAssert, Timeline> {

    /**
     * An assertion on a timeline; reach it through {@link TcpscopeAssertions#assertThat(Timeline)}.
     *
     * @param actual the timeline, best a snapshot
     */
    public TimelineAssert(Timeline actual) {
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
        List<String> storms = new ArrayList<>();
        for (NodePair pair : actual.pairs()) {
            long most = actual.mostFlaps(pair.first(), pair.second(), window);
            if (most > maxFlaps) {
                storms.add(pair.first() + " -- " + pair.second() + ": " + most + " drops within " + window.toMillis()
                        + " ms:\n" + drops(pair.first(), pair.second()));
            }
        }
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
        long flaps = actual.flaps(a, b);
        if (flaps > maxFlaps) {
            failWithMessage("expected the links between %s and %s to drop at most %d times, but saw %d drops:%n%s", a, b,
                    maxFlaps, flaps, drops(a, b));
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
        if (actual.flaps(a, b) == 0) {
            failWithMessage("expected a link between %s and %s to drop, but none did; their events:%n%s", a, b,
                    events(actual.edgeHistory(a, b)));
        }
        return myself;
    }

    /**
     * Every time a pair of nodes lost all its links, one came up again within {@code within}; an
     * outage still under way at the last sample (or the last read of the kernel's events,
     * {@link Timeline#asOf()}) fails if it has lasted longer.
     *
     * @param within the longest outage allowed
     * @return this assertion
     */
    public TimelineAssert hasHealedWithin(Duration within) {
        isNotNull();
        Objects.requireNonNull(within, "within must not be null");
        Instant now = actual.asOf();
        List<String> slow = new ArrayList<>();
        for (NodePair pair : actual.pairs()) {
            for (Outage o : actual.outages(pair.first(), pair.second())) {
                if (o.length(now).compareTo(within) > 0) {
                    slow.add("  " + o.a() + " -- " + o.b() + ": no link from " + o.from() + (o.isHealed()
                            ? " to " + o.to() : ", still none at the last sample " + now) + " ("
                            + o.length(now).toMillis() + " ms)");
                }
            }
        }
        if (!slow.isEmpty()) {
            failWithMessage("expected every outage to heal within %d ms, but:%n%s", within.toMillis(),
                    String.join("\n", slow));
        }
        return myself;
    }

    /**
     * No link changed during the last {@code quiet} of recording, up to the last sample or the last
     * read of the kernel's events ({@link Timeline#asOf()}).
     *
     * @param quiet how long the links must have been unchanged
     * @return this assertion
     */
    public TimelineAssert hasBeenStableFor(Duration quiet) {
        isNotNull();
        Objects.requireNonNull(quiet, "quiet must not be null");
        if (actual.asOf() == null || actual.lastChange() == null) {
            failWithMessage("expected no link to change for %d ms, but no sample was taken yet", quiet.toMillis());
        }
        Duration stable = Duration.between(actual.lastChange(), actual.asOf());
        if (stable.compareTo(quiet) < 0) {
            List<LinkEvent> all = actual.events();
            failWithMessage("expected no link to change for %d ms, but the last change was %d ms before the timeline's last reading:%n%s",
                    quiet.toMillis(), stable.toMillis(), events(all.subList(Math.max(0, all.size() - 10), all.size())));
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

    private String drops(String a, String b) {
        return events(actual.edgeHistory(a, b).stream().filter(LinkEvent::isDrop).toList());
    }

    private static String events(List<LinkEvent> events) {
        return events.isEmpty() ? "  (none)" : events.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}
