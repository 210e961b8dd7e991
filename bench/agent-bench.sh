#!/usr/bin/env bash
# Agent throughput benchmark (issue 4). Not part of `verify`.
# One agent JVM (-Xmx512m) probes HTTP checks served by a local fast target JVM (BenchTarget, 64 loopback ports)
# and prints one result line per check count.
#
#   bench/agent-bench.sh [CHECKS...]          default: 50000 (= 5,000 probes/s at a 10 s interval)
#   INTERVAL_S=10 WARMUP_S=20 MEASURE_S=40 bench/agent-bench.sh 50000 70000 90000
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-$(scripts/jdk-home)}"
JAVA="$JAVA_HOME/bin/java"
INTERVAL_S="${INTERVAL_S:-10}"
WARMUP_S="${WARMUP_S:-20}"
MEASURE_S="${MEASURE_S:-40}"
PORTS="${PORTS:-64}"
CHECKS=("$@")
[ ${#CHECKS[@]} -eq 0 ] && CHECKS=(50000)

./mvnw -q -B -ntp -pl agent -am test-compile -DskipTests
./mvnw -q -B -ntp -pl agent dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
CP="agent/target/classes:agent/target/test-classes:$(cat agent/target/bench.cp)"
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC)

WORK="$(mktemp -d)"
"$JAVA" "${JVM_FLAGS[@]}" -Xmx256m -cp "$CP" dev.vigil.agent.bench.BenchTarget "$PORTS" "$WORK/ports" \
  > "$WORK/target.log" 2>&1 &
TARGET_PID=$!
trap 'kill "$TARGET_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do [ -f "$WORK/ports" ] && break; sleep 0.1; done
[ -f "$WORK/ports" ] || { echo "target did not start: $(cat "$WORK/target.log")" >&2; exit 1; }

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), interval ${INTERVAL_S}s, warmup ${WARMUP_S}s, measure ${MEASURE_S}s, ${PORTS} target ports"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$TARGET_PID/stat"; }
TICKS_PER_S=$(getconf CLK_TCK)
for n in "${CHECKS[@]}"; do
  t0=$(cpu_ticks); s0=$(date +%s.%N)
  "$JAVA" "${JVM_FLAGS[@]}" -Xms512m -Xmx512m -cp "$CP" dev.vigil.agent.bench.AgentBench \
    "$WORK/ports" "$n" "$INTERVAL_S" "$WARMUP_S" "$MEASURE_S" | tr -d '\n'
  t1=$(cpu_ticks); s1=$(date +%s.%N)
  awk -v t="$((t1 - t0))" -v hz="$TICKS_PER_S" -v s="$(echo "$s1 - $s0" | bc)" \
    'BEGIN { printf " target_cpu_cores=%.2f\n", t / hz / s }'
  # Let TIME_WAIT sockets of the previous run drain a little before the next.
  sleep 5
done
