#!/usr/bin/env python3
"""Write a zone of N records (default 1,000,000) for the dns-node load test: SOA, NS, and A records
big0..big{N-3} -> 198.18.x.y / 10.x.y.z (data only). Usage: dns-node-bigzone.py OUTFILE [N]"""
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
with open(out, "w") as f:
    f.write("$ORIGIN big.test.\n$TTL 300\n")
    f.write("@ IN SOA ns1.big.test. hostmaster.big.test. ( 1 3600 900 1209600 300 )\n")
    f.write("@ IN NS ns1.big.test.\n")
    for i in range(n - 2):
        f.write(f"big{i} IN A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n")
