package io.tcpscope.assertj;

import io.tcpscope.core.events.Dial;
import org.assertj.core.api.SoftAssertionsProvider;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * Dials that know which dialer and target they were chosen by, for a failure to name them, and the
 * soft assertions they were asserted under, if any, for {@link DialsAssert#to(String)} to stay soft.
 * They travel as the {@link DialsAssert}'s actual value because AssertJ rebuilds an assertion from
 * its actual value alone, through the one-argument constructor: for every soft assertion's proxy,
 * and for {@code filteredOn} under soft assertions. Anything kept beside the list would be lost there.
 *
 * <p>Equal to any list with the same dials in the same order, as a list is.
 *
 * <p>Immutable and thread-safe, but for the soft assertions it names, which are not.
 */
final class NamedDials extends AbstractList<Dial> implements RandomAccess {

    private final List<Dial> dials;
    private final String from;
    private final String to;
    private final SoftAssertionsProvider softly;

    NamedDials(List<? extends Dial> dials, String from, String to, SoftAssertionsProvider softly) {
        // a copy that keeps nulls, which List.copyOf refuses, so that AssertJ's own checks report them
        this.dials = Collections.unmodifiableList(new ArrayList<>(dials));
        this.from = from;
        this.to = to;
        this.softly = softly;
    }

    @Override
    public Dial get(int index) {
        return dials.get(index);
    }

    @Override
    public int size() {
        return dials.size();
    }

    /** {@return the dialer they were chosen by, or {@code null}} */
    String from() {
        return from;
    }

    /** {@return the target node they were chosen by, or {@code null}} */
    String to() {
        return to;
    }

    /** {@return the soft assertions they are asserted under, or {@code null}} */
    SoftAssertionsProvider softly() {
        return softly;
    }

    /** {@return how they were chosen, as a failure says it: {@code " from node-2 to node-3"}, or empty} */
    String scope() {
        return (from == null ? "" : " from " + from) + (to == null ? "" : " to " + to);
    }

    /**
     * An assertion on them, soft if they are asserted under soft assertions.
     *
     * @return the assertion
     */
    @SuppressWarnings("unchecked")
    DialsAssert asserted() {
        return softly == null ? new DialsAssert(this) : softly.proxy(DialsAssert.class, List.class, this);
    }
}
