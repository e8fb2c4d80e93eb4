#!/bin/bash
# firstpark (issue #12): A/B of the backoff first park, peregrine.idle.backoff.min.park.ns.
# Part 1 is what was run on the shared machine (2026-12-06 16:17-17:00 UTC, load 8-28 from other helpers' builds);
# part 2 is what the lead should re-run on the quiet machine after the merge. Run from the repository root after
# `mvn -B -o -q -DskipTests package`.
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' pom.xml)
JAR=latency-bench/target/benchmarks.jar
DIST=distribution/target/peregrine-0.1.0-SNAPSHOT
OUT=${OUT:-/tmp/firstpark-ab}; mkdir -p $OUT

# The /proc sampler of the shared agent thread (CPU ticks, voluntary/involuntary context switches, once a second):
# start it before the runs, `touch $OUT/stop-sampler` after. analyse.py reads threads.tsv and when.txt.
sampler()
{
    echo -e "epoch\tpid\ttid\tutime_ticks\tstime_ticks\tvoluntary\tinvoluntary\tkind" >> $OUT/threads.tsv
    while [ ! -f $OUT/stop-sampler ]; do
        now=$(date +%s)
        for pid in $(pgrep -f 'FixLoopLatency'); do
            for t in /proc/$pid/task/*; do
                [ "$(cat $t/comm 2>/dev/null)" = "peregrine-share" ] || continue
                st=$(cut -d')' -f2 $t/stat 2>/dev/null | awk '{print $12"\t"$13}')
                v=$(awk '/^voluntary_ctxt/{print $2}' $t/status); n=$(awk '/^nonvoluntary_ctxt/{print $2}' $t/status)
                echo -e "$now\t$pid\t${t##*/}\t$st\t$v\t$n\tfixloop" >> $OUT/threads.tsv
            done
        done
        sleep 1
    done
}

one_candidate() # $1 = min park ns, $2 = run number
{
    local min=$1 tag="min$1-$2"
    echo "$tag fixloop start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
    java $FLAGS -Dperegrine.threading=shared -Dperegrine.idle.backoff.min.park.ns=$min -cp $JAR \
        io.peregrine.bench.loop.FixLoopLatency --rates 1000,5000 --seconds 8 --warmup 10 --step-rates "" \
        --gateway-step-rates "" > $OUT/fixloop-$tag.txt 2>&1
    echo "$tag ipc start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
    java $FLAGS -Dperegrine.idle.backoff.min.park.ns=$min -jar $JAR \
        'IpcRoundTripBenchmark.(coreRoundTrip|rawRelayRoundTrip)' -p journal=false -p threading=shared \
        -wi 2 -w 2 -i 3 -r 2 -f 1 > $OUT/jmh-ipc-$tag.txt 2>&1
    echo "$tag mainjob start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
    # the main job as ./scripts/run.sh runs it (shared threading on <= 4 cores), without run.sh's rebuild check
    JAVA_OPTS="-Dperegrine.threading=shared -Dperegrine.idle.backoff.min.park.ns=$min" $DIST/bin/peregrine loop \
        > $OUT/mainjob-$tag.txt 2>&1
}

# ---- part 1: as run here (jars copied to /tmp/firstpark-meas first; see README of this folder) ----
# pass 1: A B C D D C B A, all three benchmarks (the JMH runs of 6 of the 8 failed on another helper's /tmp/jmh.lock)
#   for min in 1000 20000 50000 100000 100000 50000 20000 1000; do one_candidate $min <n>; done
# pass 2: IpcRoundTripBenchmark alone with -Djmh.ignoreLock=true, same order; then FixLoopLatency --rates 1000 only
# ladder probe: java $FLAGS -cp $JAR:<dir of ladder-probe.java.txt compiled as LadderProbe.java> LadderProbe \
#   <min ns> <wake true|false> <gap ns> 2000, for min 1000 20000 50000 100000, three rounds (A B C D, D C B A, A B C D)

# ---- part 2: for the lead, on the quiet machine after the merge (about 25 minutes) ----
if [ "${1:-}" = "quiet" ]; then
    echo "start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/when.txt
    sampler & SAMPLER=$!
    n=0
    for min in 1000 20000 50000 1000 20000 50000; do
        n=$((n + 1)); one_candidate $min $n
    done
    touch $OUT/stop-sampler; wait $SAMPLER
    python3 perf-reports/results/2026-12-06-round7-firstpark/analyse.py $OUT
fi
