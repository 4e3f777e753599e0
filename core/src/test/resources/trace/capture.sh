#!/usr/bin/env bash
# Captures tracefs-events.txt: the kernel's own TCP events for a known sequence of dials, read from
# a tracing instance of our own, in a network namespace made for it. Needs root, tracefs, iptables
# and python3. Run: bash capture.sh > tracefs-events.txt
#   45001: 2 dials where nothing listens (refused)
#   45000: 1 dial that connects and closes gracefully, 1 whose server aborts it (SO_LINGER 0: RST),
#          then 1 that connects and whose data is dropped (retransmits), then aborted by the client
#          (SO_LINGER 0); its reset reaches the server's FIN-WAIT-1 socket once the rule is gone
#   45002: 1 dial whose SYNs are dropped; the dialer gives up after 1.5 s (no errno)
#   45003: 1 dial whose SYNs are dropped; the kernel gives up (tcp_syn_retries=1, ETIMEDOUT)
#   45004: 1 dial answered by an ICMP host-unreachable (EHOSTUNREACH)
set -euo pipefail
T=/sys/kernel/tracing
[ -d "$T/instances" ] || mount -t tracefs nodev "$T"
ns=tcpscope-capture-$$
inst=$T/instances/$ns
ip netns add "$ns"
trap 'echo 0 > "$inst/tracing_on" 2>/dev/null; rmdir "$inst" 2>/dev/null; ip netns del "$ns"' EXIT
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" sysctl -q -w net.ipv4.tcp_syn_retries=1
ip netns exec "$ns" iptables -A INPUT -p tcp --dport 45002 --syn -j DROP
ip netns exec "$ns" iptables -A INPUT -p tcp --dport 45003 --syn -j DROP
ip netns exec "$ns" iptables -A INPUT -p tcp --dport 45004 --syn -j REJECT --reject-with icmp-host-unreachable
mkdir "$inst"
echo mono > "$inst/trace_clock"
filter='(sport >= 45000 && sport <= 45004) || (dport >= 45000 && dport <= 45004)'
for e in sock/inet_sock_set_state sock/inet_sk_error_report tcp/tcp_receive_reset tcp/tcp_retransmit_skb tcp/tcp_destroy_sock; do
  echo "$filter" > "$inst/events/$e/filter"
  echo 1 > "$inst/events/$e/enable"
done
ip netns exec "$ns" python3 - <<'PY'
import socket, struct, time, subprocess
def dial(port, timeout=5.0):
    s = socket.socket(); s.settimeout(timeout)
    try:
        s.connect(("127.0.0.1", port)); return s
    except OSError:
        s.close(); return None
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 45000)); srv.listen(8)
for _ in range(2): dial(45001)
c = dial(45000); a, _ = srv.accept(); c.close(); a.close()
c = dial(45000); a, _ = srv.accept()
a.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); a.close(); time.sleep(0.1); c.close()
c = dial(45000); a, _ = srv.accept()
subprocess.run(["iptables", "-I", "INPUT", "-p", "tcp", "--dport", "45000", "!", "--syn", "-j", "DROP"], check=True)
c.send(b"x" * 100); time.sleep(1.2)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); c.close(); a.close()
subprocess.run(["iptables", "-D", "INPUT", "1"], check=True)
dial(45002, timeout=1.5)
dial(45003, timeout=30)
dial(45004)
srv.close()
PY
sleep 0.2
echo 0 > "$inst/tracing_on"
cat "$inst/trace" | grep -v '^#'
