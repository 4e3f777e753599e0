package io.tcpscope.core.parse;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;
import io.tcpscope.core.ListingFormat;
import io.tcpscope.core.ListingParseException;
import io.tcpscope.core.TcpConnection;
import io.tcpscope.core.TcpState;
import io.tcpscope.core.TcpTimer;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses the kernel's {@code /proc/net/tcp} and {@code /proc/net/tcp6}, alone or concatenated, as
 * bytes, without regexes and without splitting lines into strings.
 *
 * <p>It reads the full 17-field rows of ordinary sockets and the 12-field rows of TIME_WAIT and
 * request (SYN_RECV) sockets; row numbers of any width; header lines anywhere; and IPv4-mapped
 * IPv6 rows, which become IPv4. The kernel prints each address as 32-bit words in its own byte
 * order, little-endian on x86-64 and arm64; a big-endian kernel needs
 * {@link #ProcNetTcpParser(ByteOrder)}.
 *
 * <p>Each row gives its socket's queues, its running timer ({@code tr}) and its retransmit count
 * ({@code retrnsmt}). A listener's {@code tx_queue} means nothing, and the file has no column for
 * its backlog, so a listener's send queue is {@link TcpConnection#UNKNOWN}; its receive queue is
 * the number of connections waiting to be accepted, as in {@code ss}.
 *
 * <p>The kernel serves the table in pages of about 4 KB and may repeat a socket that moved
 * between two pages; rows for the same socket (same endpoints and inode) are kept once, with the
 * values of their last row.
 *
 * <pre>{@code
 * byte[] table = Files.readAllBytes(Path.of("/proc/self/net/tcp"));
 * List<TcpConnection> conns = new ProcNetTcpParser().parse(ByteBuffer.wrap(table));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ProcNetTcpParser implements ListingParser {

    private static final ListingFormat FORMAT = ListingFormat.PROC;

    private final boolean littleEndian;

    /** A parser for little-endian kernels: x86-64, arm64, and most others. */
    public ProcNetTcpParser() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A parser for a kernel of the given byte order.
     *
     * @param kernelByteOrder the byte order of the kernel that wrote the table
     */
    public ProcNetTcpParser(ByteOrder kernelByteOrder) {
        this.littleEndian = Objects.requireNonNull(kernelByteOrder, "kernelByteOrder must not be null")
                == ByteOrder.LITTLE_ENDIAN;
    }

    @Override
    public List<TcpConnection> parse(ByteBuffer listing) {
        byte[] bytes;
        int offset;
        int length = listing.remaining();
        if (listing.hasArray()) {
            bytes = listing.array();
            offset = listing.arrayOffset() + listing.position();
        } else {
            bytes = new byte[length];
            listing.duplicate().get(bytes);
            offset = 0;
        }
        return new Run(bytes, offset, offset + length).parse();
    }

    /** One parse: the cursor, and caches that let rows share address objects. */
    private final class Run {
        private final byte[] b;
        private final int end;
        private final Map<Integer, InetAddress> ipv4 = new HashMap<>();
        private final Map<Long, Endpoint> ipv4Endpoints = new HashMap<>();
        private int pos;
        private int lineStart;
        private int lineEnd;
        private int lineNumber;

        Run(byte[] b, int start, int end) {
            this.b = b;
            this.pos = start;
            this.end = end;
        }

        List<TcpConnection> parse() {
            List<TcpConnection> rows = new ArrayList<>();
            while (pos < end) {
                lineStart = pos;
                int nl = lineStart;
                while (nl < end && b[nl] != '\n') {
                    nl++;
                }
                lineEnd = nl;
                lineNumber++;
                pos = lineStart;
                skipSpaces();
                if (pos < lineEnd && !isHeaderOrBlank()) {
                    rows.add(row());
                }
                pos = nl + 1;
            }
            return dedupe(rows);
        }

        private boolean isHeaderOrBlank() {
            return b[pos] == '\r' || (b[pos] == 's' && pos + 1 < lineEnd && b[pos + 1] == 'l');
        }

        private TcpConnection row() {
            int digits = 0;
            while (pos < lineEnd && isDigit(b[pos])) {
                pos++;
                digits++;
            }
            if (digits == 0 || pos >= lineEnd || b[pos] != ':') {
                throw error("expected a row number such as '0:'");
            }
            pos++;
            Endpoint local = endpoint("local_address");
            Endpoint remote = endpoint("rem_address");
            field("st");
            int code = (int) hex(2, "st");
            TcpState state = TcpState.fromProcCode(code);
            if (state == null) {
                throw error("state code " + Integer.toHexString(code).toUpperCase() + " is not a TCP state");
            }
            field("tx_queue");
            long sendQueue = hex(8, "tx_queue");
            expect(':', "tx_queue:rx_queue");
            long receiveQueue = hex(8, "rx_queue");
            field("tr");
            int timerCode = (int) hex(2, "tr");
            TcpTimer timer = TcpTimer.fromProcCode(timerCode);
            if (timer == null) {
                throw error("timer code " + timerCode + " is not a kernel timer");
            }
            expect(':', "tr:tm->when");
            int when = pos;
            while (pos < lineEnd && hexValue(b[pos]) >= 0) {
                pos++;
            }
            if (pos == when) {
                throw error("tm->when must be hex digits");
            }
            field("retrnsmt");
            long retransmits = hex(8, "retrnsmt");
            field("uid");
            long uid = decimal("uid");
            skipToken("timeout");
            field("inode");
            long inode = decimal("inode");
            if (state == TcpState.LISTEN) {
                // tx_queue means nothing on a listener; ss's Send-Q there is the backlog, which this file lacks
                sendQueue = TcpConnection.UNKNOWN;
            }
            return new TcpConnection(local, remote, state, receiveQueue, sendQueue, uid, inode, List.of(),
                    timer, retransmits);
        }

        private Endpoint endpoint(String name) {
            field(name);
            int start = pos;
            while (pos < lineEnd && hexValue(b[pos]) >= 0) {
                pos++;
            }
            int digits = pos - start;
            InetAddress address;
            if (digits == 8) {
                // A listener's endpoint recurs on every connection it accepted: share one object.
                int word = (int) hexAt(start, 8);
                expect(':', name);
                int port = (int) hex(4, name + " port");
                long key = ((word & 0xffffffffL) << 16) | port;
                Endpoint known = ipv4Endpoints.get(key);
                if (known == null) {
                    known = new Endpoint(ipv4(word), port);
                    ipv4Endpoints.put(key, known);
                }
                return known;
            } else if (digits == 32) {
                byte[] bytes = new byte[16];
                for (int word = 0; word < 4; word++) {
                    putWord(bytes, 4 * word, (int) hexAt(start + 8 * word, 8));
                }
                address = IpAddresses.fromBytes(bytes);
            } else {
                throw error(name + " must have 8 or 32 hex digits before the port");
            }
            expect(':', name);
            int port = (int) hex(4, name + " port");
            return new Endpoint(address, port);
        }

        private InetAddress ipv4(int word) {
            InetAddress known = ipv4.get(word);
            if (known == null) {
                byte[] bytes = new byte[4];
                putWord(bytes, 0, word);
                known = IpAddresses.fromBytes(bytes);
                ipv4.put(word, known);
            }
            return known;
        }

        private void putWord(byte[] into, int at, int word) {
            if (littleEndian) {
                word = Integer.reverseBytes(word);
            }
            into[at] = (byte) (word >>> 24);
            into[at + 1] = (byte) (word >>> 16);
            into[at + 2] = (byte) (word >>> 8);
            into[at + 3] = (byte) word;
        }

        /** Moves past the spaces before a field, failing if the line ends first. */
        private void field(String name) {
            int before = pos;
            skipSpaces();
            if (pos >= lineEnd || b[pos] == '\r' || (pos == before && before != lineStart)) {
                throw error("the " + name + " field is missing");
            }
        }

        private void skipToken(String name) {
            field(name);
            while (pos < lineEnd && b[pos] != ' ' && b[pos] != '\t') {
                pos++;
            }
        }

        private void skipSpaces() {
            while (pos < lineEnd && (b[pos] == ' ' || b[pos] == '\t')) {
                pos++;
            }
        }

        private void expect(char c, String name) {
            if (pos >= lineEnd || b[pos] != c) {
                throw error(name + " is malformed: expected '" + c + "'");
            }
            pos++;
        }

        private long hex(int digits, String name) {
            for (int i = 0; i < digits; i++) {
                if (pos + i >= lineEnd || hexValue(b[pos + i]) < 0) {
                    throw error(name + " must be " + digits + " hex digits");
                }
            }
            long value = hexAt(pos, digits);
            pos += digits;
            return value;
        }

        private long hexAt(int at, int digits) {
            long value = 0;
            for (int i = 0; i < digits; i++) {
                value = (value << 4) | hexValue(b[at + i]);
            }
            return value;
        }

        private long decimal(String name) {
            int start = pos;
            long value = 0;
            while (pos < lineEnd && isDigit(b[pos])) {
                if (pos - start == 18) {
                    throw error(name + " is too large");
                }
                value = value * 10 + (b[pos] - '0');
                pos++;
            }
            if (pos == start || (pos < lineEnd && b[pos] != ' ' && b[pos] != '\t' && b[pos] != '\r')) {
                throw error(name + " must be a decimal number");
            }
            return value;
        }

        private ListingParseException error(String problem) {
            int stop = lineEnd;
            if (stop > lineStart && b[stop - 1] == '\r') {
                stop--;
            }
            String line = new String(b, lineStart, stop - lineStart, StandardCharsets.UTF_8);
            return new ListingParseException(FORMAT, lineNumber, line, problem);
        }
    }

    private static List<TcpConnection> dedupe(List<TcpConnection> rows) {
        Map<SocketKey, TcpConnection> unique = new LinkedHashMap<>(rows.size() * 2);
        for (TcpConnection row : rows) {
            unique.put(new SocketKey(row.local(), row.remote(), row.inode()), row);
        }
        if (unique.size() == rows.size()) {
            return Collections.unmodifiableList(rows);
        }
        return List.copyOf(unique.values());
    }

    /** Two rows are one socket when endpoints and inode agree; reuse-port listeners differ in inode. */
    private record SocketKey(Endpoint local, Endpoint remote, long inode) {
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
