#!/bin/bash
# usage: prof.sh <jar> <label> [extra java opts...]   -- 5,000/s only; async-profiler on the loop phase (stack + child)
JAR=$1; LABEL=$2; shift 2
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' /work/loopcpu/pom.xml)
D=/tmp/lc/prof/$LABEL; rm -rf $D; mkdir -p $D
LIB=/tmp/lc/libasyncProfiler.so
cd /tmp/lc
echo "start $(date -u +%T) load: $(cat /proc/loadavg)" > $D/run.txt
java $FLAGS -Dperegrine.threading=shared "$@" -cp $JAR io.peregrine.bench.loop.FixLoopLatency --rates 5000 --seconds 8 --warmup 10 --step-rates '' --gateway-step-rates '' >> $D/run.txt 2>&1 &
P=$!
until grep -q "^(b) full loop" $D/run.txt; do sleep 0.2; kill -0 $P 2>/dev/null || exit 1; done
# wait for the loop's child JVM
OLD=$(pgrep -P $P java | tr '\n' ' ')
sleep 1
for i in $(seq 1 100); do C=$(pgrep -n -P $P java); [ -n "$C" ] && ! echo " $OLD " | grep -q " $C " && break; sleep 0.2; done
sleep 11
echo "profile from $(date -u +%T) stack pid $P child $C load $(cat /proc/loadavg)" >> $D/when.txt
jcmd $P JVMTI.agent_load $LIB '"start,event=itimer,interval=1ms,threads"' > $D/jcmd.txt 2>&1
jcmd $C JVMTI.agent_load $LIB '"start,event=itimer,interval=1ms,threads"' >> $D/jcmd.txt 2>&1
sleep 6
jcmd $P JVMTI.agent_load $LIB "\"stop,file=$D/stack.collapsed,collapsed,threads\"" >> $D/jcmd.txt 2>&1
jcmd $C JVMTI.agent_load $LIB "\"stop,file=$D/client.collapsed,collapsed,threads\"" >> $D/jcmd.txt 2>&1
echo "profile to $(date -u +%T) load $(cat /proc/loadavg)" >> $D/when.txt
wait $P
echo "end $(date -u +%T) load: $(cat /proc/loadavg)" >> $D/run.txt
