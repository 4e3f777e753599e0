package io.tcpscope.assertj;

import io.tcpscope.core.events.Dial;
import io.tcpscope.core.events.DialOutcome;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Assertions on the dials one node made, as the kernel's events tell them: reach them through
 * {@link EventLogAssert#dialsFrom(String)}, and narrow them to one target with {@link #to(String)}.
 * Each check fails when no dial was seen at all, since a test that made no dial has proven nothing,
 * and says that the kernel's events may not have been read: a recorder's {@code source()} says
 * whether they were. A failure lists the dials.
 *
 * <p>It is an AssertJ list assertion too, so AssertJ's own checks and navigation work on it:
 * {@code isEmpty}, {@code hasSize}, {@code filteredOn}, {@code extracting(Dial::outcome)}.
 *
 * <pre>{@code
 * assertThat(recorder.events()).dialsFrom("node-1").to("node-2").allSucceeded();
 * assertThat(recorder.events()).dialsFrom("node-2").to("node-3").failedExactly(14, DialOutcome.REFUSED);
 * }</pre>
 *
 * <p>Not thread-safe, as AssertJ's assertions are not. Not final, so that soft assertions can
 * proxy it ({@link TcpscopeSoftAssertions}).
 *
 * @since 0.3.0
 */
public class DialsAssert extends AbstractListAssert<DialsAssert, List<? extends Dial>, Dial, ObjectAssert<Dial>> {

    private final NamedDials named;

    /**
     * An assertion on dials; reach it through {@link EventLogAssert#dialsFrom(String)}.
     *
     * @param actual the dials
     */
    public DialsAssert(List<? extends Dial> actual) {
        super(actual, DialsAssert.class);
        this.named = actual == null ? null
                : actual instanceof NamedDials n ? n : new NamedDials(actual, null, null, null);
    }

    /**
     * The dials whose target is the node: an assertion on them alone. Not a check: it never fails.
     *
     * @param node the node dialed
     * @return an assertion on the dials to it
     */
    public DialsAssert to(String node) {
        Objects.requireNonNull(node, "node must not be null");
        if (named == null) {
            return myself;   // no dials to narrow: the checks say that actual is null
        }
        return new NamedDials(named.stream().filter(d -> d != null && node.equals(d.to())).toList(), named.from(), node,
                named.softly()).asserted().describedLike(this);
    }

    /**
     * At least one dial was seen, and every one connected.
     *
     * @return this assertion
     */
    public DialsAssert allSucceeded() {
        wereSeen("dials" + scope() + " that all connected");
        List<Dial> failed = matching(d -> d.outcome().isFailure());
        if (!failed.isEmpty()) {
            failWithMessage("expected every dial%s to connect, but %d of %d failed:%n%s", scope(), failed.size(),
                    actual.size(), EventLines.of(failed));
        }
        return myself;
    }

    /**
     * At least one dial was seen, and exactly {@code times} of them ended in {@code outcome}.
     *
     * @param times how many, zero or more
     * @param outcome how they failed: not {@link DialOutcome#CONNECTED}
     * @return this assertion
     * @throws IllegalArgumentException if {@code outcome} is {@code CONNECTED}, which is no failure
     */
    public DialsAssert failedExactly(int times, DialOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome must not be null");
        if (!outcome.isFailure()) {
            throw new IllegalArgumentException("CONNECTED is no failure; check that every dial connected with allSucceeded()");
        }
        String expected = "exactly " + times + " dial" + Sockets.plural(times) + scope() + " to end " + outcome.word();
        wereSeen(expected);
        List<Dial> found = matching(d -> d.outcome() == outcome);
        if (found.size() != times) {
            failWithMessage("expected %s, but %d did, of the %d seen:%n%s", expected, found.size(), actual.size(),
                    EventLines.of(actual));
        }
        return myself;
    }

    /**
     * The dials kept by AssertJ's {@code filteredOn} and the like, still named by their dialer and
     * target.
     *
     * @param iterable the dials kept
     * @return an assertion on them
     */
    @Override
    protected DialsAssert newAbstractIterableAssert(Iterable<? extends Dial> iterable) {
        List<Dial> kept = new ArrayList<>();
        iterable.forEach(kept::add);
        return new DialsAssert(new NamedDials(kept, named.from(), named.to(), named.softly()));
    }

    /**
     * An assertion on one dial, for AssertJ's {@code singleElement}, {@code first} and the like.
     *
     * @param value the dial
     * @param description what AssertJ calls it
     * @return the assertion
     */
    @Override
    protected ObjectAssert<Dial> toAssert(Dial value, String description) {
        return new ObjectAssert<>(value).as(description);
    }

    /**
     * Takes the description ({@code as(..)}) of the assertion it was reached from, as AssertJ's own
     * navigation does, so that a failure still says which step of the test it was.
     */
    DialsAssert describedLike(AbstractAssert<?, ?> from) {
        if (from.info.hasDescription()) {
            describedAs(from.info.description());
        }
        return myself;
    }

    /** A check needs a dial to check: none seen is a failure, not a pass. */
    private void wereSeen(String expected) {
        isNotNull();
        if (actual.isEmpty()) {
            failWithMessage("expected %s, but the kernel's events show no dial%s: %s", expected, scope(),
                    EventLines.NO_EVENTS_HINT);
        }
    }

    private String scope() {
        return named == null ? "" : named.scope();
    }

    private List<Dial> matching(Predicate<Dial> test) {
        List<Dial> found = new ArrayList<>();
        for (Dial d : actual) {
            if (d != null && test.test(d)) {
                found.add(d);
            }
        }
        return found;
    }
}
