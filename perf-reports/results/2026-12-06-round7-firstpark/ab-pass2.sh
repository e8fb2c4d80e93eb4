#!/bin/bash
# Second A/B pass (firstpark): IpcRoundTripBenchmark alone (another helper's JMH held /tmp/jmh.lock during pass 1,
# so -Djmh.ignoreLock=true), then FixLoopLatency at 1,000/s only (the rate of the hypothesis) for more per-thread samples.
M=/tmp/firstpark-meas
OUT=$M/out
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' /work/firstpark/pom.xml)
JAR=$M/benchmarks.jar
declare -A seen
for min in 1000 20000 50000 100000 100000 50000 20000 1000; do
  seen[$min]=$(( ${seen[$min]:-0} + 1 )); tag="min$min-$(( ${seen[$min]} + 2 ))"
  echo "$tag ipc start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
  java $FLAGS -Djmh.ignoreLock=true -Dperegrine.idle.backoff.min.park.ns=$min -jar $JAR 'IpcRoundTripBenchmark.(coreRoundTrip|rawRelayRoundTrip)' \
    -p journal=false -p threading=shared -wi 2 -w 2 -i 3 -r 2 -f 1 > $OUT/jmh-ipc-$tag.txt 2>&1
done
unset seen; declare -A seen
for min in 1000 20000 50000 100000 100000 50000 20000 1000; do
  seen[$min]=$(( ${seen[$min]:-0} + 1 )); tag="min$min-$(( ${seen[$min]} + 2 ))"
  echo "$tag fixloop start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
  java $FLAGS -Dperegrine.threading=shared -Dperegrine.idle.backoff.min.park.ns=$min -cp $JAR \
    io.peregrine.bench.loop.FixLoopLatency --rates 1000 --seconds 8 --warmup 10 --step-rates "" --gateway-step-rates "" \
    > $OUT/fixloop-$tag.txt 2>&1
done
echo "pass 2 done $(date -u +%H:%M:%S)" >> $OUT/when.txt
