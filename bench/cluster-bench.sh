#!/usr/bin/env bash
# bench/cluster-bench.sh commit [N]        commit latency of config changes on a 3-member group
# bench/cluster-bench.sh failover [TRIALS] end-to-end failover, side by side with the anchors
# bench/cluster-bench.sh flip [N]          health decision -> each of 2 dns-nodes serving it, N health flips
#
# flip: the same cluster with its own backends (no anchors); the primary is stopped/started every 1.2-1.8 s,
# N times (default 260: 40 warm-up + 220 measured, each one change of www and one of r53). Child JVMs run with
# the launcher's compiler settings (full tiered) and write GC + safepoint logs to OUT/gc/. Summary: decision ->
# last of two dns-nodes serving it (all asked at once every ~1 ms) p50/p90/p99, the controllers' stage stamps, GC pauses.
# VIGIL_HOME=/other/checkout runs the programs built there (compare two builds with the same observer).
#
# failover: starts 3 controllers, 3 agents (interval 1 s, threshold 1) and 2 dns-nodes checking the
# anchors' backends (127.0.0.2:8080 / 127.0.0.3:8080), then runs ../shared/anchors/failover.sh twice
# (TRIALS each) with FO_EXTRA pointing at dns-node-0: once for www (HealthQuorum majority), once for r53
# (Route 53's 18 % rule). Meanwhile ClusterBench watches both names on BOTH dns-nodes every ~2 ms and
# records, per trial, the failover time of each node and the delay from the leader's health decision
# to each node serving it. Results: bench/results/cluster-<mode>-<time>/.
# CONTROLLER_ARGS="--confirm-probes off" passes extra flags to every controller (to compare options).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
ANCHORS=${ANCHORS:-$(cd "$ROOT/../shared/anchors" 2>/dev/null && pwd || echo /work/shared/anchors)}
mode=${1:-}
count=${2:-}
JAVA_HOME=$("$ROOT/scripts/jdk-home"); export JAVA_HOME
OUT="$ROOT/bench/results/cluster-$mode-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
HOME_DIR=${VIGIL_HOME:-$ROOT}
{ echo "CONTROLLER_ARGS=${CONTROLLER_ARGS:-}"; echo "VIGIL_HOME=$HOME_DIR"; echo "CHILD_JVM_OPTS=${CHILD_JVM_OPTS:-}"
  (cd "$HOME_DIR" && git log -1 --format='commit %H %s' 2>/dev/null || true); uptime; } > "$OUT/controller-args.txt"
if [ ! -f "$ROOT/e2e/target/vigil-e2e.jar" ] || [ ! -f "$ROOT/controller/target/vigil-controller.jar" ]; then
  (cd "$ROOT" && ./mvnw -q -DskipTests package)
fi
CHILD="" controller_jvm="" agent_jvm="" dns_node_jvm=""
if [ "$mode" = flip ]; then
  mkdir -p "$OUT/gc"
  # The launcher's settings (./vigil), not the tests' small C1-only JVMs: full tiered compilation, the launcher's
  # heaps, collectors and JIT thresholds (CONTROLLER_JVM / AGENT_JVM / DNS_NODE_JVM override them, to compare), plus GC and safepoint logs.
  CHILD="-XX:TieredStopAtLevel=4 -Xlog:gc,gc+cpu,safepoint:file=$OUT/gc/{name}.log:utctime,uptimemillis ${CHILD_JVM_OPTS:-}"
  rare=$("$ROOT/scripts/jit-rare-paths") # the launcher's JIT thresholds for the decision path
  controller_jvm=${CONTROLLER_JVM:--Xmx256m $rare}
  agent_jvm=${AGENT_JVM:-$rare}
  dns_node_jvm=${DNS_NODE_JVM:--Xmx192m}
  export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
  { echo "CONTROLLER_JVM=$controller_jvm"; echo "AGENT_JVM=$agent_jvm"; echo "DNS_NODE_JVM=$dns_node_jvm"; } >> "$OUT/controller-args.txt"
fi
JAVA=("$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -Dvigil.home="$HOME_DIR" -Dvigil.controller.extraArgs="${CONTROLLER_ARGS:-}"
      -Dvigil.child.jvmOptions="$CHILD" -Dvigil.child.jvmOptions.controller="$controller_jvm"
      -Dvigil.child.jvmOptions.agent="$agent_jvm" -Dvigil.child.jvmOptions.dns-node="$dns_node_jvm"
      --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
      -cp "$ROOT/e2e/target/vigil-e2e.jar" dev.vigil.e2e.bench.ClusterBench)

case "$mode" in
  commit)
    "${JAVA[@]}" commit "${count:-200}" "$OUT/work" 2>&1 | tee "$OUT/commit.log" | grep RESULT
    ;;
  failover)
    trials=${count:-20}
    # The observer runs until killed: it cannot tell the anchors' trials from their start/stop of the backends.
    "${JAVA[@]}" failover 1000000 "$OUT/work" > "$OUT/observer.log" 2>&1 &
    bench=$!
    trap 'kill $bench 2>/dev/null || true' EXIT
    for _ in $(seq 1 600); do grep -q '^READY' "$OUT/observer.log" && break; sleep 0.2; done
    read -r _ port0 _ < <(grep '^READY' "$OUT/observer.log")
    echo "cluster ready: dns-node-0 on 127.0.0.1:$port0" >&2
    export OUTDIR="$OUT/anchors"
    mkdir -p "$OUTDIR"
    RES="$OUT/anchors-majority" FO_EXTRA="vigil-www-majority:$port0:www.example.test" "$ANCHORS/failover.sh" run "$trials"
    RES="$OUT/anchors-r53" FO_EXTRA="vigil-r53-18pct:$port0:r53.example.test" "$ANCHORS/failover.sh" run "$trials"
    kill "$bench" 2>/dev/null || true
    wait "$bench" 2>/dev/null || true
    trap - EXIT
    python3 "$ROOT/bench/cluster-summary.py" "$OUT" | tee "$OUT/summary.md"
    ;;
  flip)
    (while :; do uptime; sleep 10; done) > "$OUT/load.txt" &
    loadmon=$!
    trap 'kill $loadmon 2>/dev/null || true' EXIT
    "${JAVA[@]}" flip "${count:-260}" "$OUT/work" > "$OUT/observer.log" 2>&1
    kill $loadmon 2>/dev/null || true
    trap - EXIT
    uptime >> "$OUT/controller-args.txt"
    python3 "$ROOT/bench/cluster-summary.py" "$OUT" | tee "$OUT/summary.md"
    ;;
  *)
    echo "usage: bench/cluster-bench.sh commit [N] | failover [TRIALS] | flip [N]" >&2
    exit 2
    ;;
esac
