package io.tcpscope.docker;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the kernel-events helper runs: a busybox {@code sh} script that makes a tracing instance of
 * its own on the engine's kernel, reads it, and removes it when told to or when its stdin ends; and
 * the two arguments it is given, the instance's name and the events' filter.
 *
 * <p>The conversation ({@link EngineEventStream} is the other end): the script sets the instance's
 * clock to {@code mono}, its buffer, a port filter on each of the five TCP tracepoints, enables them,
 * starts copying {@code trace_pipe} to stdout ({@code dd}: busybox's {@code cat} copies with
 * {@code sendfile}, which would hold the events until it had its whole count), and writes {@code tcpscope-ready} to the instance's
 * {@code trace_marker}. Each line it then reads on stdin is a number, a token, answered by the
 * marker {@code tcpscope-sync <token> <overruns>} (the sum of each CPU's {@code overrun} and
 * {@code dropped events}), which comes out of the pipe after every event recorded before it; or
 * {@code close}. On {@code close}, the end of stdin (the attaching client went) or TERM, it disables
 * the instance, ends its copy, removes the instance and prints {@code tcpscope-closed}, or
 * {@code tcpscope-left <why>}. A failure before the pipe is read prints {@code tcpscope-error <why>}
 * and exits 1. Those plain lines never meet the pipe's: they are printed before its copy
 * starts or after it has ended.
 *
 * <p>The instance is {@code tcpscope-engine-<random>}, a name no local subscription of
 * adapter-procfs takes or sweeps. A helper that was killed (SIGKILL) leaves its instance; the next
 * helper on that kernel removes every such instance older than a minute whose pipe nobody reads (the
 * kernel refuses to remove an instance whose {@code trace_pipe} is open).
 */
final class EngineEventScript {

    /** The tracepoints it enables, as {@code <system>/<event>}: adapter-procfs's five. */
    static final List<String> EVENTS = List.of("sock/inet_sock_set_state", "sock/inet_sk_error_report",
            "tcp/tcp_receive_reset", "tcp/tcp_retransmit_skb", "tcp/tcp_destroy_sock");

    /** What every instance name of the helper starts with. */
    static final String PREFIX = "tcpscope-engine-";


    /** The ring buffer per CPU, in KiB: adapter-procfs's default. */
    static final int BUFFER_KB = 1024;

    /** The script. {@code $TRACEFS} and {@code $SWEEP_AFTER} are for tests. */
    static final String SCRIPT = """
            #!/bin/sh
            # tcpscope's kernel-events helper; see EngineEventScript. $1 its tracing instance, $2 the filter.
            name=$1 filter=$2
            events="%s"
            t=${TRACEFS:-/sys/kernel/tracing}
            i= pid=
            say() { printf 'tcpscope-%%s\\n' "$(printf '%%s' "$*" | tr '\\n' ' ')"; }
            fail() { say "error $*"; [ -n "$i" ] && rmdir "$i" 2>/dev/null; exit 1; }
            if [ ! -d "$t/instances" ] && [ -z "$TRACEFS" ] && [ -d /sys/kernel/debug/tracing/instances ]; then
              t=/sys/kernel/debug/tracing
            fi
            if [ ! -d "$t/instances" ]; then
              out=$(mount -t tracefs nodev "$t" 2>&1) || fail "mounting tracefs at $t failed: $out"
              [ -d "$t/instances" ] || fail "the tracefs at $t has no instances/ directory (Linux 3.14 or later has)"
            fi
            for e in $events; do
              [ -d "$t/events/$e" ] || fail "this kernel has no tracepoint $e (the five TCP tracepoints need Linux 5.15 or later)"
            done
            # the instances of helpers that were killed: old enough, and no reader holds their pipe (rmdir refuses then)
            now=$(date +%%s)
            for old in "$t"/instances/%s*; do
              [ -d "$old" ] || continue
              made=$(stat -c %%Y "$old" 2>/dev/null) || continue
              [ $((now - made)) -ge "${SWEEP_AFTER:-60}" ] && rmdir "$old" 2>/dev/null
            done
            out=$(mkdir "$t/instances/$name" 2>&1) || fail "making the tracing instance $t/instances/$name failed: $out"
            i=$t/instances/$name
            end() {
              trap '' TERM INT HUP
              { echo 0 > "$i/tracing_on"; echo 0 > "$i/events/enable"; } 2>/dev/null
              [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
              n=0
              until rmdir "$i" 2>/dev/null; do
                n=$((n + 1))
                [ $n -lt 100 ] || { say "left the kernel would not remove $i"; exit 1; }
                sleep 0.05
              done
              say closed
              exit 0
            }
            trap end TERM INT HUP
            put() { out=$( { printf '%%s\\n' "$2" > "$i/$1"; } 2>&1 ) || fail "writing '$2' to $i/$1 failed: $out"; }
            put trace_clock mono
            put buffer_size_kb %d
            for e in $events; do
              put "events/$e/filter" "$filter"
              put "events/$e/enable" 1
            done
            put tracing_on 1
            # dd, not cat: busybox's cat copies with sendfile, which holds what it read until its whole count is in
            dd if="$i/trace_pipe" bs=65536 2>/dev/null &
            pid=$!
            echo tcpscope-ready > "$i/trace_marker"
            while read -r line; do
              case $line in
                close) break ;;
                ''|*[!0-9]*) continue ;;
              esac
              lost=0
              for s in "$i"/per_cpu/cpu*/stats; do
                while IFS=: read -r key value; do
                  case $key in
                    overrun|'dropped events')
                      set -- $value
                      case $1 in ''|*[!0-9]*) ;; *) lost=$((lost + $1)) ;; esac ;;
                  esac
                done < "$s"
              done
              echo "tcpscope-sync $line $lost" > "$i/trace_marker"
            done
            end
            """.formatted(String.join(" ", EVENTS), PREFIX, BUFFER_KB);

    private EngineEventScript() {
    }

    /** {@return a name no other instance has: {@code tcpscope-engine-<16 hex digits>}} */
    static String instanceName() {
        return PREFIX + String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
