#!/bin/sh
# Captures transcript.txt: what the kernel-events helper's script prints for three anchoring tokens, a
# dial refused on 127.0.0.1:9001, one on 9002 (which the filter keeps out), a fourth token and close.
# As root, with tracefs at /sys/kernel/tracing and busybox-static; $1 is the script, as
# EngineEventScript.SCRIPT holds it (print it with: jshell --class-path adapter-docker/target/classes
# and System.out.print of that field, made accessible).
set -e
script=$1
{ printf '1\n2\n3\n'; sleep 0.5
  busybox nc -w1 127.0.0.1 9001 </dev/null 2>/dev/null || true
  busybox nc -w1 127.0.0.1 9002 </dev/null 2>/dev/null || true
  sleep 0.3; printf '4\nclose\n'; } |
  busybox sh "$script" tcpscope-engine-capture 'sport == 9001 || dport == 9001' >"$(dirname "$0")/transcript.txt"
