#!/bin/bash
# Round 8 quiet-machine measurements: before = 0cd64f5 (round 7's main, built in /tmp/before), after = this round's main.
cd /work/main
OUT=/tmp/r8; mkdir -p $OUT
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' pom.xml)
JAR=latency-bench/target/benchmarks.jar
FL="io.peregrine.bench.loop.FixLoopLatency --rates 1000,5000 --seconds 8 --warmup 10 --step-rates '' --gateway-step-rates ''"
stamp() { echo "# $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
for i in 1 2; do
  { stamp; eval java $FLAGS -Dperegrine.threading=shared -cp /tmp/before/$JAR $FL; } > $OUT/before-$i.txt 2>&1
  { stamp; eval java $FLAGS -Dperegrine.threading=shared -cp $JAR $FL; } > $OUT/after-$i.txt 2>&1
done
{ stamp; java $FLAGS -jar $JAR 'IpcRoundTripBenchmark.(coreRoundTrip|rawRelayRoundTrip)' -p journal=false -p threading=dedicated,shared -wi 2 -w 2 -i 3 -r 2 -f 1; } > $OUT/ipc.txt 2>&1
{ stamp; java $FLAGS -jar $JAR RiskCheckBenchmark -f 1 -wi 2 -i 3 -prof gc; } > $OUT/risk.txt 2>&1
{ stamp; java $FLAGS -jar $JAR CorePipelineDirectBenchmark -f 1 -wi 2 -i 3 -prof gc; } > $OUT/pipeline-direct.txt 2>&1
{ stamp; JAVA_OPTS=-Dperegrine.threading=shared ./scripts/run.sh core --rate 500000 --duration 10 --warmup 100000; } > $OUT/core-500k.txt 2>&1
{ stamp; ./scripts/run.sh; } > $OUT/mainjob.txt 2>&1
echo done > $OUT/DONE
