#!/usr/bin/env bash
# One dnsperf run as the anchors make it (-c 10 -T 2) against a server already running, with what the server spent:
# its CPU (user + system, every thread), its voluntary and involuntary context switches, and its UDP system calls
# (perf tracepoints), so answers per CPU-second and per system call. Servers compared in one sitting, interleaved.
#   [QUERIES=file] [OUT=dir] bench/dns-node-cpu-probe.sh NAME PORT PID [SECONDS]
set -euo pipefail
name=$1 port=$2 pid=$3 sec=${4:-15}
QUERIES=${QUERIES:-/tmp/bench/anchors/run/queries.txt}   # the anchors write it (run-anchors.sh, OUTDIR/run)
OUT=${OUT:-/tmp/bench/cpu-probe}; mkdir -p "$OUT"
tck=$(getconf CLK_TCK)
cpu() { read -r -a f < /proc/$pid/stat; echo $(( f[13] + f[14] )); }
ctx() { cat /proc/$pid/task/*/status | awk '/^voluntary/ {v+=$2} /^nonvoluntary/ {n+=$2} END {print v, n}'; }
c0=$(cpu); read v0 n0 < <(ctx)
perf stat -x, -e 'syscalls:sys_enter_recvmmsg,syscalls:sys_enter_sendmmsg,syscalls:sys_enter_recvmsg,syscalls:sys_enter_sendmsg,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto' -p $pid -o $OUT/perf-$name.txt -- sleep $((sec+1)) &
pp=$!
dnsperf -s 127.0.0.1 -p $port -d "$QUERIES" -l $sec -c 10 -T 2 > $OUT/dnsperf-$name.txt 2>&1
wait $pp
c1=$(cpu); read v1 n1 < <(ctx)
answers=$(awk '/Queries completed:/ {print $3}' $OUT/dnsperf-$name.txt)
qps=$(awk '/Queries per second:/ {print $4}' $OUT/dnsperf-$name.txt)
cpums=$(( (c1 - c0) * 1000 / tck ))
sys=$(awk -F, '{n+=$1} END {print n}' $OUT/perf-$name.txt)
echo "$name qps=$qps answers=$answers cpu_ms=$cpums answers_per_cpu_s=$(( answers * 1000 / (cpums>0?cpums:1) )) vol_cs=$((v1-v0)) invol_cs=$((n1-n0)) syscalls=$sys answers_per_syscall=$(awk -v a=$answers -v s=$sys 'BEGIN {printf "%.1f", a/s}')"
