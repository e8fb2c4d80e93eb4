# What the quiet-machine measurements of perf-reports/results run (the commands.sh of round 8 on). Source it from the
# root of the checkout being measured, after its build: `cd /work/main && . perf-reports/scripts/quiet-machine.sh`.
# Past rounds' records call these functions: give a changed measurement a new function, so that they stay true.

# The root pom's JVM flags and the checkout's benchmarks jar.
FLAGS=$(sed -n 's:.*<peregrine.jvm.flags>\(.*\)</peregrine.jvm.flags>.*:\1:p' pom.xml)
JAR=latency-bench/target/benchmarks.jar

# First line of every output file: '# <UTC time> load <1, 5 and 15 minute load averages>'.
stamp() { echo "# $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }

# fix_loop_before_after OUT BEFORE: FixLoopLatency's (a) echo and (b) full loop at 1,000 and 5,000/s, 10 s warm-up and
# 8 s measured each, no step loads, shared threading, for the build in the checkout BEFORE and for this one,
# alternated twice: OUT/before-1.txt, OUT/after-1.txt, OUT/before-2.txt, OUT/after-2.txt.
fix_loop_before_after()
{
    local out=$1 before=$2 i
    local fl="io.peregrine.bench.loop.FixLoopLatency --rates 1000,5000 --seconds 8 --warmup 10 --step-rates '' --gateway-step-rates ''"
    for i in 1 2; do
        { stamp; eval java $FLAGS -Dperegrine.threading=shared -cp $before/$JAR $fl; } > $out/before-$i.txt 2>&1
        { stamp; eval java $FLAGS -Dperegrine.threading=shared -cp $JAR $fl; } > $out/after-$i.txt 2>&1
    done
}
