#!/bin/bash
# usage: run.sh <jar> <label> [extra java -D...] -- [FixLoopLatency args]
JAR=$1; LABEL=$2; shift 2
JOPTS=(); while [ $# -gt 0 ] && [ "$1" != "--" ]; do JOPTS+=("$1"); shift; done; shift
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' pom.xml)
OUT=$LABEL.txt
{ echo "# $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) jar $JAR opts ${JOPTS[*]} args $*"
  java $FLAGS -Dperegrine.threading=shared "${JOPTS[@]}" -cp $JAR io.peregrine.bench.loop.FixLoopLatency --step-rates "" --gateway-step-rates "" --out hlog "$@"
  echo "# end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) rc $?"; } > $OUT 2>&1
