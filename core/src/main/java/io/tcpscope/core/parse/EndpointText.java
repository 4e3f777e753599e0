package io.tcpscope.core.parse;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.IpAddresses;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code address:port} as ss and netstat print it. Returns a problem text rather than
 * throwing, so that the caller can name the line.
 *
 * <p>One instance serves one parse, and shares the endpoint of a token it has read before: a
 * listener's endpoint recurs on every connection it accepted, and a table of thousands of sockets
 * then holds one object for it instead of thousands.
 */
final class EndpointText {

    private static final InetAddress ANY6 = IpAddresses.fromBytes(new byte[16]);

    private final Map<String, Endpoint> seen = new HashMap<>();
    private final Map<InetAddress, InetAddress> addresses = new HashMap<>();
    private Endpoint endpoint;
    private String problem;

    Endpoint endpoint() {
        return endpoint;
    }

    String problem() {
        return problem;
    }

    /**
     * Parses {@code 10.0.0.2:9000}, {@code [::1]:9000}, {@code ::1:9000}, {@code *:9000},
     * {@code 0.0.0.0:*}, and an interface suffix such as {@code 127.0.0.1%lo:9000} or
     * {@code [fe80::1]%eth0:9000}, which is dropped as the kernel's tables do not show it.
     */
    boolean parse(String text) {
        endpoint = seen.get(text);
        if (endpoint != null) {
            return true;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return fail("'" + text + "' is not an address:port pair");
        }
        int port = port(text, colon + 1);
        if (port < 0) {
            return fail("port '" + text.substring(colon + 1)
                    + "' is not a number from 0 to 65535; run the tool with -n so it prints numeric ports");
        }
        int from = 0;
        int to = colon;
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0 || close > colon) {
                return fail("'" + text + "' has an unclosed '['");
            }
            from = 1;
            to = close;
        }
        int percent = text.indexOf('%', from);
        if (percent >= 0 && percent < to) {
            to = percent;
        }
        InetAddress address;
        if (to - from == 1 && text.charAt(from) == '*') {
            // ss prints the dual-stack any-address as '*'; the kernel's table says '::'.
            address = ANY6;
        } else {
            address = IpAddresses.parseOrNull(text, from, to);
            if (address == null) {
                return fail("'" + text.substring(from, to)
                        + "' is not an IP address; run the tool with -n so it does not print host names");
            }
        }
        endpoint = new Endpoint(shared(address), port);
        seen.put(text, endpoint);
        return true;
    }

    /** One address object per distinct address in a parse. */
    private InetAddress shared(InetAddress address) {
        InetAddress known = addresses.putIfAbsent(address, address);
        return known != null ? known : address;
    }

    private boolean fail(String why) {
        problem = why;
        return false;
    }

    private static int port(String text, int from) {
        if (text.length() - from == 1 && text.charAt(from) == '*') {
            return 0;
        }
        if (text.length() - from > 5) {
            return -1;
        }
        long value = TextLines.decimal(text.substring(from));
        return value > Endpoint.MAX_PORT ? -1 : (int) value;
    }
}
