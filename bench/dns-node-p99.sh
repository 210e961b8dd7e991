#!/usr/bin/env bash
# Query latency (p50/p99/max) of a dns-node at a fixed query rate, quiet vs while versions are being pushed,
# interleaved in one run against one node.
#   [ROUNDS=4] [GC=...] [HEAP=128m] bench/dns-node-p99.sh WORKDIR [QPS] [SECONDS] [PERIOD_MS]
# Uses the anchors' zone and queries (gen-zone.py). Starts a node (bench/dns-node-start.sh) subscribed to
# bench/DnsNodeFeedPusher.java on 127.0.0.1:7599, which sends the zone, then one change every PERIOD_MS while
# WORKDIR/push.on exists. Each round measures `dnsperf -Q QPS -v` for SECONDS quiet, then SECONDS with pushes;
# the latencies of all rounds are pooled per phase, and each round's p99 pair is printed too.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$1 QPS=${2:-20000} SECS=${3:-10} PERIOD=${4:-500}
ROUNDS=${ROUNDS:-4}
PORT=5306 FEED=7599
JAVA="$("$ROOT/scripts/jdk-home")/bin/java"
CP="$ROOT/dns-node/target/vigil-dns-node.jar:$ROOT/dns-node/target/lib/*"
mkdir -p "$WORK"
rm -f "$WORK/push.on" "$WORK"/steady*.txt "$WORK"/pushing*.txt
python3 /work/shared/anchors/gen-zone.py "$WORK" >/dev/null
"$JAVA" -cp "$CP" "$ROOT/bench/DnsNodeFeedPusher.java" "$WORK/example.test.zone" example.test. $FEED "$PERIOD" \
  $(( ROUNDS * (2 * SECS + 4) + 30 )) "$WORK/push.on" > "$WORK/pusher.out" 2> "$WORK/pusher.err" &
PUSHER=$!
trap 'kill "${NODE:-}" 2>/dev/null; kill "$PUSHER" 2>/dev/null; true' EXIT
CONTROLLERS=127.0.0.1:$FEED "$ROOT/bench/dns-node-start.sh" "$WORK/example.test.zone" example.test. $PORT "$WORK/node" "${HEAP:-128m}"
NODE=$(cat "$WORK/node/node.pid")
for _ in $(seq 1 300); do grep -q 'version.applied version=1:2 ' "$WORK/node/node.log" && break; sleep 0.1; done
lat() { awk '/^> /{print $NF*1000}' "$@"; }
pct() { sort -n | awk '{a[NR]=$1} END {printf "n=%d p50=%.3f p99=%.3f max=%.3f", NR, a[int(NR*0.5)], a[int(NR*0.99)], a[NR]}'; }
p99() { lat "$1" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int(NR*0.99)]}'; }
dnsperf -s 127.0.0.1 -p $PORT -d "$WORK/queries.txt" -l 5 -Q "$QPS" >/dev/null 2>&1   # warm-up
v0=$(grep -c 'event=version.applied' "$WORK/node/node.log")
for r in $(seq 1 "$ROUNDS"); do
  rm -f "$WORK/push.on"; sleep 0.6
  dnsperf -s 127.0.0.1 -p $PORT -d "$WORK/queries.txt" -l "$SECS" -Q "$QPS" -v > "$WORK/steady$r.txt" 2>&1
  touch "$WORK/push.on"
  dnsperf -s 127.0.0.1 -p $PORT -d "$WORK/queries.txt" -l "$SECS" -Q "$QPS" -v > "$WORK/pushing$r.txt" 2>&1
  echo "round $r: p99 quiet=$(p99 "$WORK/steady$r.txt") pushing=$(p99 "$WORK/pushing$r.txt") ms"
done
rm -f "$WORK/push.on"
lost() { cat "$@" | awk '/Queries lost:/{s+=$3} END {print s+0}'; }
echo "quiet:       $(lat "$WORK"/steady*.txt | pct) lost=$(lost "$WORK"/steady*.txt)"
echo "with pushes: $(lat "$WORK"/pushing*.txt | pct) lost=$(lost "$WORK"/pushing*.txt)"
echo "applied changes during the run: $(( $(grep -c 'event=version.applied' "$WORK/node/node.log") - v0 ))"
