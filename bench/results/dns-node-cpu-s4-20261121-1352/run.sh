# Session 4, issue 5 "answers per server CPU-second": the exact sequence (2026-11-21, 13:24-14:10 UTC).
export JAVA_HOME=$(scripts/jdk-home)
mkdir -p /tmp/vigil-main-s4 && git archive main | tar -x -C /tmp/vigil-main-s4
(cd /tmp/vigil-main-s4 && ./mvnw -q -ntp -pl dns-node -am package -DskipTests)
mkdir -p /tmp/bench-s4c/main-dist && cp -r /tmp/vigil-main-s4/dns-node/target/{vigil-dns-node.jar,lib} /tmp/bench-s4c/main-dist/
./mvnw -q -ntp -pl dns-node -am package -DskipTests      # branch issue-5-cpu at fb8cf67 (query path as in the final commit)
mkdir -p /tmp/bench-s4c/new2-dist && cp -r dns-node/target/{vigil-dns-node.jar,lib} /tmp/bench-s4c/new2-dist/
Z=/tmp/bench/zone/example.test.zone                       # ../shared/anchors/gen-zone.py
DIST=/tmp/bench-s4c/main-dist UDP_IO=mmsg bench/dns-node-start.sh $Z example.test. 5441 /tmp/bench-s4c/prof-main
DIST=/tmp/bench-s4c/new2-dist UDP_IO=mmsg bench/dns-node-start.sh $Z example.test. 5445 /tmp/bench-s4c/new2
NODE_ARGS="--udp-workers 1" DIST=/tmp/bench-s4c/new2-dist UDP_IO=mmsg bench/dns-node-start.sh $Z example.test. 5446 /tmp/bench-s4c/new2w1
S=/tmp/bench-s4c
# anchors, twice (13:38 and 13:48 UTC); other ports than the anchors' defaults (another helper may run them)
OUTDIR=/tmp/bench/anchors-s4c PORT_NSD=5451 PORT_KNOT=5452 PORT_GDNSD=5453 PORT_PDNS=5454 SKIP_INSTALL=1 SKIP_FAILOVER=1 ROUNDS=3 \
  ../shared/anchors/run-anchors.sh dnsnode-main:5441:$(cat $S/prof-main/node.pid) dnsnode-new:5445:$(cat $S/new2/node.pid) \
  dnsnode-new-w1:5446:$(cat $S/new2w1/node.pid)
# a gdnsd of our own for the split (the anchors' config, port 5449)
gdnsd -c /tmp/bench-s4c/gdnsd/conf start &
ROUNDS=6 bench/dns-node-cpu-split.sh /tmp/bench/zone/queries.txt gdnsd:5449:$! dnsnode-main:5441:$(cat $S/prof-main/node.pid) \
  dnsnode-new:5445:$(cat $S/new2/node.pid)
# user-space share of perf samples, each node alone under dnsperf (prof.sh in this directory), alternated
for r in 1 2 3; do ./prof.sh main 5441 $(cat $S/prof-main/node.pid) $r; ./prof.sh new 5445 $(cat $S/new2/node.pid) $r; done
# the lookup alone, one JVM, caches thrashed between batches
java -XX:+UseSerialGC -Xmx256m -cp "dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*" bench/DnsNodeBatchLookup.java \
  /tmp/bench-s4c/new2/data /tmp/bench/zone/queries.txt 5 4000 12 8
