package io.tcpscope.core.parse;

import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The entry point for parsing socket listings: the parser of each format, and a detector that
 * recognises the format of a captured listing.
 *
 * <pre>{@code
 * List<TcpConnection> a = Listings.parse(ListingFormat.SS, ssOutput);
 * List<TcpConnection> b = Listings.parseAuto(pastedFromABugReport);
 * Optional<ListingFormat> f = Listings.detect(text);   // empty for an empty listing
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.1.0
 */
public final class Listings {

    /** How much of a listing the detector looks at: enough for headers and many rows. */
    private static final int DETECT_BYTES = 16 * 1024;

    private static final ListingParser PROC = new ProcNetTcpParser();
    private static final ListingParser SS = new SsParser();
    private static final ListingParser NETSTAT = new NetstatParser(ListingFormat.NETSTAT);
    private static final ListingParser BUSYBOX = new NetstatParser(ListingFormat.BUSYBOX);

    private Listings() {
    }

    /**
     * The parser of a format, with its default options.
     *
     * @param format the format
     * @return the parser
     */
    public static ListingParser parser(ListingFormat format) {
        switch (format) {
            case PROC:
                return PROC;
            case SS:
                return SS;
            case NETSTAT:
                return NETSTAT;
            case BUSYBOX:
                return BUSYBOX;
            default:
                throw new AssertionError(format);
        }
    }

    /**
     * Parses a listing of a known format.
     *
     * @param format the format
     * @param listing the listing
     * @return the connections; unmodifiable
     * @throws ListingParseException naming the line that could not be read
     */
    public static List<TcpConnection> parse(ListingFormat format, String listing) {
        return parser(format).parse(listing);
    }

    /**
     * Parses a listing of a known format held as bytes.
     *
     * @param format the format
     * @param listing the listing, from position to limit
     * @return the connections; unmodifiable
     * @throws ListingParseException naming the line that could not be read
     */
    public static List<TcpConnection> parse(ListingFormat format, ByteBuffer listing) {
        return parser(format).parse(listing);
    }

    /**
     * Detects the format of a listing and parses it. An empty or blank listing is an empty list.
     *
     * @param listing the listing
     * @return the connections; unmodifiable
     * @throws ListingParseException if the format is not recognised, or a line cannot be read
     */
    public static List<TcpConnection> parseAuto(String listing) {
        return parseAuto(ByteBuffer.wrap(listing.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Detects the format of a listing held as bytes and parses it.
     *
     * @param listing the listing, from position to limit
     * @return the connections; unmodifiable
     * @throws ListingParseException if the format is not recognised, or a line cannot be read
     */
    public static List<TcpConnection> parseAuto(ByteBuffer listing) {
        ByteBuffer head = listing.duplicate();
        head.limit(head.position() + Math.min(head.remaining(), DETECT_BYTES));
        Optional<ListingFormat> format = detect(StandardCharsets.UTF_8.decode(head).toString());
        return format.isEmpty() ? List.of() : parse(format.get(), listing);
    }

    /**
     * Recognises the format of a listing from its headers or, for headerless listings, its rows.
     *
     * @param listing the listing, or its first few kilobytes
     * @return the format, or empty if the listing holds no text
     * @throws ListingParseException if the text is none of the known formats
     */
    public static Optional<ListingFormat> detect(String listing) {
        TextLines lines = new TextLines(listing);
        TextLines.Tokens tokens = new TextLines.Tokens(4);
        while (lines.next()) {
            String line = lines.line();
            int n = tokens.split(line);
            if (n == 0) {
                continue;
            }
            String first = tokens.get(0);
            if (first.equals("sl") || isProcRow(tokens, n)) {
                return Optional.of(ListingFormat.PROC);
            }
            if (first.equals("Active") || first.equals("Proto")) {
                return Optional.of(netstatFlavour(listing));
            }
            if (first.equals("State") || first.equals("Netid") || first.equals("Recv-Q")
                    || TcpState.fromName(first) != null || TextLines.decimal(first) >= 0) {
                return Optional.of(ListingFormat.SS);
            }
            if (n > 1 && (first.equals("tcp") || first.equals("tcp6") || first.startsWith("udp"))) {
                // netstat rows go on with Recv-Q, ss -tua rows with a state.
                return Optional.of(TextLines.decimal(tokens.get(1)) >= 0 ? netstatFlavour(listing) : ListingFormat.SS);
            }
            throw new ListingParseException(null, lines.number(), line,
                    "this is not a listing of /proc/net/tcp, ss, netstat or busybox netstat");
        }
        return Optional.empty();
    }

    /** {@code 0: 0100007F:2328 ...}: a row number, then a hex address and port. */
    private static boolean isProcRow(TextLines.Tokens tokens, int n) {
        String first = tokens.get(0);
        if (n < 2 || first.length() < 2 || first.charAt(first.length() - 1) != ':'
                || TextLines.decimal(first.substring(0, first.length() - 1)) < 0) {
            return false;
        }
        String address = tokens.get(1);
        int colon = address.indexOf(':');
        return (colon == 8 || colon == 32) && address.length() == colon + 5;
    }

    /** busybox labels IPv6 rows {@code tcp}; net-tools labels them {@code tcp6}. */
    private static ListingFormat netstatFlavour(String listing) {
        TextLines lines = new TextLines(listing);
        TextLines.Tokens tokens = new TextLines.Tokens(4);
        while (lines.next()) {
            if (tokens.split(lines.line()) < 4) {
                continue;
            }
            String proto = tokens.get(0);
            if (proto.equals("tcp6")) {
                return ListingFormat.NETSTAT;
            }
            String local = tokens.get(3);
            if (proto.equals("tcp") && local.indexOf(':') != local.lastIndexOf(':')) {
                return ListingFormat.BUSYBOX;
            }
        }
        return ListingFormat.NETSTAT;
    }
}
