package io.tcpscope.core;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One end of a TCP socket: an IP address and a port.
 *
 * <p>Addresses are normalised on the way in: an IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.2})
 * becomes the IPv4 address, and IPv6 scopes ({@code %eth0}) are dropped, because the kernel's
 * socket tables identify sockets without them. Nothing here ever resolves a name.
 *
 * <pre>{@code
 * Endpoint peer = Endpoint.of("10.0.0.2", 9000);
 * peer.toString();                       // "10.0.0.2:9000"
 * Endpoint.of("::1", 9001).toString();   // "[::1]:9001"
 * Endpoint.of("0.0.0.0", 0).toString();  // "0.0.0.0:*", the peer of a listener
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param address the IP address, normalised
 * @param port the port, 0 to 65535; 0 is the wildcard port that listening sockets show as {@code *}
 * @since 0.1.0
 */
public record Endpoint(InetAddress address, int port) {

    /** The highest TCP port. */
    public static final int MAX_PORT = 65_535;

    /**
     * Validates and normalises.
     *
     * @param address the IP address
     * @param port the port, 0 for the wildcard
     * @throws NullPointerException if {@code address} is null
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     */
    public Endpoint {
        Objects.requireNonNull(address, "address must not be null");
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        address = IpAddresses.normalize(address);
    }

    /**
     * An endpoint from an address literal, with no DNS lookup.
     *
     * @param literal an IPv4 or IPv6 literal, without brackets
     * @param port the port, 0 for the wildcard
     * @return the endpoint
     * @throws IllegalArgumentException if the literal is not an IP address or the port is out of range
     */
    public static Endpoint of(String literal, int port) {
        return new Endpoint(IpAddresses.parse(literal), port);
    }

    /**
     * An endpoint from an address.
     *
     * @param address the address
     * @param port the port, 0 for the wildcard
     * @return the endpoint
     */
    public static Endpoint of(InetAddress address, int port) {
        return new Endpoint(address, port);
    }

    /**
     * Whether the port is the wildcard, as on the remote end of a listening socket.
     *
     * @return {@code true} for port 0
     */
    public boolean isWildcardPort() {
        return port == 0;
    }

    /**
     * Whether the address is the unspecified address, {@code 0.0.0.0} or {@code ::}.
     *
     * @return {@code true} for the any-address
     */
    public boolean isAnyAddress() {
        return address.isAnyLocalAddress();
    }

    /**
     * The address in canonical text: dotted IPv4, or RFC 5952 IPv6.
     *
     * @return the address text, never a host name
     */
    public String host() {
        return IpAddresses.toText(address);
    }

    /**
     * Prints {@code 10.0.0.2:9000}, {@code [::1]:9001}, or {@code *} for the wildcard port.
     *
     * @return the endpoint as {@code ss} would print it
     */
    @Override
    public String toString() {
        String host = host();
        String port = this.port == 0 ? "*" : Integer.toString(this.port);
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
