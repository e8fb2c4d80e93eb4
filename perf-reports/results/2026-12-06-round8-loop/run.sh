#!/bin/bash
# usage: run.sh <jar> <label> [extra java opts...]
JAR=$1; LABEL=$2; shift 2
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' /work/loopcpu/pom.xml)
OUT=/tmp/lc/out/$LABEL.txt; mkdir -p /tmp/lc/out
cd /tmp/lc
{ echo "start $(date -u +%T) load: $(cat /proc/loadavg)"; 
  java $FLAGS -Dperegrine.threading=shared "$@" -cp $JAR io.peregrine.bench.loop.FixLoopLatency --rates ${RATES:-1000,5000} --seconds 8 --warmup 10 --step-rates '' --gateway-step-rates '' 2>&1
  echo "end $(date -u +%T) load: $(cat /proc/loadavg)"; } > $OUT
