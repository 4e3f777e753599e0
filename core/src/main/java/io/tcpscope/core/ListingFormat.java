package io.tcpscope.core;

/**
 * The socket listings tcpscope reads.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ListingFormat {
    /** The kernel's {@code /proc/net/tcp} and {@code /proc/net/tcp6}, alone or concatenated. */
    PROC("/proc/net/tcp"),
    /** iproute2 {@code ss -tan}, with or without {@code -H}, {@code -p}, {@code -u}, or a state filter. */
    SS("ss"),
    /** net-tools {@code netstat -tan}, with or without {@code -W} and {@code -p}. */
    NETSTAT("netstat"),
    /** busybox {@code netstat -tan}, which labels IPv6 rows {@code tcp}. */
    BUSYBOX("busybox netstat");

    private final String displayName;

    ListingFormat(String displayName) {
        this.displayName = displayName;
    }

    /**
     * The name of the tool or file, for messages.
     *
     * @return for example {@code busybox netstat}
     */
    public String displayName() {
        return displayName;
    }
}
