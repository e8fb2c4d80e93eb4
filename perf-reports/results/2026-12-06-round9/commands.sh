#!/bin/bash
# Round 9 check that the gateway's ClOrdID retention (OrderRoutes) costs the FIX path nothing measurable:
# before = 5d4d7ec (round 8's main, built in /tmp/before), after = this round's main; alternated, same machine, idle.
# (Round 10: the commands shared with other rounds moved to perf-reports/scripts/quiet-machine.sh, unchanged.)
cd /work/main
OUT=/tmp/r9; mkdir -p $OUT
. perf-reports/scripts/quiet-machine.sh      # FLAGS, JAR, stamp
fix_loop_before_after $OUT /tmp/before     # before-1, after-1, before-2, after-2
{ stamp; ./scripts/run.sh; } > $OUT/mainjob.txt 2>&1
echo done > $OUT/DONE
# Added after the first main-job run looked slower than round 8's: the main job of both builds, alternated
# (before = 5d4d7ec's distribution built in /tmp/before with mvn -DskipTests package):
#   for i in 1 2; do (cd /tmp/before && ./scripts/run.sh > mainjob-before-$i.txt); ./scripts/run.sh > mainjob-after-$((i+2)).txt; done
