package io.tcpscope.core.parse;

import io.tcpscope.core.IpAddresses;

import java.net.InetAddress;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The addresses a network namespace holds on its interfaces, as the kernel lists them: the IPv4
 * ones in {@code /proc/net/fib_trie} (each leaf followed by a {@code /32 host LOCAL} line), the IPv6
 * ones in {@code /proc/net/if_inet6} (32 hex digits, then the interface index, prefix length, scope
 * and flags). Loopback and link-local addresses are left out, as an engine leaves them out of what
 * it reports of a container's networks.
 *
 * <pre>{@code
 * Set<InetAddress> mine = InterfaceAddresses.parse(fibTrieText, ifInet6Text);   // [172.18.0.2, fd00::2]
 * }</pre>
 *
 * <p>Lines of another shape are skipped rather than refused: the answer is a set to compare, and a
 * line it misses makes it differ. Thread-safe: stateless, and it does no I/O.
 *
 * @since 0.1.0
 */
public final class InterfaceAddresses {

    /** The scope of a global IPv6 address in {@code if_inet6}. */
    private static final String GLOBAL_SCOPE = "00";

    private InterfaceAddresses() {
    }

    /**
     * The addresses of one namespace.
     *
     * @param fibTrie the text of {@code /proc/net/fib_trie}
     * @param ifInet6 the text of {@code /proc/net/if_inet6}; empty where IPv6 is off
     * @return the addresses, IPv4 first; unmodifiable
     */
    public static Set<InetAddress> parse(String fibTrie, String ifInet6) {
        Objects.requireNonNull(fibTrie, "fibTrie must not be null");
        Objects.requireNonNull(ifInet6, "ifInet6 must not be null");
        Set<InetAddress> found = new LinkedHashSet<>();
        String leaf = null;
        for (String line : fibTrie.split("\n")) {
            String text = line.strip();
            if (text.startsWith("|-- ")) {
                leaf = text.substring(4).strip();
            } else if (text.equals("/32 host LOCAL") && leaf != null) {
                InetAddress address = IpAddresses.parseOrNull(leaf, 0, leaf.length());
                if (address != null && address.getAddress().length == 4 && !address.isLoopbackAddress()) {
                    found.add(address);
                }
            } else if (!text.startsWith("/")) {
                leaf = null; // a node or a table's name: the next leaf starts afresh
            }
        }
        for (String line : ifInet6.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 4 && f[0].matches("[0-9a-fA-F]{32}") && GLOBAL_SCOPE.equals(f[3])) {
                InetAddress address = IpAddresses.parseOrNull(colons(f[0]), 0, 39);
                if (address != null && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    found.add(address);
                }
            }
        }
        return Collections.unmodifiableSet(found);
    }

    private static String colons(String hex) {
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 32; i += 4) {
            out.append(i == 0 ? "" : ":").append(hex, i, i + 4);
        }
        return out.toString();
    }
}
