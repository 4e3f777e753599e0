#!/usr/bin/env bash
# Regenerates the captures of this folder from a real container of a local Docker engine: a busybox
# container on an IPv4 network and on a dual-stack one (fd00:7c9::/64), whose /proc/net/fib_trie and
# /proc/net/if_inet6 are saved, with the addresses the engine gives it (expected.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=${IMAGE:-tcpscope-tck/busybox:1}
tag=tcpscope-capture-$$
trap 'docker rm -f "$tag" >/dev/null 2>&1 || true; docker network rm "$tag-v4" "$tag-v6" >/dev/null 2>&1 || true' EXIT
docker network create "$tag-v4" >/dev/null
docker network create --ipv6 --subnet fd00:7c9::/64 "$tag-v6" >/dev/null
docker create --name "$tag" --network "$tag-v4" "$image" sleep 1000 >/dev/null
docker network connect "$tag-v6" "$tag"
docker start "$tag" >/dev/null
sleep 3 # IPv6 duplicate address detection
docker exec "$tag" cat /proc/net/fib_trie > "$here/fib_trie"
docker exec "$tag" cat /proc/net/if_inet6 > "$here/if_inet6"
docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{"\n"}}{{if .GlobalIPv6Address}}{{.GlobalIPv6Address}}{{"\n"}}{{end}}{{end}}' "$tag" \
  | sed '/^$/d' | sort > "$here/expected.txt"
