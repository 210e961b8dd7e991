#!/usr/bin/env python3
"""cluster-summary.py OUT: medians/p95 from the anchors' failover.tsv files and ClusterBench's observations.

flip runs: WARMUP_FLIPS=N leaves the first N flips out of the polling table too (runs made with a shorter warm-up)."""
import csv
import glob
import re
import os
import statistics
import sys


def pct(values, p):
    s = sorted(values)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, -(-p * len(s) // 100) - 1))
    return s[k]


def row(label, values, unit="s"):
    if not values:
        return f"| {label} | - | - | - | 0 |"
    fmt = (lambda v: f"{v:.2f}") if unit == "s" else (lambda v: f"{v:.0f}")
    return f"| {label} | {fmt(statistics.median(values))} | {fmt(pct(values, 95))} | {fmt(max(values))} | {len(values)} |"


out = sys.argv[1]
flips = glob.glob(os.path.join(out, "work", "*", "flips.tsv"))
print(f"## {'Decision flips' if flips else 'Failover'}, {os.path.basename(out)}\n")
if not flips:
    print("| peer (anchors' failover-measure.py, 100 ms polling) | median s | p95 s | max s | trials |")
    print("|---|---|---|---|---|")
for run in ("anchors-majority", "anchors-r53"):
    path = os.path.join(out, run, "failover.tsv")
    if not os.path.exists(path):
        continue
    by_peer = {}
    timeouts = {}
    with open(path) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["event"] != "failover":
                continue
            if r["seconds"] == "timeout":
                timeouts[r["peer"]] = timeouts.get(r["peer"], 0) + 1
                continue
            by_peer.setdefault(r["peer"], []).append(float(r["seconds"]))
    for peer, values in by_peer.items():
        label = f"{peer} ({run})" + (f", {timeouts[peer]} timeouts" if peer in timeouts else "")
        print(row(label, values))
if flips:
    # ClusterBench flip: per flip and name, each node's first serving of the new answer, from the leader's decision.
    last, per_node, timeouts = {}, {}, 0
    with open(flips[0]) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["warmup"] == "true" or int(r["flip"]) <= int(os.environ.get("WARMUP_FLIPS", "0")):
                continue
            d = int(r["decision_to_served_ms"])
            if d < 0:
                timeouts += 1
                continue
            per_node.setdefault(r["quorum"], []).append(d)
            last.setdefault((r["flip"], r["quorum"], r["direction"]), []).append(d)
    print("| Health decision (leader) → dns-node serving it (ClusterBench flip, all nodes asked at once every ~1 ms) "
          "| p50 ms | p90 ms | p99 ms | max ms | samples |")
    print("|---|---|---|---|---|---|")

    def line(label, values):
        s = sorted(values)
        if s:
            print(f"| {label} | {statistics.median(s):.0f} | {pct(s, 90):.0f} | {pct(s, 99):.0f} | {max(s):.0f} | {len(s)} |")

    for quorum in ("majority", "route53-18%"):
        line(f"{quorum}: last of 2 dns-nodes", [max(v) for (fl, q, d), v in last.items() if q == quorum and len(v) == 2])
    line("both names: last of 2 dns-nodes", [max(v) for v in last.values() if len(v) == 2])
    line("both names: each dns-node", [x for v in per_node.values() for x in v])
    for direction in ("down", "up"):
        line(f"both names, primary {direction}: last of 2", [max(v) for (fl, q, d), v in last.items()
                                                           if d == direction and len(v) == 2])
    if timeouts:
        print(f"\n{timeouts} observations without a served answer or a decision time (left out)")

obs = glob.glob(os.path.join(out, "work", "*", "failover-observed.tsv"))
if obs:
    per_trial = {}
    decision = {}
    with open(obs[0]) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            key = (r["trial"], r["quorum"])
            t = float(r["failover_s"])
            if t > 20:  # the anchors stopping both backends between runs, not a trial
                continue
            if t >= 0:
                per_trial.setdefault(key, []).append(t)
            d = int(r["decision_to_served_ms"])
            if d >= 0:
                decision.setdefault(key, []).append(d)
    print("\n| Vigil, every dns-node (ClusterBench, ~2 ms polling, primary down detected at 10 ms) | median s | p95 s | max s | trials |")
    print("|---|---|---|---|---|")
    for quorum in ("majority", "route53-18%"):
        last = [max(v) for (t, q), v in per_trial.items() if q == quorum and len(v) == 2]
        print(row(f"{quorum}: last of 2 dns-nodes answers the secondary", last))
    print("\n| Health decision (leader) → last of 2 dns-nodes serving it | p50 ms | p99 ms | max ms | samples |")
    print("|---|---|---|---|---|")
    for quorum in ("majority", "route53-18%"):
        last = [max(v) for (t, q), v in decision.items() if q == quorum and len(v) == 2]
        s = sorted(last)
        if s:
            print(f"| {quorum} | {statistics.median(s):.0f} | {pct(s, 99):.0f} | {max(s):.0f} | {len(s)} |")

# Stage breakdown from the controllers' own stamps (event=decision.served, one line per member, node and version):
# decided (leader clock) -> applied on the member -> sent on the node's stream -> applied by the node (its ack).
# Per (version, node) the member that sent first is the one the node took the version from.
lines = glob.glob(os.path.join(out, "work", "*", "logs", "controller-*.log"))
since_files = glob.glob(os.path.join(out, "work", "*", "measuring-since.txt"))
measuring_since = open(since_files[0]).read().strip()[:19] if since_files else ""  # flip mode: skip the warm-up
first = {}
for path in lines:
    with open(path) as f:
        for line in f:
            if "event=decision.served" not in line or line[:19] < measuring_since:
                continue
            kv = dict(p.split("=", 1) for p in line.split() if "=" in p)
            try:
                stages = [int(kv[k]) for k in ("decided_to_applied_ms", "applied_to_sent_ms",
                                                "sent_to_node_applied_ms", "total_ms")]
            except (KeyError, ValueError):
                continue
            if stages[1] < 0:
                continue
            stages.append(int(kv.get("applied_to_feed_ms", -1)))
            key = (kv["index"], kv["node"])
            sent_at = stages[0] + stages[1]
            if key not in first or sent_at < first[key][0] + first[key][1]:
                first[key] = stages
if first:
    print("\n| Stage (controllers' stamps, the member that sent first; per version and dns-node) | p50 ms | p99 ms | max ms | samples |")
    print("|---|---|---|---|---|")
    names = ["decision → applied (Raft commit + apply)", "applied → sent on the node's stream",
             "sent → applied by the dns-node", "decision → applied by the dns-node"]
    for i, name in enumerate(names):
        s = sorted(v[i] for v in first.values())
        print(f"| {name} | {statistics.median(s):.0f} | {pct(s, 99):.0f} | {max(s):.0f} | {len(s)} |")
    feed = sorted(v[4] for v in first.values() if v[4] >= 0)
    if feed:
        print(f"| (of applied → sent: applied → the feed's listener reached) | {statistics.median(feed):.0f} "
              f"| {pct(feed, 99):.0f} | {max(feed):.0f} | {len(feed)} |")

# The dns-nodes' own split of "sent -> applied" (event=version.applied: decode, compile, persist; microseconds).
node_stages = {}
for path in glob.glob(os.path.join(out, "work", "*", "logs", "dns-node-*.log")):
    with open(path) as f:
        for line in f:
            if "event=version.applied" not in line or "full=false" not in line or line[:19] < measuring_since:
                continue
            kv = dict(p.split("=", 1) for p in line.split() if "=" in p)
            for k in ("decode_us", "compile_us", "persist_us", "sync_us"):
                if k in kv:
                    node_stages.setdefault(k, []).append(int(kv[k]) / 1000)
if node_stages:
    print("\n| dns-node, per applied change (its log) | p50 ms | p99 ms | max ms | samples |")
    print("|---|---|---|---|---|")
    for k, v in node_stages.items():
        s = sorted(v)
        print(f"| {k[:-3]} | {statistics.median(s):.2f} | {pct(s, 99):.2f} | {max(s):.2f} | {len(s)} |")

# GC pauses per program (-Xlog:gc,safepoint in flip mode): young/full pause times, and every safepoint's total.
gc_logs = sorted(glob.glob(os.path.join(out, "gc", "*.log")))
if gc_logs:
    print("\n| GC pauses (measured part) | pauses | p50 ms | p99 ms | max ms | safepoints > 5 ms |")
    print("|---|---|---|---|---|---|")
    pause_re = re.compile(r"Pause .* ([0-9.]+)ms$")
    sp_re = re.compile(r"Total: ([0-9]+) ns")
    for path in gc_logs:
        pauses, long_sp = [], 0
        with open(path) as f:
            for line in f:
                if line[1:20] < measuring_since:
                    continue
                m = pause_re.search(line.strip())
                if m:
                    pauses.append(float(m.group(1)))
                m = sp_re.search(line)
                if m and int(m.group(1)) > 5_000_000:
                    long_sp += 1
        name = os.path.basename(path)[:-4]
        if pauses:
            s = sorted(pauses)
            print(f"| {name} | {len(s)} | {statistics.median(s):.1f} | {pct(s, 99):.1f} | {max(s):.1f} | {long_sp} |")
        else:
            print(f"| {name} | 0 | - | - | - | {long_sp} |")
