#!/bin/bash
# Round 9 check that the gateway's ClOrdID retention (OrderRoutes) costs the FIX path nothing measurable:
# before = 5d4d7ec (round 8's main, built in /tmp/before), after = this round's main; alternated, same machine, idle.
cd /work/main
OUT=/tmp/r9; mkdir -p $OUT
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' pom.xml)
JAR=latency-bench/target/benchmarks.jar
FL="io.peregrine.bench.loop.FixLoopLatency --rates 1000,5000 --seconds 8 --warmup 10 --step-rates '' --gateway-step-rates ''"
stamp() { echo "# $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
for i in 1 2; do
  { stamp; eval java $FLAGS -Dperegrine.threading=shared -cp /tmp/before/$JAR $FL; } > $OUT/before-$i.txt 2>&1
  { stamp; eval java $FLAGS -Dperegrine.threading=shared -cp $JAR $FL; } > $OUT/after-$i.txt 2>&1
done
{ stamp; ./scripts/run.sh; } > $OUT/mainjob.txt 2>&1
echo done > $OUT/DONE
# Added after the first main-job run looked slower than round 8's: the main job of both builds, alternated
# (before = 5d4d7ec's distribution built in /tmp/before with mvn -DskipTests package):
#   for i in 1 2; do (cd /tmp/before && ./scripts/run.sh > mainjob-before-$i.txt); ./scripts/run.sh > mainjob-after-$((i+2)).txt; done
