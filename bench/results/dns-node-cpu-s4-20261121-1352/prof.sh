#!/bin/bash
# prof.sh NAME PORT PID ROUND: perf record -g 8 s of the node under dnsperf; user-space symbols' samples per 1000 answers
n=$1 p=$2 pid=$3 r=$4; J=$(/work/wt5c/scripts/jdk-home)/bin
(dnsperf -s 127.0.0.1 -p $p -d /tmp/bench/zone/queries.txt -l 11 -c 10 -T 2 > /tmp/bench-s4c/pf-$n-$r.txt 2>&1 &)
sleep 2
perf record -F 1999 -p $pid -o /tmp/bench-s4c/pf-$n-$r.data -- sleep 8 >/dev/null 2>&1
$J/jcmd $pid Compiler.perfmap >/dev/null 2>&1
sleep 2
q=$(awk '/Queries per second/{print $4}' /tmp/bench-s4c/pf-$n-$r.txt)
perf report -i /tmp/bench-s4c/pf-$n-$r.data --no-children --sort sym --stdio -g none 2>/dev/null | grep "%" > /tmp/bench-s4c/pf-$n-$r.txt.sym
tot=$(perf report -i /tmp/bench-s4c/pf-$n-$r.data --stdio --no-children --sort dso -g none 2>/dev/null | grep -m1 "of event" )
samples=$(perf report -i /tmp/bench-s4c/pf-$n-$r.data --stdio -g none 2>/dev/null | awk '/^# Samples/{print $3}' | head -1)
user=$(grep -v "\[k\]" /tmp/bench-s4c/pf-$n-$r.txt.sym | awk '{s+=$1} END{print s}')
echo "$n round=$r qps=$q samples=$samples user_pct=$user load=$(cut -d' ' -f1 /proc/loadavg)"
grep -v "\[k\]" /tmp/bench-s4c/pf-$n-$r.txt.sym | head -6
