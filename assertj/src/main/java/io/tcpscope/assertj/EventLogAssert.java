package io.tcpscope.assertj;

import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.EventLog;
import io.tcpscope.core.events.LinkReset;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Assertions on what the kernel's TCP events say happened to a cluster's connections: each dial and
 * how it ended, each reset of a live link and who sent it, the segments one node sent another again.
 * They see what no snapshot can: a refused dial leaves no socket behind. A failure lists the events
 * that break the rule and, for dials, the log's own diagnosis.
 *
 * <pre>{@code
 * try (TimelineRecorder recorder = cluster.recorder().start()) {
 *     ...
 *     recorder.syncEvents(Duration.ofSeconds(5));
 *     assertThat(recorder.events())
 *             .hasNoFailedDials()
 *             .hasNoResets()
 *             .hasNoRetransmits("node-1", "node-2");
 *     assertThat(recorder.events()).dialsFrom("node-1").to("node-2").allSucceeded();
 * }
 * }</pre>
 *
 * <p>A recorder that could not read the kernel's events has an empty log, on which the checks that
 * something did not happen pass; the checks of {@link #dialsFrom(String)} fail, and say so. Assert on
 * a {@link EventLog#snapshot() snapshot}, such as a recorder's {@code events()}, and not on a log that
 * another thread goes on adding to.
 *
 * <p>Not thread-safe, as AssertJ's assertions are not. Not final, so that soft assertions can
 * proxy it ({@link TcpscopeSoftAssertions}).
 *
 * @since 0.3.0
 */
public class EventLogAssert extends AbstractAssert<EventLogAssert, EventLog> {

    private SoftAssertionsProvider softly;

    /**
     * An assertion on an event log; reach it through {@link TcpscopeAssertions#assertThat(EventLog)}.
     *
     * @param actual the log, best a snapshot
     */
    public EventLogAssert(EventLog actual) {
        super(actual, EventLogAssert.class);
    }

    /** Makes {@link #dialsFrom(String)} soft too: set by the soft assertions on the proxy they made. */
    EventLogAssert collectingInto(SoftAssertionsProvider softly) {
        this.softly = softly;
        return myself;
    }

    /** A log that read no kernel event shows no failure because it saw nothing: that proves nothing. */
    private void isRead(String expected) {
        isNotNull();
        actual.unread().ifPresent(why -> failWithMessage("expected %s, but the kernel's events were not read, so nothing"
                + " could be seen: %s", expected, why));
    }

    /**
     * No dial failed: each one the kernel's events show connected. Fails on a log that did not read the
     * kernel's events ({@link EventLog#unread()}).
     *
     * @return this assertion
     */
    public EventLogAssert hasNoFailedDials() {
        isRead("no dial to fail");
        List<Dial> failed = actual.failedDials();
        if (!failed.isEmpty()) {
            List<String> diagnosis = EventLines.diagnosis(actual);
            failWithMessage("expected no dial to fail, but %d of %d dials failed:%n%s%s%s", failed.size(),
                    actual.dials().size(), EventLines.of(failed), diagnosis.isEmpty() ? ""
                            : diagnosis.stream().map(s -> "  " + s).collect(Collectors.joining("\n", "\nin short:\n", "")),
                    EventLines.dropped(actual));
        }
        return myself;
    }

    /**
     * No live link was reset: no node's socket received a reset outside a handshake.
     *
     * @return this assertion
     */
    public EventLogAssert hasNoResets() {
        isRead("no live link to be reset");
        List<LinkReset> resets = actual.resets();
        if (!resets.isEmpty()) {
            failWithMessage("expected no live link to be reset, but %d %s (sender, then the receiver and its state):%n%s%s",
                    resets.size(), resets.size() == 1 ? "was" : "were", EventLines.of(resets), EventLines.dropped(actual));
        }
        return myself;
    }

    /**
     * One node's sockets sent no segment again to another's, SYNs left out: no loss, no stall on the
     * way from one to the other.
     *
     * @param from the sending node
     * @param to the node it sent to
     * @return this assertion
     */
    public EventLogAssert hasNoRetransmits(String from, String to) {
        isRead("no segment sent again");
        long resent = actual.retransmits(from, to);
        if (resent > 0) {
            failWithMessage("expected %s to send %s no segment again, but it retransmitted %d (SYNs not counted)", from,
                    to, resent);
        }
        return myself;
    }

    /**
     * The dials one node made, for the checks of {@link DialsAssert}: narrow them to one target with
     * {@link DialsAssert#to(String)}. Not a check: it never fails; the checks that follow do, among
     * them when no dial was seen.
     *
     * @param node the dialing node
     * @return an assertion on its dials
     */
    @SuppressWarnings("unchecked")
    public DialsAssert dialsFrom(String node) {
        Objects.requireNonNull(node, "node must not be null");
        if (actual == null) {   // the checks say so; failing here would end a soft chain without a DialsAssert
            return (softly == null ? new DialsAssert(null) : softly.proxy(DialsAssert.class, List.class, null))
                    .describedLike(this);
        }
        return new NamedDials(actual.dials().stream().filter(d -> d.from().equals(node)).toList(), node, null, softly)
                .asserted().describedLike(this);
    }
}
