#!/usr/bin/env bash
# Regenerates the golden listings in this folder from the real tools.
#
# It makes a private network namespace, opens the socket plan of sockets.py in it, and
# captures /proc/net/tcp{,6}, ss, net-tools netstat and busybox netstat at the same moment.
# Needs root, python3, iproute2 (ss), net-tools (netstat), iptables and busybox.
#
#   sudo ./capture.sh          # the plan of mixed sockets, into ./plan/
#   sudo ./capture.sh many     # 5,025 connected pairs (10,051 sockets), into ./many/ (gzipped)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-plan}
ns=tcpscope-capture-$$
work=$(mktemp -d)
holder=

cleanup() {
  [ -n "$holder" ] && kill "$holder" 2>/dev/null || true
  ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
in_ns() { ip netns exec "$ns" env LC_ALL=C "$@"; }
in_ns ip link set lo up
in_ns ip -6 addr add fd12:3456:789a:bcde:1234:5678:9abc:def0/128 dev lo nodad
in_ns iptables -A INPUT -i lo -p tcp --dport 9999 -j DROP
in_ns iptables -A INPUT -i lo -p tcp --dport 9007 --tcp-flags SYN,ACK,FIN,RST ACK -j DROP

if [ "$mode" = many ]; then
  ulimit -n "$(ulimit -Hn)"  # 10,051 sockets need more than the usual 1,024 fds
  in_ns python3 "$here/sockets.py" "$work/ready" many 5025 &
else
  # argv[0] with a space: netstat -p prints it, as ss -p prints the comm name sockets.py sets.
  # (sys.executable, because a python3 wrapper script would re-exec and reset argv[0])
  py=$(python3 -c 'import sys; print(sys.executable)')
  in_ns bash -c 'exec -a "p2p node" "$0" "$1" "$2"' "$py" "$here/sockets.py" "$work/ready" &
fi
holder=$!
for _ in $(seq 1 300); do [ -s "$work/ready" ] && break; sleep 0.1; done
[ -s "$work/ready" ] || { echo "socket holder never became ready" >&2; exit 1; }

out="$here/$mode"
rm -rf "$out"
mkdir -p "$out"
if [ "$mode" = many ]; then
  in_ns cat /proc/net/tcp | gzip -9n > "$out/proc-net-tcp.gz"
  in_ns ss -tanH | gzip -9n > "$out/ss-tanH.gz"
  in_ns netstat -tanW | gzip -9n > "$out/netstat-tanW.gz"
  exit 0
fi
in_ns cat /proc/net/tcp > "$out/proc-net-tcp"
in_ns cat /proc/net/tcp6 > "$out/proc-net-tcp6"
in_ns ss -tan > "$out/ss-tan"
in_ns ss -tanH > "$out/ss-tanH"
in_ns ss -tanp > "$out/ss-tanp"
in_ns ss -tuan > "$out/ss-tuan"
in_ns ss -tn state established > "$out/ss-tn-state-established"
in_ns netstat -tan > "$out/netstat-tan"
in_ns netstat -tanW > "$out/netstat-tanW"
in_ns netstat -tanp > "$out/netstat-tanp"
in_ns netstat -tanpW > "$out/netstat-tanpW"
in_ns busybox netstat -tan > "$out/busybox-netstat-tan"
{
  echo "captured: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "kernel: $(uname -r)"
  echo "ss: $(ss -V)"
  echo "netstat: $(netstat -V 2>&1 | head -1)"
  echo "busybox: $(busybox 2>&1 | head -1)"
} > "$out/VERSIONS"
