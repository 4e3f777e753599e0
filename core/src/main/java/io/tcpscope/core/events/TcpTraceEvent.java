package io.tcpscope.core.events;

import io.tcpscope.core.Endpoint;
import io.tcpscope.core.TcpState;

import java.time.Instant;
import java.util.Objects;

/**
 * One event the kernel recorded for one TCP socket, as a tracepoint reported it: a change of state
 * ({@code sock:inet_sock_set_state}), an error handed to the socket's owner
 * ({@code sock:inet_sk_error_report}), a reset received ({@code tcp:tcp_receive_reset}), a segment
 * sent again ({@code tcp:tcp_retransmit_skb}), or the socket freed ({@code tcp:tcp_destroy_sock}).
 *
 * <p>{@code local} is the socket's own end and {@code remote} its peer's, whichever side dialed. A
 * dialer's first event, its move to SYN-SENT, comes before the kernel has chosen its port, so its
 * {@code local} port is 0.
 *
 * <pre>{@code
 * TcpTraceEvent e = ...;   // 12:00:01.438931 RESET_RECEIVED 127.0.0.1:45192 -> 127.0.0.1:45001
 * if (e.kind() == TcpTraceEvent.Kind.STATE_CHANGE && e.newState() == TcpState.ESTABLISHED) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param at when the kernel recorded it
 * @param kind which tracepoint
 * @param local the socket's own end
 * @param remote the peer's end; port 0 and the wildcard address for a listener
 * @param oldState for a state change, the state before; else {@code null}
 * @param newState for a state change, the state after; for a retransmit, the socket's state; else
 *     {@code null}. The kernel's NEW_SYN_RECV is read as {@link TcpState#SYN_RECV}.
 * @param error for an error report, the errno it carried (111 ECONNREFUSED, 110 ETIMEDOUT, 113
 *     EHOSTUNREACH, 104 ECONNRESET; 0 when an ICMP error came before the kernel set one); else 0
 * @since 0.3.0
 */
public record TcpTraceEvent(Instant at, Kind kind, Endpoint local, Endpoint remote, TcpState oldState,
        TcpState newState, int error) {

    /** ECONNREFUSED. */
    public static final int ECONNREFUSED = 111;
    /** ETIMEDOUT. */
    public static final int ETIMEDOUT = 110;
    /** EHOSTUNREACH. */
    public static final int EHOSTUNREACH = 113;
    /** ENETUNREACH. */
    public static final int ENETUNREACH = 101;
    /** ECONNRESET. */
    public static final int ECONNRESET = 104;

    /**
     * Which tracepoint an event came from.
     *
     * @since 0.3.0
     */
    public enum Kind {
        /** {@code sock:inet_sock_set_state}. */
        STATE_CHANGE,
        /** {@code sock:inet_sk_error_report}. */
        ERROR_REPORT,
        /** {@code tcp:tcp_receive_reset}: the peer sent this socket a reset. */
        RESET_RECEIVED,
        /** {@code tcp:tcp_retransmit_skb}. */
        RETRANSMIT,
        /** {@code tcp:tcp_destroy_sock}. */
        DESTROYED
    }

    /**
     * Validates.
     *
     * @param at when
     * @param kind which tracepoint
     * @param local the socket's end
     * @param remote the peer's end
     * @param oldState the state before, for a state change
     * @param newState the state after, for a state change or a retransmit
     * @param error the errno, for an error report
     * @throws NullPointerException if the time, kind or an end is null, or a state change lacks a state
     */
    public TcpTraceEvent {
        Objects.requireNonNull(at, "at must not be null");
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(local, "local must not be null");
        Objects.requireNonNull(remote, "remote must not be null");
        if (kind == Kind.STATE_CHANGE) {
            Objects.requireNonNull(oldState, "a state change needs oldState");
            Objects.requireNonNull(newState, "a state change needs newState");
        }
    }

    /** {@return for example {@code 12:00:01.438934 STATE_CHANGE 127.0.0.1:45192 -> 127.0.0.1:45001 SYN-SENT > UNCONN}} */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(TimeOfDay.of(at))
                .append(' ').append(kind).append(' ').append(local).append(" -> ").append(remote);
        if (oldState != null) {
            out.append(' ').append(oldState.ssName()).append(" >");
        }
        if (newState != null) {
            out.append(' ').append(newState.ssName());
        }
        if (kind == Kind.ERROR_REPORT) {
            out.append(" errno ").append(error);
        }
        return out.toString();
    }
}
