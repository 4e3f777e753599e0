package io.tcpscope.testkit.internal;

import io.tcpscope.docker.ContainerRuntime;

import java.util.List;
import java.util.Map;

/**
 * The built-in P2P node: a busybox image, built on the engine as tcpscope's helper images are, that
 * behaves like a peer of a real P2P network.
 *
 * <ul>
 *   <li>It listens on every port in {@code $LISTEN} (space-separated).</li>
 *   <li>It dials every {@code host:port} in {@code $PEERS}, and dials again a second after a
 *       connection ends or a dial fails. A dial that no answer ends in 5 s is given up: a node that
 *       lost its address while dialing (a disconnect and reconnect) would otherwise wait for the
 *       kernel's last SYN retry, two minutes later, before it dials from its new address.</li>
 *   <li>Each connection carries a heartbeat every second; a side that hears nothing for three
 *       seconds hangs up, as P2P nodes do, so a partition ends connections instead of leaving
 *       them ESTABLISHED until TCP gives up minutes later.</li>
 * </ul>
 *
 * <p>It is built on first use {@code FROM} the engine's {@linkplain io.tcpscope.docker.HelperBase
 * helper base} (the official busybox image, pulled for the engine's platform), or, where that cannot
 * be pulled, from this machine's static busybox; its tag carries a hash of what it holds
 * ({@code tcpscope/peer:3-1f0c9e2d4b7a}), and it stays on the engine afterwards, as images do:
 * {@code docker image prune -a --filter label=io.tcpscope.image} removes tcpscope's images.
 */
final class PeerImage {

    /** The image's repository and tag prefix; its tag ends in a hash of what it holds. */
    static final String TAG = "tcpscope/peer:3";

    /**
     * One connection on stdin/stdout: a heartbeat out every second; hang up after 3 s of silence.
     * The heartbeat waits with the shell's own {@code read -t 1} on a fifo that nobody writes, so
     * it forks nothing: a {@code sleep} per connection per second saturates two cores at 16 nodes.
     */
    static final String SESSION = """
            #!/bin/sh
            fifo=/tmp/heartbeat.$$
            mkdir -p /tmp && mkfifo "$fifo" && exec 3<>"$fifo" && rm -f "$fifo"
            ( while echo hb; do read -t 1 _ <&3; done ) &
            beat=$!
            while read -t 3 line; do :; done
            kill $beat 2>/dev/null
            """;

    /** Listens on $LISTEN, dials $PEERS and redials; waits for all of it. */
    static final String PEER = """
            #!/bin/sh
            for port in $LISTEN; do
              nc -ll -p "$port" -e /session &
            done
            for peer in $PEERS; do
              ( while true; do nc -w 5 "${peer%:*}" "${peer##*:}" -e /session; sleep 1; done ) &
            done
            wait
            """;

    private PeerImage() {
    }

    /**
     * Makes sure the engine has the image, building it if it lacks it.
     *
     * @param runtime the engine's runtime
     * @return the image's reference
     */
    static String ensure(ContainerRuntime runtime) {
        return runtime.ensureImage(TAG, Map.of("/session", SESSION, "/peer", PEER), List.of("/peer"));
    }
}
