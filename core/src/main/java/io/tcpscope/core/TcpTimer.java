package io.tcpscope.core;

/**
 * Which of the kernel's timers runs on a socket, as the {@code tr} column of
 * {@code /proc/net/tcp} and the {@code timer:(...)} field of {@code ss -o} show it.
 *
 * <p>The timer says what the kernel is waiting for. On a link that carries data,
 * {@link #RETRANSMIT} runs while sent bytes wait for their acknowledgement, and
 * {@link #ZERO_WINDOW_PROBE} runs when the peer's receive window is closed because the peer stopped
 * reading; either one, with a send queue that does not drain, is what a stalled link looks like.
 *
 * <pre>{@code
 * TcpTimer.fromProcCode(4);     // ZERO_WINDOW_PROBE
 * TcpTimer.fromSsName("on");    // RETRANSMIT
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum TcpTimer {
    /** No timer runs: {@code tr} 0, ss prints no timer, netstat {@code off}. */
    NONE(0, null),
    /**
     * Sent data waits for an acknowledgement, and is sent again when the timer fires (the
     * retransmission, tail-loss-probe or reordering timer): {@code tr} 1, ss {@code on}.
     */
    RETRANSMIT(1, "on"),
    /** The keepalive timer of an idle link with {@code SO_KEEPALIVE}: {@code tr} 2, ss {@code keepalive}. */
    KEEPALIVE(2, "keepalive"),
    /** A TIME_WAIT socket's lifetime: {@code tr} 3, ss {@code timewait}. */
    TIME_WAIT(3, "timewait"),
    /** The peer's receive window is closed and the kernel probes it: {@code tr} 4, ss {@code persist}. */
    ZERO_WINDOW_PROBE(4, "persist"),
    /** The listing does not say, as plain {@code ss -tan} and {@code netstat} do not. */
    UNKNOWN(-1, null);

    private final int procCode;
    private final String ssName;

    TcpTimer(int procCode, String ssName) {
        this.procCode = procCode;
        this.ssName = ssName;
    }

    /**
     * The timer of a {@code /proc/net/tcp} {@code tr} code.
     *
     * @param code the code, 0 to 4
     * @return the timer, or {@code null} for a code the kernel does not print
     */
    public static TcpTimer fromProcCode(int code) {
        for (TcpTimer timer : values()) {
            if (timer.procCode == code && code >= 0) {
                return timer;
            }
        }
        return null;
    }

    /**
     * The timer of an {@code ss -o} {@code timer:(name,...)} field.
     *
     * @param name {@code on}, {@code keepalive}, {@code timewait} or {@code persist}
     * @return the timer, or {@code null} for another name
     */
    public static TcpTimer fromSsName(String name) {
        for (TcpTimer timer : values()) {
            if (name.equals(timer.ssName)) {
                return timer;
            }
        }
        return null;
    }

    /** {@return the {@code tr} code of {@code /proc/net/tcp}, or -1 for {@link #UNKNOWN}} */
    public int procCode() {
        return procCode;
    }

    /** {@return whether the timer waits on the peer: {@link #RETRANSMIT} or {@link #ZERO_WINDOW_PROBE}} */
    public boolean waitsOnPeer() {
        return this == RETRANSMIT || this == ZERO_WINDOW_PROBE;
    }
}
