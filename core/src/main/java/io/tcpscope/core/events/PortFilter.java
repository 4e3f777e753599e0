package io.tcpscope.core.events;

import io.tcpscope.core.PortSet;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The kernel filter that keeps a tracepoint's events to the ones whose local or remote port is in a
 * {@link PortSet}: {@code (sport >= 9000 && sport <= 9001) || (dport >= 9000 && dport <= 9001)}.
 * Only ports: this kernel's filter grammar cannot compare the tracepoints' address arrays
 * ({@code __u8 saddr[4]}), so addresses are left to the caller. Pure; both tracefs sources write it.
 *
 * <pre>{@code
 * PortFilter.of(PortSet.of(9000));   // "sport == 9000 || dport == 9000"
 * }</pre>
 *
 * @since 0.3.0
 */
public final class PortFilter {

    /**
     * The longest filter written: the kernel refuses one of a page (4096 bytes) or more. A set too
     * long for it is written as the one range that covers it, and the reader keeps the exact set.
     */
    public static final int MAX_LENGTH = 4000;

    private PortFilter() {
    }

    /**
     * The filter text.
     *
     * @param ports the ports to keep
     * @return the filter for the set, or for the range that covers it when the set's is too long
     */
    public static String of(PortSet ports) {
        Objects.requireNonNull(ports, "ports must not be null");
        List<PortSet.Range> ranges = ports.ranges();
        String exact = ranges.stream().map(PortFilter::clause).collect(Collectors.joining(" || "));
        if (exact.length() <= MAX_LENGTH) {
            return exact;
        }
        return clause(new PortSet.Range(ranges.get(0).from(), ranges.get(ranges.size() - 1).to()));
    }

    private static String clause(PortSet.Range range) {
        if (range.from() == range.to()) {
            return "sport == " + range.from() + " || dport == " + range.from();
        }
        return "(sport >= " + range.from() + " && sport <= " + range.to() + ") || (dport >= " + range.from()
                + " && dport <= " + range.to() + ")";
    }
}
