package io.tcpscope.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals without name resolution.
 *
 * <p>{@link InetAddress#getByName(String)} falls back to DNS for anything that is not a literal,
 * which is slow and leaks lookups to the network. Every address tcpscope builds goes through
 * {@link #fromBytes(byte[])} instead, and every address it prints goes through
 * {@link #toText(InetAddress)}, which follows RFC 5952.
 *
 * <pre>{@code
 * InetAddress a = IpAddresses.parse("::ffff:10.0.0.2");   // an Inet4Address, 10.0.0.2
 * IpAddresses.toText(IpAddresses.parse("0:0:0:0:0:0:0:1")); // "::1"
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.1.0
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /**
     * Parses an IPv4 or IPv6 literal.
     *
     * @param literal dotted IPv4 or textual IPv6, without brackets, scope or port
     * @return the address; IPv4-mapped IPv6 literals come back as {@link Inet4Address}
     * @throws IllegalArgumentException if the text is not an IP literal
     */
    public static InetAddress parse(CharSequence literal) {
        InetAddress address = parseOrNull(literal, 0, literal.length());
        if (address == null) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address literal");
        }
        return address;
    }

    /**
     * Parses an IPv4 or IPv6 literal in {@code text[from, to)}, returning {@code null} rather than
     * throwing, so that parsers can report the line that held it.
     *
     * @param text the text holding the literal
     * @param from the index of the first character
     * @param to the index after the last character
     * @return the address, or {@code null} if the range is not an IP literal
     */
    public static InetAddress parseOrNull(CharSequence text, int from, int to) {
        byte[] bytes = indexOf(text, from, to, ':') >= 0 ? parseIpv6(text, from, to) : parseIpv4(text, from, to);
        return bytes == null ? null : fromBytes(bytes);
    }

    /**
     * Builds an address from its 4 or 16 bytes, with no lookup; IPv4-mapped IPv6 becomes IPv4.
     *
     * @param bytes 4 or 16 bytes in network order; not kept
     * @return the address
     * @throws IllegalArgumentException if the array is neither 4 nor 16 bytes long
     */
    public static InetAddress fromBytes(byte[] bytes) {
        try {
            // getByAddress never resolves, and it turns ::ffff:a.b.c.d into an Inet4Address.
            return InetAddress.getByAddress(bytes.clone());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    /**
     * Normalises an address: an IPv4-mapped IPv6 address becomes the IPv4 address, and any IPv6
     * scope is dropped, because socket tables identify sockets without it.
     *
     * @param address any address
     * @return an equivalent address built from bytes
     */
    public static InetAddress normalize(InetAddress address) {
        if (address instanceof Inet6Address) {
            Inet6Address v6 = (Inet6Address) address;
            if (v6.getScopeId() != 0 || v6.getScopedInterface() != null || isIpv4Mapped(v6.getAddress())) {
                return fromBytes(v6.getAddress());
            }
        }
        return address;
    }

    /**
     * Prints an address: dotted IPv4, or IPv6 in the RFC 5952 canonical form ({@code ::1}).
     *
     * @param address the address
     * @return its text, never a host name
     */
    public static String toText(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952 4.2: compress the longest run of two or more zero groups, the first if tied.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    static boolean isIpv4Mapped(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static int indexOf(CharSequence text, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] parseIpv4(CharSequence text, int from, int to) {
        byte[] out = new byte[4];
        if (!parseIpv4Into(text, from, to, out, 0)) {
            return null;
        }
        return out;
    }

    private static boolean parseIpv4Into(CharSequence text, int from, int to, byte[] out, int offset) {
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && isDigit(text.charAt(i))) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255 || (i - start > 1 && text.charAt(start) == '0')) {
                return false;
            }
            out[offset + part++] = (byte) value;
            if (part < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == to;
    }

    private static byte[] parseIpv6(CharSequence text, int from, int to) {
        byte[] out = new byte[16];
        int groups = 0;
        int gap = -1;
        int i = from;
        if (to - from >= 2 && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
            gap = 0;
            i += 2;
            if (i == to) {
                return out;
            }
        } else if (i < to && text.charAt(i) == ':') {
            return null;
        }
        while (i < to) {
            if (groups == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && hexValue(text.charAt(i)) >= 0) {
                value = (value << 4) | hexValue(text.charAt(i));
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                // An embedded IPv4 tail takes the last two groups.
                if (groups > 6 || !parseIpv4Into(text, start, to, out, 2 * groups)) {
                    return null;
                }
                groups += 2;
                i = to;
                break;
            }
            if (i == start) {
                return null;
            }
            out[2 * groups] = (byte) (value >>> 8);
            out[2 * groups + 1] = (byte) value;
            groups++;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = groups;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return null;
            }
        }
        if (gap < 0) {
            return groups == 8 ? out : null;
        }
        if (groups == 8) {
            return null;
        }
        int tail = groups - gap;
        System.arraycopy(out, 2 * gap, out, 16 - 2 * tail, 2 * tail);
        java.util.Arrays.fill(out, 2 * gap, 16 - 2 * tail, (byte) 0);
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
