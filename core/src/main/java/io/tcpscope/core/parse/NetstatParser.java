package io.tcpscope.core.parse;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.SocketOwner;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses {@code netstat -tan} listings from net-tools and from busybox, which share a layout.
 *
 * <p>net-tools labels IPv6 sockets {@code tcp6} and shows IPv4-mapped peers as plain IPv4;
 * busybox labels every TCP socket {@code tcp} and prints mapped peers as {@code ::ffff:a.b.c.d}.
 * Both print IPv6 without brackets, the port after the last colon. The {@code -p} column
 * ({@code 1234/p2p node}, or {@code -}) becomes the owner.
 *
 * <p>Without {@code -W}, net-tools cuts an {@code address:port} longer than 23 characters down to
 * exactly 23, with no marker. An IPv6 row whose address column is exactly 23 characters is
 * therefore refused with an error that says to use {@code -W}, unless some other column of the
 * same listing is wider than 23, which proves the listing was taken with {@code -W}. Callers that
 * know their listing is wide use {@link #wide(ListingFormat)}.
 *
 * <pre>{@code
 * new NetstatParser(ListingFormat.NETSTAT).parse(netstatTanOutput);
 * NetstatParser.wide(ListingFormat.NETSTAT).parse(netstatTanWOutput);
 * new NetstatParser(ListingFormat.BUSYBOX).parse(busyboxNetstatOutput);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class NetstatParser implements ListingParser {

    /** The width net-tools cuts an address:port column to without -W. */
    static final int NARROW_COLUMN = 23;

    private final ListingFormat format;
    private final boolean knownWide;

    /**
     * A parser that refuses rows whose IPv6 address may have been truncated.
     *
     * @param format {@link ListingFormat#NETSTAT} or {@link ListingFormat#BUSYBOX}, for messages
     */
    public NetstatParser(ListingFormat format) {
        this(format, false);
    }

    private NetstatParser(ListingFormat format, boolean knownWide) {
        if (format != ListingFormat.NETSTAT && format != ListingFormat.BUSYBOX) {
            throw new IllegalArgumentException("NetstatParser reads netstat and busybox netstat, not " + format);
        }
        this.format = format;
        this.knownWide = knownWide;
    }

    /**
     * A parser for listings known to be taken with {@code -W}, whose addresses are never cut.
     *
     * @param format {@link ListingFormat#NETSTAT} or {@link ListingFormat#BUSYBOX}
     * @return the parser
     */
    public static NetstatParser wide(ListingFormat format) {
        return new NetstatParser(format, true);
    }

    @Override
    public List<TcpConnection> parse(ByteBuffer listing) {
        String text = TextLines.decode(listing);
        List<TcpConnection> rows = new ArrayList<>();
        TextLines.Tokens tokens = new TextLines.Tokens(7);
        EndpointText endpoints = new EndpointText();
        int widest = 0;
        String suspect = null;
        int suspectNumber = 0;
        TextLines lines = new TextLines(text);
        while (lines.next()) {
            String line = lines.line();
            int lineNumber = lines.number();
            if (line.isBlank() || line.startsWith("Active ") || line.startsWith("Proto ")) {
                continue;
            }
            int n = tokens.split(line);
            String proto = tokens.get(0);
            boolean tcp6 = proto.equals("tcp6");
            if (!tcp6 && !proto.equals("tcp")) {
                if (proto.startsWith("udp") || proto.startsWith("raw") || proto.equals("unix")) {
                    continue;
                }
                throw new ListingParseException(format, lineNumber, line,
                        "'" + proto + "' is not a protocol netstat prints; expected tcp or tcp6");
            }
            if (n < 6) {
                throw new ListingParseException(format, lineNumber, line,
                        "expected Proto, Recv-Q, Send-Q, Local Address, Foreign Address and State columns");
            }
            String localText = tokens.get(3);
            String remoteText = tokens.get(4);
            widest = Math.max(widest, Math.max(localText.length(), remoteText.length()));
            boolean mayBeCut = tcp6 && !knownWide
                    && (localText.length() == NARROW_COLUMN || remoteText.length() == NARROW_COLUMN);
            Endpoint local = endpoint(endpoints, localText, mayBeCut, lineNumber, line);
            Endpoint remote = endpoint(endpoints, remoteText, mayBeCut, lineNumber, line);
            if (mayBeCut && suspect == null) {
                suspect = line;
                suspectNumber = lineNumber;
            }
            TcpState state = TcpState.fromName(tokens.get(5));
            if (state == null) {
                throw new ListingParseException(format, lineNumber, line, "'" + tokens.get(5)
                        + "' is not a TCP state; run netstat with LC_ALL=C so it prints untranslated states");
            }
            long receiveQueue = queue(tokens.get(1), "Recv-Q", lineNumber, line);
            // netstat prints /proc/net/tcp's tx_queue, which means nothing on a listener: ss's Send-Q there is the backlog
            long sendQueue = state == TcpState.LISTEN ? TcpConnection.UNKNOWN : queue(tokens.get(2), "Send-Q", lineNumber, line);
            String program = tokens.restFrom(6);
            rows.add(new TcpConnection(local, remote, state, receiveQueue, sendQueue,
                    TcpConnection.UNKNOWN, TcpConnection.UNKNOWN, owners(program)));
        }
        if (suspect != null && widest <= NARROW_COLUMN) {
            throw truncated(suspectNumber, suspect);
        }
        return Collections.unmodifiableList(rows);
    }

    private Endpoint endpoint(EndpointText parser, String text, boolean mayBeCut, int lineNumber, String line) {
        if (!parser.parse(text)) {
            if (mayBeCut) {
                throw truncated(lineNumber, line);
            }
            throw new ListingParseException(format, lineNumber, line, parser.problem());
        }
        return parser.endpoint();
    }

    private ListingParseException truncated(int lineNumber, String line) {
        return new ListingParseException(format, lineNumber, line,
                "an IPv6 address may be cut short, as netstat does without -W; run 'netstat -tanW'");
    }

    private long queue(String text, String name, int lineNumber, String line) {
        long value = TextLines.decimal(text);
        if (value < 0) {
            throw new ListingParseException(format, lineNumber, line, name + " '" + text + "' is not a number");
        }
        return value;
    }

    /** Reads {@code 1234/p2p node}; {@code -} and anything without a pid mean unknown. */
    private static List<SocketOwner> owners(String program) {
        if (program == null) {
            return List.of();
        }
        int slash = program.indexOf('/');
        long pid = slash > 0 ? TextLines.decimal(program.substring(0, slash)) : -1;
        if (pid < 0) {
            return List.of();
        }
        return List.of(new SocketOwner(program.substring(slash + 1), pid, -1));
    }
}
