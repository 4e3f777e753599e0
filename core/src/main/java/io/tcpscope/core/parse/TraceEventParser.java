package io.tcpscope.core.parse;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.events.TcpTraceEvent;
import io.tcpscope.core.events.TcpTraceEvent.Kind;

import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lines that tracefs prints for the kernel's TCP tracepoints ({@code trace} and
 * {@code trace_pipe}) into {@link TcpTraceEvent}s. It reads the fields by name, as each tracepoint's
 * {@code print fmt} writes them, so a kernel that adds a field does not break it.
 *
 * <pre>{@code
 * TraceEventParser parser = new TraceEventParser(nanos -> boot.plusNanos(nanos));
 * TcpTraceEvent e = parser.parse(
 *         "python3-5848 [001] .....   171.438936: inet_sk_error_report: family=AF_INET protocol=IPPROTO_TCP"
 *         + " sport=45192 dport=45001 saddr=127.0.0.1 daddr=127.0.0.1 saddrv6=::ffff:127.0.0.1"
 *         + " daddrv6=::ffff:127.0.0.1 error=111");
 * e.error();   // 111
 * }</pre>
 *
 * <p>A line of another tracepoint, or of a protocol other than TCP, gives {@code null}; so does a TCP
 * line it cannot read, which it counts ({@link #unreadable()}) rather than throw, since one odd line
 * must not end a stream of events.
 *
 * <p>Not thread-safe: one per reader.
 *
 * @since 0.3.0
 */
public final class TraceEventParser {

    // "<task>-<pid> [cpu] <flags> <seconds>.<fraction>: <event>: <fields>"; the task, which any process
    // sets, may hold spaces and even a time: the head is found from the CPU field on, after the last "-pid".
    private static final Pattern HEAD = Pattern.compile("^.*-\\d+\\s+\\[\\d+\\]\\s+(?:\\S+\\s+)?(\\d+)\\.(\\d{1,9}): (\\w+): ");
    private static final String MARKER = "tracing_mark_write";

    private final LongFunction<Instant> clock;
    private long unreadable;

    /**
     * A parser.
     *
     * @param clock turns the trace clock's nanoseconds into an instant
     */
    public TraceEventParser(LongFunction<Instant> clock) {
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /**
     * Reads one line.
     *
     * @param line a line of {@code trace} or {@code trace_pipe}
     * @return the event, or {@code null} when the line is not a TCP event or cannot be read
     */
    public TcpTraceEvent parse(String line) {
        Matcher m = HEAD.matcher(line);
        if (!m.find()) {
            return null;
        }
        Kind kind = kind(m.group(3));
        if (kind == null) {
            return null;
        }
        Map<String, String> fields = fields(line, m.end());
        String protocol = fields.get("protocol");
        if (protocol != null && !protocol.equals("IPPROTO_TCP")) {
            return null;
        }
        try {
            long nanos = Long.parseLong(m.group(1)) * 1_000_000_000L + fraction(m.group(2));
            boolean v6 = "AF_INET6".equals(fields.get("family"));
            Endpoint local = new Endpoint(address(fields, v6 ? "saddrv6" : "saddr"), port(fields, "sport"));
            Endpoint remote = new Endpoint(address(fields, v6 ? "daddrv6" : "daddr"), port(fields, "dport"));
            TcpState before = kind == Kind.STATE_CHANGE ? state(fields.get("oldstate")) : null;
            TcpState after = kind == Kind.STATE_CHANGE ? state(fields.get("newstate"))
                    : kind == Kind.RETRANSMIT ? state(fields.get("state")) : null;
            int error = kind == Kind.ERROR_REPORT ? Integer.parseInt(fields.get("error")) : 0;
            return new TcpTraceEvent(clock.apply(nanos), kind, local, remote, before, after, error);
        } catch (RuntimeException e) {
            unreadable++;
            return null;
        }
    }

    /**
     * The text that a write to the instance's {@code trace_marker} left, such as a reader's own sync
     * marks.
     *
     * @param line a line of {@code trace_pipe}
     * @return the text written, or {@code null} when the line is not a marker
     */
    public static String marker(String line) {
        Matcher m = HEAD.matcher(line);
        if (!m.find() || !m.group(3).equals(MARKER)) {
            return null;
        }
        return line.substring(m.end()).strip();
    }

    /** {@return how many lines of a TCP tracepoint could not be read} */
    public long unreadable() {
        return unreadable;
    }

    private static Kind kind(String event) {
        switch (event) {
            case "inet_sock_set_state":
                return Kind.STATE_CHANGE;
            case "inet_sk_error_report":
                return Kind.ERROR_REPORT;
            case "tcp_receive_reset":
                return Kind.RESET_RECEIVED;
            case "tcp_retransmit_skb":
                return Kind.RETRANSMIT;
            case "tcp_destroy_sock":
                return Kind.DESTROYED;
            default:
                return null;
        }
    }

    private static Map<String, String> fields(String line, int from) {
        Map<String, String> fields = new HashMap<>();
        for (String word : line.substring(from).split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return fields;
    }

    private static long fraction(String digits) {
        long value = Long.parseLong(digits);
        for (int i = digits.length(); i < 9; i++) {
            value *= 10;
        }
        return value;
    }

    private static InetAddress address(Map<String, String> fields, String key) {
        String text = Objects.requireNonNull(fields.get(key), key);
        return IpAddresses.parse(text);
    }

    private static int port(Map<String, String> fields, String key) {
        return Integer.parseInt(Objects.requireNonNull(fields.get(key), key));
    }

    private static TcpState state(String text) {
        Objects.requireNonNull(text, "state");
        String name = text.startsWith("TCP_") ? text.substring(4) : text;
        if (name.equals("NEW_SYN_RECV")) {
            return TcpState.SYN_RECV;
        }
        return Objects.requireNonNull(TcpState.fromName(name), text);
    }
}
