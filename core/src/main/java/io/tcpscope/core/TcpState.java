package io.tcpscope.core;

/**
 * The kernel's TCP states, named as in {@code include/net/tcp_states.h} without the
 * {@code TCP_} prefix, in the kernel's order.
 *
 * <p>Each tool names them its own way; {@link #fromName(String)} takes them all:
 * <pre>{@code
 * TcpState.fromProcCode(0x01);      // ESTABLISHED, from /proc/net/tcp's "st" column
 * TcpState.fromName("ESTAB");       // ESTABLISHED, from ss
 * TcpState.fromName("FIN-WAIT-2");  // FIN_WAIT2, from ss
 * TcpState.fromName("FIN_WAIT2");   // FIN_WAIT2, from netstat
 * TcpState.fromName("UNCONN");      // CLOSE, from ss
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum TcpState {
    /** A connection that carries data: {@code TCP_ESTABLISHED}, code 1. */
    ESTABLISHED(0x01, "ESTAB"),
    /** A dial waiting for the peer's SYN-ACK: {@code TCP_SYN_SENT}, code 2. */
    SYN_SENT(0x02, "SYN-SENT"),
    /** A handshake waiting for the dialer's final ACK: {@code TCP_SYN_RECV}, code 3. */
    SYN_RECV(0x03, "SYN-RECV"),
    /** Closed locally, FIN not yet acknowledged: {@code TCP_FIN_WAIT1}, code 4. */
    FIN_WAIT1(0x04, "FIN-WAIT-1"),
    /** Closed locally and acknowledged, waiting for the peer's FIN: {@code TCP_FIN_WAIT2}, code 5. */
    FIN_WAIT2(0x05, "FIN-WAIT-2"),
    /** Closed on both sides, lingering to absorb late segments: {@code TCP_TIME_WAIT}, code 6. */
    TIME_WAIT(0x06, "TIME-WAIT"),
    /** No connection: {@code TCP_CLOSE}, code 7; ss prints {@code UNCONN}. */
    CLOSE(0x07, "UNCONN"),
    /** The peer closed, the local side has not: {@code TCP_CLOSE_WAIT}, code 8. */
    CLOSE_WAIT(0x08, "CLOSE-WAIT"),
    /** Closed on both sides, waiting for the last ACK: {@code TCP_LAST_ACK}, code 9. */
    LAST_ACK(0x09, "LAST-ACK"),
    /** Accepting connections: {@code TCP_LISTEN}, code 10. */
    LISTEN(0x0A, "LISTEN"),
    /** Both sides closed at once: {@code TCP_CLOSING}, code 11. */
    CLOSING(0x0B, "CLOSING");

    private static final TcpState[] BY_CODE = new TcpState[12];

    static {
        for (TcpState state : values()) {
            BY_CODE[state.code] = state;
        }
    }

    private final int code;
    private final String ssName;

    TcpState(int code, String ssName) {
        this.code = code;
        this.ssName = ssName;
    }

    /**
     * The kernel's numeric code, as {@code /proc/net/tcp} prints it in hex.
     *
     * @return 1 to 11
     */
    public int code() {
        return code;
    }

    /**
     * The name {@code ss} prints, such as {@code ESTAB} or {@code FIN-WAIT-2}.
     *
     * @return the ss name
     */
    public String ssName() {
        return ssName;
    }

    /**
     * The state of a kernel code.
     *
     * @param code the {@code st} column of {@code /proc/net/tcp}, 1 to 11
     * @return the state, or {@code null} if the code is not one of the 11
     */
    public static TcpState fromProcCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * The state of a name as printed by ss, net-tools netstat, busybox netstat, or this enum.
     *
     * @param name the state word, in capitals as the tools print it
     * @return the state, or {@code null} if the word is no TCP state
     */
    public static TcpState fromName(String name) {
        switch (name) {
            case "ESTAB":
            case "ESTABLISHED":
                return ESTABLISHED;
            case "SYN-SENT":
            case "SYN_SENT":
                return SYN_SENT;
            case "SYN-RECV":
            case "SYN_RECV":
                return SYN_RECV;
            case "FIN-WAIT-1":
            case "FIN_WAIT1":
                return FIN_WAIT1;
            case "FIN-WAIT-2":
            case "FIN_WAIT2":
                return FIN_WAIT2;
            case "TIME-WAIT":
            case "TIME_WAIT":
                return TIME_WAIT;
            case "UNCONN":
            case "CLOSE":
            case "CLOSED":
                return CLOSE;
            case "CLOSE-WAIT":
            case "CLOSE_WAIT":
                return CLOSE_WAIT;
            case "LAST-ACK":
            case "LAST_ACK":
                return LAST_ACK;
            case "LISTEN":
                return LISTEN;
            case "CLOSING":
                return CLOSING;
            default:
                return null;
        }
    }
}
