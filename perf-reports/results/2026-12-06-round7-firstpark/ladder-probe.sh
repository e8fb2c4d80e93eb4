#!/bin/bash
cd /tmp/firstpark-probe
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' /work/firstpark/pom.xml)
OUT=/tmp/firstpark-meas/out/ladder-probe-random-gap.txt
for round in 1 2 3; do
  order="1000 20000 50000 100000"; [ $round = 2 ] && order="100000 50000 20000 1000"
  for m in $order; do
    echo "# round $round min $m $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT
    java $FLAGS -cp /tmp/firstpark-meas/benchmarks.jar:. LadderProbe $m true 333000 2000 2>&1 | grep -v SLF4J >> $OUT
    java $FLAGS -cp /tmp/firstpark-meas/benchmarks.jar:. LadderProbe $m false 1000000 2000 2>&1 | grep -v SLF4J >> $OUT
    java $FLAGS -cp /tmp/firstpark-meas/benchmarks.jar:. LadderProbe $m false 100000 2000 2>&1 | grep -v SLF4J >> $OUT
  done
done
echo "# done $(date -u +%H:%M:%S)" >> $OUT
