#!/bin/bash
# A/B of peregrine.idle.backoff.min.park.ns (firstpark, issue #12). Jars copied from /work/firstpark after
# `mvn -B -o -q -DskipTests package` so that edits in the worktree cannot change them mid-run.
M=/tmp/firstpark-meas
OUT=$M/out
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' /work/firstpark/pom.xml)
JAR=$M/benchmarks.jar
ORDER="${ORDER:-1000 20000 50000 100000 100000 50000 20000 1000}"
round=0
declare -A seen
for min in $ORDER; do
  seen[$min]=$(( ${seen[$min]:-0} + 1 )); n=${seen[$min]}
  tag="min$min-$n"
  echo "$tag fixloop start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
  java $FLAGS -Dperegrine.threading=shared -Dperegrine.idle.backoff.min.park.ns=$min -cp $JAR \
    io.peregrine.bench.loop.FixLoopLatency --rates 1000,5000 --seconds 8 --warmup 10 --step-rates "" --gateway-step-rates "" \
    > $OUT/fixloop-$tag.txt 2>&1
  echo "$tag ipc start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
  java $FLAGS -Dperegrine.idle.backoff.min.park.ns=$min -jar $JAR 'IpcRoundTripBenchmark.(coreRoundTrip|rawRelayRoundTrip)' \
    -p journal=false -p threading=shared -wi 2 -w 2 -i 3 -r 2 -f 1 > $OUT/jmh-ipc-$tag.txt 2>&1
  echo "$tag mainjob start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
  rm -rf $M/run-cwd && mkdir -p $M/run-cwd
  (cd $M/run-cwd && JAVA_OPTS="-Dperegrine.threading=shared -Dperegrine.idle.backoff.min.park.ns=$min" $M/dist/bin/peregrine loop > $OUT/mainjob-$tag.txt 2>&1)
  echo "$tag end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
done
echo "all done $(date -u +%H:%M:%S)" >> $OUT/when.txt
