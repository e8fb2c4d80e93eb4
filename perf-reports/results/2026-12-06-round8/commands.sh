#!/bin/bash
# Round 8 quiet-machine measurements: before = 0cd64f5 (round 7's main, built in /tmp/before), after = this round's main.
# (Round 10: the commands shared with other rounds moved to perf-reports/scripts/quiet-machine.sh, unchanged.)
cd /work/main
OUT=/tmp/r8; mkdir -p $OUT
. perf-reports/scripts/quiet-machine.sh      # FLAGS, JAR, stamp
fix_loop_before_after $OUT /tmp/before     # before-1, after-1, before-2, after-2
{ stamp; java $FLAGS -jar $JAR 'IpcRoundTripBenchmark.(coreRoundTrip|rawRelayRoundTrip)' -p journal=false -p threading=dedicated,shared -wi 2 -w 2 -i 3 -r 2 -f 1; } > $OUT/ipc.txt 2>&1
{ stamp; java $FLAGS -jar $JAR RiskCheckBenchmark -f 1 -wi 2 -i 3 -prof gc; } > $OUT/risk.txt 2>&1
{ stamp; java $FLAGS -jar $JAR CorePipelineDirectBenchmark -f 1 -wi 2 -i 3 -prof gc; } > $OUT/pipeline-direct.txt 2>&1
{ stamp; JAVA_OPTS=-Dperegrine.threading=shared ./scripts/run.sh core --rate 500000 --duration 10 --warmup 100000; } > $OUT/core-500k.txt 2>&1
{ stamp; ./scripts/run.sh; } > $OUT/mainjob.txt 2>&1
echo done > $OUT/DONE
