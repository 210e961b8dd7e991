#!/usr/bin/env bash
# Starts the dns-node from the same 1M-record state with two builds, one after the other, and prints for each: time to
# the first answer, the node's CPU (user + system) and RSS at that moment, the load average, the node's own
# read/compile split, and its GC pauses (-Xlog:gc). Alternate calls to interleave the builds; THREADS=1 adds the CPU
# per thread group (main, JIT compilers, GC, fork-join pool).
#   BASE=<other build's dns-node/target> [THREADS=1] [ORDER="base this"] [COMPILE=1] bench/dns-node-load-pair.sh STATE_DIR_BASE STATE_DIR_THIS
# Each STATE_DIR holds data/answers.pb (the same file; copy it) and gets the build's CDS archive, node.log, gc.log.
# A build that keeps its compiled answers (data/answers.wire) reads them from the second start on; COMPILE=1 deletes
# them before each start, to measure a start that compiles (as after an upgrade, or a first full push).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
declare -A DIST=([base]=${BASE:?BASE=<dns-node/target of the other build>} [this]=$ROOT/dns-node/target)
declare -A WORK=([base]=$1 [this]=$2)
tck=$(getconf CLK_TCK)
for b in ${ORDER:-base this}; do
  W=${WORK[$b]}
  [ "${COMPILE:-0}" != 1 ] || rm -f "$W/data/answers.wire"
  out=$(REUSE_STATE=1 DIST=${DIST[$b]} GC=-XX:+UseG1GC \
    JAVA_OPTS="-Xlog:gc:file=$W/gc.log -XX:SharedArchiveFile=$W/dns-node.jsa -XX:+AutoCreateSharedArchive" \
    "$ROOT/bench/dns-node-start.sh" /tmp/bench/big.test.zone big.test. 5309 "$W" 768m)
  pid=$(cat "$W/node.pid")
  read -r -a f < "/proc/$pid/stat"
  cpu="cpu_ms=$(( (f[13] + f[14]) * 1000 / tck )) rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status") load=\"$(cut -d' ' -f1-3 /proc/loadavg)\""
  threads=""
  if [ "${THREADS:-0}" = 1 ]; then
    threads=$(for t in /proc/$pid/task/*; do
      s=$(sed 's/.*) //' "$t/stat"); set -- $s; echo "$(tr -d '0-9#' < "$t/comm") $(( (${12} + ${13}) * 1000 / tck ))"
    done | awk '{n=$1; for (i=2;i<NF;i++) n=n" "$i; a[n]+=$NF} END {for (k in a) if (a[k]>0) printf "%s=%d;", k, a[k]}')
  fi
  split=$(grep -h state.loaded "$W/node.log" | sed 's/.*read_ms/read_ms/')
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  gc=$(grep -E 'Pause' "$W/gc.log" | awk '{s+=$NF+0} END {printf "gc_pauses=%d gc_pause_ms=%.0f", NR, s}')
  echo "$b $out $cpu $split $gc full_gcs=$(grep -c 'Pause Full' "$W/gc.log" || true) $threads"
done
