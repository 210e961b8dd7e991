#!/usr/bin/env bash
# bench/cluster-bench.sh commit [N]        commit latency of config changes on a 3-member group
# bench/cluster-bench.sh failover [TRIALS] end-to-end failover, side by side with the anchors
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
echo "CONTROLLER_ARGS=${CONTROLLER_ARGS:-}" > "$OUT/controller-args.txt"
if [ ! -f "$ROOT/e2e/target/vigil-e2e.jar" ] || [ ! -f "$ROOT/controller/target/vigil-controller.jar" ]; then
  (cd "$ROOT" && ./mvnw -q -DskipTests package)
fi
JAVA=("$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -Dvigil.home="$ROOT" -Dvigil.controller.extraArgs="${CONTROLLER_ARGS:-}"
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
  *)
    echo "usage: bench/cluster-bench.sh commit [N] | failover [TRIALS]" >&2
    exit 2
    ;;
esac
