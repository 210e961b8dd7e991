#!/usr/bin/env bash
# Query latency (p50/p99/max) of a dns-node at a fixed query rate, without and then with versions being pushed.
#   bench/dns-node-p99.sh WORKDIR [QPS] [SECONDS] [PERIOD_MS]
# Uses the anchors' zone and queries (gen-zone.py). Starts a node (bench/dns-node-start.sh) subscribed to
# bench/DnsNodeFeedPusher.java on 127.0.0.1:7599, measures with `dnsperf -Q QPS -v` for SECONDS with no feed,
# then again while the pusher sends a change every PERIOD_MS (each change recompiles and persists the table).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$1 QPS=${2:-20000} SECS=${3:-20} PERIOD=${4:-500}
PORT=5306 FEED=7599
JAVA="$("$ROOT/scripts/jdk-home")/bin/java"
CP="$ROOT/dns-node/target/vigil-dns-node.jar:$ROOT/dns-node/target/lib/*"
mkdir -p "$WORK"
python3 /work/shared/anchors/gen-zone.py "$WORK" >/dev/null
CONTROLLERS=127.0.0.1:$FEED "$ROOT/bench/dns-node-start.sh" "$WORK/example.test.zone" example.test. $PORT "$WORK/node"
NODE=$(cat "$WORK/node/node.pid")
trap 'kill "$NODE" 2>/dev/null; [ -n "${PUSHER:-}" ] && kill "$PUSHER" 2>/dev/null; true' EXIT
pct() { # pct FILE : p50 p99 max of the latencies in dnsperf -v output, in ms
  awk '/^> /{print $NF*1000}' "$1" | sort -n | awk '{a[NR]=$1} END {printf "n=%d p50=%.3f p99=%.3f max=%.3f\n", NR, a[int(NR*0.5)], a[int(NR*0.99)], a[NR]}'
}
dnsperf -s 127.0.0.1 -p $PORT -d "$WORK/queries.txt" -l 5 -Q "$QPS" >/dev/null 2>&1   # warm-up
dnsperf -s 127.0.0.1 -p $PORT -d "$WORK/queries.txt" -l "$SECS" -Q "$QPS" -v > "$WORK/steady.txt" 2>&1
echo "steady:      $(pct "$WORK/steady.txt") $(grep -o 'Queries lost:.*' "$WORK/steady.txt")"
"$JAVA" -cp "$CP" "$ROOT/bench/DnsNodeFeedPusher.java" "$WORK/example.test.zone" example.test. $FEED "$PERIOD" $((SECS + 4)) \
  > "$WORK/pusher.out" 2> "$WORK/pusher.err" &
PUSHER=$!
for _ in $(seq 1 300); do grep -q 'version.applied version=1:2 ' "$WORK/node/node.log" && break; sleep 0.1; done
sleep 1
dnsperf -s 127.0.0.1 -p $PORT -d "$WORK/queries.txt" -l "$SECS" -Q "$QPS" -v > "$WORK/pushing.txt" 2>&1
wait "$PUSHER" || true
PUSHER=
echo "with pushes: $(pct "$WORK/pushing.txt") $(grep -o 'Queries lost:.*' "$WORK/pushing.txt") $(cat "$WORK/pusher.out")"
echo "applied versions: $(grep -c 'event=version.applied' "$WORK/node/node.log")"
