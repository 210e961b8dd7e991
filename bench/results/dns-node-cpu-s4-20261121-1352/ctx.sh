#!/bin/bash
# ctx.sh NAME:PORT:PID ... : per server, 8 s of dnsperf; over 5 s of it: recvmmsg calls, context switches (voluntary/involuntary of all threads) per answer
for t in "$@"; do IFS=: read n p pid <<< "$t"
  (dnsperf -s 127.0.0.1 -p $p -d /tmp/bench/zone/queries.txt -l 8 -c 10 -T 2 > /tmp/bench-s4c/ctx-$n.txt 2>&1 &)
  sleep 2
  v0=$(cat /proc/$pid/task/*/status | awk '/^voluntary/{s+=$2} END{print s}'); i0=$(cat /proc/$pid/task/*/status | awk '/^nonvoluntary/{s+=$2} END{print s}')
  out=$(perf stat -x, -e 'syscalls:sys_enter_recvmmsg,syscalls:sys_enter_sendmmsg' -p $pid -- sleep 5 2>&1)
  v1=$(cat /proc/$pid/task/*/status | awk '/^voluntary/{s+=$2} END{print s}'); i1=$(cat /proc/$pid/task/*/status | awk '/^nonvoluntary/{s+=$2} END{print s}')
  sleep 1.5
  q=$(awk '/Queries per second/{print $4}' /tmp/bench-s4c/ctx-$n.txt)
  r=$(echo "$out" | awk -F, '/recvmmsg/{print $1}')
  awk -v n=$n -v q=$q -v r=$r -v v=$((v1-v0)) -v i=$((i1-i0)) -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN{a=q*5; printf "%-8s qps=%.0f per_recvmmsg=%.1f vol_cs_per_answer=%.3f invol_cs_per_answer=%.3f load=%s\n", n, q, a/r, v/a, i/a, l}'
done
