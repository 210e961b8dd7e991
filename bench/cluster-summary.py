#!/usr/bin/env python3
"""cluster-summary.py OUT: medians/p95 from the anchors' failover.tsv files and ClusterBench's observations."""
import csv
import glob
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
print(f"## Failover, {os.path.basename(out)}\n")
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
first = {}
for path in lines:
    with open(path) as f:
        for line in f:
            if "event=decision.served" not in line:
                continue
            kv = dict(p.split("=", 1) for p in line.split() if "=" in p)
            try:
                stages = [int(kv[k]) for k in ("decided_to_applied_ms", "applied_to_sent_ms",
                                                "sent_to_node_applied_ms", "total_ms")]
            except (KeyError, ValueError):
                continue
            if stages[1] < 0:
                continue
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
