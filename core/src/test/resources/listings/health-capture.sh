#!/usr/bin/env bash
# Regenerates ./health/ from the real tools: the kernel's timers, retransmit counts and queues.
#
# It makes a private network namespace, opens the sockets of health-sockets.py in it, and
# captures /proc/net/tcp between two runs of ss -tanoH (timers, retransmits), ss -ltnH (a
# listener's backlog) and net-tools netstat -tano (timers, as netstat prints them).
# Needs root, python3, iproute2, net-tools and iptables.
#
#   sudo ./health-capture.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ns=tcpscope-health-$$
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

in_ns python3 "$here/health-sockets.py" "$work/ready" &
holder=$!
for _ in $(seq 1 300); do [ -s "$work/ready.dial" ] && break; sleep 0.05; done
[ -s "$work/ready.dial" ] || { echo "socket holder never dialed 9002" >&2; exit 1; }
in_ns iptables -A INPUT -i lo -p tcp --dport 9002 -j DROP
in_ns iptables -A INPUT -i lo -p tcp --sport 9002 -j DROP
rm "$work/ready.dial"
for _ in $(seq 1 300); do [ -s "$work/ready" ] && break; sleep 0.1; done
[ -s "$work/ready" ] || { echo "socket holder never became ready" >&2; exit 1; }

out="$here/health"
rm -rf "$out"
mkdir -p "$out"
in_ns ss -tanoH > "$out/ss-tanoH.before"
in_ns cat /proc/net/tcp > "$out/proc-net-tcp"
in_ns ss -tanoH > "$out/ss-tanoH.after"
in_ns ss -ltnH > "$out/ss-ltnH"
in_ns netstat -tano > "$out/netstat-tano"
{
  echo "captured: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "kernel: $(uname -r)"
  echo "ss: $(ss -V)"
  echo "netstat: $(netstat -V 2>&1 | head -1)"
} > "$out/VERSIONS"
