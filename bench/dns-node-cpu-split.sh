#!/usr/bin/env bash
# Where a server's CPU goes per answer: user and system (kernel) CPU microseconds per answered query, read from
# /proc/PID/stat (all threads) around one saturating dnsperf run per server, servers one after the other.
#   [ROUNDS=2] [DURATION=10] bench/dns-node-cpu-split.sh QUERYFILE NAME:PORT:PID ...
# e.g. bench/dns-node-cpu-split.sh /tmp/bench/anchors/run/queries.txt gdnsd:5303:$(cat …/gdnsd.pid) dnsnode:5305:$(cat …/node.pid)
# Prints one line per server and round: qps, user µs, system µs and total µs per answer, and the load average.
set -euo pipefail
QF=$1; shift
for r in $(seq 1 "${ROUNDS:-2}"); do
  for t in "$@"; do
    IFS=: read -r name port pid <<< "$t"
    read -r u0 s0 < <(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12, $13}')
    out=$(timeout 120 dnsperf -s 127.0.0.1 -p "$port" -d "$QF" -l "${DURATION:-10}" -c 10 -T 2 2>&1)
    read -r u1 s1 < <(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12, $13}')
    q=$(awk '/Queries completed:/{print $3}' <<< "$out")
    hz=$(getconf CLK_TCK)
    awk -v r="$r" -v n="$name" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v q="$q" -v d="${DURATION:-10}" -v hz="$hz" \
        -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
      printf "round=%s %-14s qps=%.0f user_us=%.2f sys_us=%.2f total_us=%.2f load=%s\n",
             r, n, q / d, u * 1e6 / hz / q, s * 1e6 / hz / q, (u + s) * 1e6 / hz / q, l }'
    sleep 1
  done
done
