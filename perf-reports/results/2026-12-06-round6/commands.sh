#!/bin/bash
# Quiet-machine measurements of the round-6 merge. Run from /work/main after mvn verify.
cd /work/main
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' pom.xml)
OUT=/tmp/meas3/out; mkdir -p $OUT
JAR=latency-bench/target/benchmarks.jar
echo "start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" > $OUT/when.txt
for i in 1 2; do
  java $FLAGS -Dperegrine.threading=shared -cp $JAR io.peregrine.bench.loop.FixLoopLatency --rates 1000,5000 --seconds 8 --warmup 10 --step-rates "" --gateway-step-rates "" > $OUT/fixloop-w10-$i.txt 2>&1
done
java $FLAGS -Dperegrine.threading=shared -cp $JAR io.peregrine.bench.loop.FixLoopLatency --rates 1000,5000 --seconds 8 --warmup 2 --step-rates "" --gateway-step-rates "" > $OUT/fixloop-w2.txt 2>&1
echo "fixloop done $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
JAVA_OPTS=-Dperegrine.threading=shared ./scripts/run.sh core --rate 500000 --duration 10 --warmup 100000 > $OUT/core-500k-shared.txt 2>&1
java $FLAGS -jar $JAR 'IpcRoundTripBenchmark.(coreRoundTrip|rawRelayRoundTrip)' -p journal=false -p threading=dedicated,shared -wi 2 -w 2 -i 3 -r 2 -f 1 > $OUT/jmh-ipc.txt 2>&1
java $FLAGS -jar $JAR 'RiskCheckBenchmark' -f 1 -wi 2 -i 3 -prof gc > $OUT/jmh-risk.txt 2>&1
echo "end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
