#!/bin/bash
cd /work/main
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' pom.xml)
JAR=latency-bench/target/benchmarks.jar
FL="io.peregrine.bench.loop.FixLoopLatency --rates 1000,5000 --seconds 8 --warmup 10 --step-rates '' --gateway-step-rates ''"
for i in 1 2; do
  { echo "# $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; eval java $FLAGS -Dperegrine.threading=shared -cp /tmp/before/$JAR $FL; } > /tmp/r7/before-$i.txt 2>&1
  { echo "# $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; eval java $FLAGS -Dperegrine.threading=shared -cp $JAR $FL; } > /tmp/r7/after-$i.txt 2>&1
done
{ echo "# $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; eval java $FLAGS -Dperegrine.threading=shared -Dperegrine.gateway.broker.queue.high.watermark=0 -cp $JAR $FL; } > /tmp/r7/after-brokerinline-1.txt 2>&1
java $FLAGS -jar $JAR RiskCheckBenchmark -f 1 -wi 2 -i 3 -prof gc > /tmp/r7/risk.txt 2>&1
java $FLAGS -jar $JAR 'CorePipelineDirectBenchmark' -f 1 -wi 2 -i 3 -prof gc > /tmp/r7/pipeline-direct.txt 2>&1
./scripts/run.sh > /tmp/r7/mainjob.txt 2>&1
echo done > /tmp/r7/DONE
