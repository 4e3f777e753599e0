package io.tcpscope.core.parse;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.SocketOwner;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Parses iproute2 {@code ss} listings of TCP sockets.
 *
 * <p>It reads {@code ss -tan}, {@code -tanH} (no header), {@code -tanp} (the process column, whose
 * names may hold spaces and which may name several owners), {@code -tano} (the kernel timer and
 * retransmit count of each socket, in {@code timer:(on,200ms,3)}), and {@code -tuan} (a Netid column;
 * rows that are not TCP are skipped). Addresses may be bracketed IPv6, the {@code *} any-address
 * or port, or carry an interface suffix such as {@code %lo}, which is dropped because the kernel's
 * tables do not show it. Trailing spaces and CRLF line ends are accepted.
 *
 * <p>A single-state filter such as {@code ss -tn state established} makes ss drop its State
 * column; such a listing needs {@link #withState(TcpState)}, since the text alone does not say
 * which state it holds.
 *
 * <pre>{@code
 * new SsParser().parse(ssTanOutput);
 * SsParser.withState(TcpState.ESTABLISHED).parse(ssStateEstablishedOutput);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SsParser implements ListingParser {

    private static final ListingFormat FORMAT = ListingFormat.SS;
    private static final String USERS = "users:((";
    private static final String TIMER = "timer:(";

    private final TcpState assumedState;
    private final boolean withTimers;

    /** A parser for listings that have a State column. */
    public SsParser() {
        this(null, false);
    }

    private SsParser(TcpState assumedState, boolean withTimers) {
        this.assumedState = assumedState;
        this.withTimers = withTimers;
    }

    /**
     * A parser for listings of {@code ss -o}, known to have been asked for timers: a socket with no
     * {@code timer:(...)} field has none running. Without this, a listing in which no socket shows
     * a timer cannot tell {@code -o} from its absence, and its timers are unknown.
     *
     * @return the parser
     */
    public static SsParser withTimers() {
        return new SsParser(null, true);
    }

    /**
     * A parser for listings filtered to one state, which have no State column. Rows that do have
     * a State column keep their own.
     *
     * @param state the state the listing was filtered to
     * @return the parser
     */
    public static SsParser withState(TcpState state) {
        return new SsParser(Objects.requireNonNull(state, "state must not be null"), false);
    }

    @Override
    public List<TcpConnection> parse(ByteBuffer listing) {
        String text = TextLines.decode(listing);
        List<TcpConnection> rows = new ArrayList<>();
        TextLines.Tokens tokens = new TextLines.Tokens(7);
        EndpointText endpoints = new EndpointText();
        TextLines lines = new TextLines(text);
        // ss -o prints a timer field on every socket that has one; a listing with none is not -o
        boolean timers = withTimers || text.contains(TIMER);
        while (lines.next()) {
            String line = lines.line();
            int lineNumber = lines.number();
            if (line.isBlank() || line.charAt(0) == '\t') {
                continue; // blank, or the tab-indented detail line that ss -i puts under a socket
            }
            int n = tokens.split(line);
            String first = tokens.get(0);
            if (first.equals("State") || first.equals("Netid") || first.equals("Recv-Q")) {
                continue;
            }
            int i = 0;
            if (n > 1 && isNetid(first)) {
                if (!first.equals("tcp")) {
                    continue; // ss -tuan: udp, raw and other sockets
                }
                i = 1;
            }
            TcpState state = TcpState.fromName(tokens.get(i));
            if (state != null) {
                i++;
            } else if (TextLines.decimal(tokens.get(i)) >= 0) {
                if (assumedState == null) {
                    throw new ListingParseException(FORMAT, lineNumber, line,
                            "no State column, as after 'ss state established'; give the state it was"
                                    + " filtered to (SsParser.withState, tcpscope parse --listing-state)");
                }
                state = assumedState;
            } else {
                throw new ListingParseException(FORMAT, lineNumber, line, "'" + tokens.get(i)
                        + "' is not a TCP state; run ss with LC_ALL=C so it prints untranslated states");
            }
            if (n < i + 4) {
                throw new ListingParseException(FORMAT, lineNumber, line,
                        "expected Recv-Q, Send-Q, local and peer columns after the state");
            }
            long receiveQueue = queue(tokens.get(i), "Recv-Q", lineNumber, line);
            long sendQueue = queue(tokens.get(i + 1), "Send-Q", lineNumber, line);
            Endpoint local = endpoint(endpoints, tokens.get(i + 2), lineNumber, line);
            Endpoint peer = endpoint(endpoints, tokens.get(i + 3), lineNumber, line);
            String process = tokens.restFrom(i + 4);
            List<SocketOwner> owners = process == null ? List.of() : owners(process, lineNumber, line);
            TcpTimer timer = TcpTimer.UNKNOWN;
            long retransmits = TcpConnection.UNKNOWN;
            if (timers) {
                int at = process == null ? -1 : process.indexOf(TIMER);
                timer = at < 0 ? TcpTimer.NONE : timer(process, at, lineNumber, line);
                // ss's third timer field is icsk_retransmits under "on", but the probes sent under
                // persist and keepalive: only the first is what /proc calls retrnsmt
                long count = at < 0 ? 0 : retransmits(process, at, lineNumber, line);
                retransmits = timer == TcpTimer.NONE || timer == TcpTimer.RETRANSMIT ? count : TcpConnection.UNKNOWN;
            }
            rows.add(new TcpConnection(local, peer, state, receiveQueue, sendQueue,
                    TcpConnection.UNKNOWN, TcpConnection.UNKNOWN, owners, timer, retransmits));
        }
        return Collections.unmodifiableList(rows);
    }

    /** Netids are lower case ({@code tcp}, {@code udp}, {@code u_str}); states are upper case. */
    private static boolean isNetid(String token) {
        if (token.charAt(0) < 'a' || token.charAt(0) > 'z') {
            return false;
        }
        for (int k = 1; k < token.length(); k++) {
            char c = token.charAt(k);
            if (!(c >= 'a' && c <= 'z') && c != '_' && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static long queue(String text, String name, int lineNumber, String line) {
        long value = TextLines.decimal(text);
        if (value < 0) {
            throw new ListingParseException(FORMAT, lineNumber, line, name + " '" + text + "' is not a number");
        }
        return value;
    }

    private static Endpoint endpoint(EndpointText parser, String text, int lineNumber, String line) {
        if (!parser.parse(text)) {
            throw new ListingParseException(FORMAT, lineNumber, line, parser.problem());
        }
        return parser.endpoint();
    }

    /** Reads the kind in {@code timer:(on,200ms,3)}. */
    private static TcpTimer timer(String tail, int at, int lineNumber, String line) {
        int start = at + TIMER.length();
        int comma = tail.indexOf(',', start);
        TcpTimer timer = comma < 0 ? null : TcpTimer.fromSsName(tail.substring(start, comma));
        if (timer == null) {
            throw new ListingParseException(FORMAT, lineNumber, line,
                    "the timer field is malformed: expected timer:(on|keepalive|timewait|persist,<time>,<retransmits>)");
        }
        return timer;
    }

    /** Reads the retransmit count in {@code timer:(on,200ms,3)}. */
    private static long retransmits(String tail, int at, int lineNumber, String line) {
        int close = tail.indexOf(')', at);
        int comma = close < 0 ? -1 : tail.lastIndexOf(',', close);
        long value = comma < at ? -1 : TextLines.decimal(tail.substring(comma + 1, close));
        if (value < 0) {
            throw new ListingParseException(FORMAT, lineNumber, line,
                    "the timer field's retransmit count is not a number");
        }
        return value;
    }

    /** Reads {@code users:(("name",pid=1,fd=3),("other name",pid=2,fd=3))}; other columns are ignored. */
    private static List<SocketOwner> owners(String tail, int lineNumber, String line) {
        int at = tail.indexOf(USERS);
        if (at < 0) {
            return List.of();
        }
        List<SocketOwner> owners = new ArrayList<>(2);
        int i = at + USERS.length() - 1;
        while (i < tail.length() && tail.charAt(i) == '(') {
            int nameStart = i + 2;
            int nameEnd = tail.indexOf("\",", nameStart);
            if (i + 1 >= tail.length() || tail.charAt(i + 1) != '"' || nameEnd < 0) {
                throw new ListingParseException(FORMAT, lineNumber, line, "the process column is malformed");
            }
            String name = tail.substring(nameStart, nameEnd);
            int close = tail.indexOf(')', nameEnd);
            if (close < 0) {
                throw new ListingParseException(FORMAT, lineNumber, line, "the process column is malformed");
            }
            long pid = -1;
            int fd = -1;
            for (String attribute : tail.substring(nameEnd + 2, close).split(",")) {
                if (attribute.startsWith("pid=")) {
                    pid = TextLines.decimal(attribute.substring(4));
                } else if (attribute.startsWith("fd=")) {
                    long value = TextLines.decimal(attribute.substring(3));
                    fd = value > Integer.MAX_VALUE ? -1 : (int) value;
                }
            }
            if (pid < 0) {
                throw new ListingParseException(FORMAT, lineNumber, line,
                        "the process column names '" + name + "' without a pid");
            }
            owners.add(new SocketOwner(name, pid, fd));
            i = close + 1;
            if (i < tail.length() && tail.charAt(i) == ',') {
                i++;
            }
        }
        return owners;
    }
}
