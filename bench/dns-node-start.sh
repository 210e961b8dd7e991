#!/usr/bin/env bash
# Start a dns-node serving a zone file from its on-disk state, with no controller running, and print its PID.
#   [DIST=dir with vigil-dns-node.jar and lib/] [CONTROLLERS=HOST:PORT] [GC=-XX:+UseSerialGC] [JAVA_OPTS=...] [NODE_ARGS=...] [UDP_IO=auto|mmsg|netty] [LAUNCHER=1] bench/dns-node-start.sh ZONEFILE ORIGIN PORT WORKDIR [HEAP]
# UDP_IO passes --udp-io to the node (unset: the node's default, auto); a DIST older than the flag needs it unset.
# LAUNCHER=1 starts the node through ./vigil (its own JVM flags and CDS archive) instead of the flags below.
# Writes WORKDIR/data/answers.pb with bench/DnsNodeZoneState.java, starts the node in the background
# (log: WORKDIR/node.log, pid: WORKDIR/node.pid), waits until it answers, and prints
# "pid=… start_to_serving_ms=…" (JVM start until the first authoritative answer). By default the JVM keeps a
# class-data-sharing archive in WORKDIR (created at the first exit, used from the second start on).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ZONE=$1 ORIGIN=$2 PORT=$3 WORK=$4 HEAP=${5:-128m}
CONTROLLERS=${CONTROLLERS:-127.0.0.1:9}   # nothing listens on port 9: the node serves its disk state
JAVA="$("$ROOT/scripts/jdk-home")/bin/java"
DIST=${DIST:-$ROOT/dns-node/target}      # a copy of target/ (jar + lib/) runs older code side by side
CP="$DIST/vigil-dns-node.jar:$DIST/lib/*"
[ -f "$DIST/vigil-dns-node.jar" ] || (cd "$ROOT" && JAVA_HOME=$("$ROOT/scripts/jdk-home") ./mvnw -q -pl dns-node -am package -DskipTests)
mkdir -p "$WORK"
rm -f "$WORK/data"/answers.log.*   # a fresh state: no change log from an earlier run
if [ "${REUSE_STATE:-0}" != 1 ] || [ ! -f "$WORK/data/answers.pb" ]; then   # REUSE_STATE=1: keep WORKDIR's answers.pb
  "$JAVA" -cp "$CP" "$ROOT/bench/DnsNodeZoneState.java" "$ZONE" "$ORIGIN" "$WORK/data" >&2 2>/dev/null
fi
PROBE=$(awk '$1!~/^[$;@]/ && ($3=="A" || $4=="A") {print $1; exit}' "$ZONE")
case "$PROBE" in *.) ;; *) PROBE="$PROBE.$ORIGIN" ;; esac
UDP_IO_ARGS=()
[ -z "${UDP_IO:-}" ] || UDP_IO_ARGS=(--udp-io "$UDP_IO")
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # as ./vigil does for the dns-node: fewer malloc arenas, less RSS
t0=$(date +%s%N)
# Serial GC and a bounded heap: a DNS server needs little, and RSS counts what the JVM reserves and touches.
if [ "${LAUNCHER:-0}" = 1 ]; then
  "$ROOT/vigil" dns-node --listen "127.0.0.1:$PORT" --controllers "$CONTROLLERS" \
    --data "$WORK/data" ${NODE_ARGS:---udp-workers 2} ${UDP_IO_ARGS[@]+"${UDP_IO_ARGS[@]}"} > "$WORK/node.log" 2>&1 &
else
"$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  ${GC:--XX:+UseSerialGC} -Xms32m -Xmx"$HEAP" -XX:ReservedCodeCacheSize=48m -Xss512k \
  ${JAVA_OPTS:--XX:SharedArchiveFile=$WORK/dns-node.jsa -XX:+AutoCreateSharedArchive} \
  -jar "$DIST/vigil-dns-node.jar" --listen "127.0.0.1:$PORT" --controllers "$CONTROLLERS" \
  --data "$WORK/data" ${NODE_ARGS:---udp-workers 2} ${UDP_IO_ARGS[@]+"${UDP_IO_ARGS[@]}"} > "$WORK/node.log" 2>&1 &
fi
echo $! > "$WORK/node.pid"
for _ in $(seq 1 600); do
  if dig @127.0.0.1 -p "$PORT" "$PROBE" A +norec +time=1 +tries=1 2>/dev/null | grep -q 'status: NOERROR'; then
    echo "pid=$(cat "$WORK/node.pid") start_to_serving_ms=$(( ($(date +%s%N) - t0) / 1000000 ))"
    exit 0
  fi
  sleep 0.02
done
echo "dns-node did not answer on 127.0.0.1:$PORT; see $WORK/node.log" >&2
exit 1
