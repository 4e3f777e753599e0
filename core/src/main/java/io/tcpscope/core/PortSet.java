package io.tcpscope.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of TCP ports, such as the P2P ports a cluster's nodes dial each other on.
 *
 * <pre>{@code
 * PortSet.P2P_DEFAULT;              // 9000-9001
 * PortSet.parse("9001-9008");       // an 8-node mesh
 * PortSet.parse("9000,9001,30303"); // single ports
 * PortSet.parse("9000-9001,30303"); // mixed
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PortSet {

    /** The default P2P ports, 9000 and 9001. */
    public static final PortSet P2P_DEFAULT = range(9000, 9001);

    // Sorted, disjoint, non-adjacent inclusive ranges: [from0, to0, from1, to1, ...].
    private final int[] bounds;

    private PortSet(int[] bounds) {
        this.bounds = bounds;
    }

    /**
     * The ports {@code from} to {@code to}, both included.
     *
     * @param from the first port, 1 to 65535
     * @param to the last port, {@code from} to 65535
     * @return the set
     * @throws IllegalArgumentException if the range is empty or outside 1 to 65535
     */
    public static PortSet range(int from, int to) {
        checkPort(from, String.valueOf(from));
        checkPort(to, String.valueOf(to));
        if (from > to) {
            throw new IllegalArgumentException("port range " + from + "-" + to + " is empty; write the lower port first");
        }
        return new PortSet(new int[] {from, to});
    }

    /**
     * The given ports.
     *
     * @param ports ports from 1 to 65535
     * @return the set
     * @throws IllegalArgumentException if no port is given or one is out of range
     */
    public static PortSet of(int... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("a port set needs at least one port");
        }
        List<int[]> ranges = new ArrayList<>();
        for (int port : ports) {
            checkPort(port, String.valueOf(port));
            ranges.add(new int[] {port, port});
        }
        return merge(ranges);
    }

    /**
     * Parses a comma-separated list of ports and ranges: {@code 9000-9001}, {@code 9000,9001},
     * {@code 9001-9008}, {@code 9000,9100-9102}. Spaces around items are allowed.
     *
     * @param text the list
     * @return the set
     * @throws IllegalArgumentException naming the item that is not a port or a range
     */
    public static PortSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no ports given; write ports like 9000-9001 or 9000,9001");
        }
        List<int[]> ranges = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String trimmed = item.trim();
            int dash = trimmed.indexOf('-');
            if (dash < 0) {
                int port = parsePort(trimmed, text);
                ranges.add(new int[] {port, port});
            } else {
                int from = parsePort(trimmed.substring(0, dash).trim(), text);
                int to = parsePort(trimmed.substring(dash + 1).trim(), text);
                if (from > to) {
                    throw new IllegalArgumentException("port range '" + trimmed + "' in '" + text
                            + "' is empty; write the lower port first");
                }
                ranges.add(new int[] {from, to});
            }
        }
        return merge(ranges);
    }

    /**
     * Whether the set holds {@code port}.
     *
     * @param port any int
     * @return whether it is one of the ports
     */
    public boolean contains(int port) {
        for (int i = 0; i < bounds.length; i += 2) {
            if (port < bounds[i]) {
                return false;
            }
            if (port <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many ports the set holds.
     *
     * @return the number of ports
     */
    public int size() {
        int size = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            size += bounds[i + 1] - bounds[i] + 1;
        }
        return size;
    }

    /**
     * The lowest port.
     *
     * @return the first port of the set
     */
    public int first() {
        return bounds[0];
    }

    /**
     * The set as sorted, disjoint ranges, as a kernel filter or a firewall rule needs it:
     * {@code PortSet.parse("9000-9001,7000").ranges()} is {@code [7000-7000, 9000-9001]}.
     *
     * @return the ranges, lowest first; unmodifiable
     * @since 0.3.0
     */
    public List<Range> ranges() {
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            ranges.add(new Range(bounds[i], bounds[i + 1]));
        }
        return List.copyOf(ranges);
    }

    /**
     * An inclusive range of ports.
     *
     * @param from the lowest port
     * @param to the highest port, {@code from} or more
     * @since 0.3.0
     */
    public record Range(int from, int to) {

        /**
         * Validates.
         *
         * @param from the lowest port, 1 to 65535
         * @param to the highest port, {@code from} to 65535
         * @throws IllegalArgumentException if a port is out of range or the range is empty
         */
        public Range {
            checkPort(from, String.valueOf(from));
            checkPort(to, String.valueOf(to));
            if (from > to) {
                throw new IllegalArgumentException("port range " + from + "-" + to + " is empty; write the lower port first");
            }
        }

        /** {@return {@code 9000-9001}, or {@code 7000} for a single port} */
        @Override
        public String toString() {
            return from == to ? String.valueOf(from) : from + "-" + to;
        }
    }

    /**
     * The set in the form {@link #parse(String)} reads, such as {@code 9000-9001,30303}.
     *
     * @return the canonical text
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                out.append('-').append(bounds[i + 1]);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PortSet && Arrays.equals(bounds, ((PortSet) other).bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    private static int parsePort(String item, String whole) {
        if (item.isEmpty() || item.length() > 5) {
            throw new IllegalArgumentException("'" + item + "' in '" + whole + "' is not a port; ports are 1 to 65535");
        }
        int port = 0;
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("'" + item + "' in '" + whole + "' is not a port; ports are 1 to 65535");
            }
            port = port * 10 + (c - '0');
        }
        checkPort(port, item + "' in '" + whole);
        return port;
    }

    private static void checkPort(int port, String shown) {
        if (port < 1 || port > Endpoint.MAX_PORT) {
            throw new IllegalArgumentException("'" + shown + "' is not a port; ports are 1 to 65535");
        }
    }

    private static PortSet merge(List<int[]> ranges) {
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] out = new int[ranges.size() * 2];
        int n = 0;
        for (int[] range : ranges) {
            if (n > 0 && range[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], range[1]);
            } else {
                out[n++] = range[0];
                out[n++] = range[1];
            }
        }
        return new PortSet(Arrays.copyOf(out, n));
    }
}
