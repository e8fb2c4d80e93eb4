#!/bin/bash
# What was run for 2026-12-06-round7-loop.md (shared 2-vCPU machine, load 12-37 from other engineers' builds).
# run-one.sh <jar> <label> [-Dkey=value ...] -- <FixLoopLatency args>: one FixLoopLatency run into <label>.txt,
# with the load average before and after; FLAGS = the root pom's peregrine.jvm.flags, -Dperegrine.threading=shared.
# Jars (each a copy of latency-bench/target/benchmarks.jar after `mvn -B -o -q -DskipTests package`):
#   base.jar   main at 7386bfe (round-6 wiring, load client in the process)
#   child.jar  b2ac045: + FixLoopLatency --load-client (default child-jvm)
#   exp.jar    child.jar + a throwaway switch per connector (-Dperegrine.exp.{broker,venue,sim,echo}=inline), not committed
#   final.jar  the venue acceptor and the gateway's venue initiator inline, broker acceptor by watermark (0 = inline)
#   A2.jar     b2ac045 + the wake-ups column (d939274): round-6 wiring      (ab4 "A")
#   final2.jar final.jar + the wake-ups column                               (ab4 "B", "C")
R=./run-one.sh
$R base.jar base-1 -- --rates 1000,5000 --seconds 8 --warmup 10
# ab1: the load client in the process vs in its own JVM (same jar)
for i in 1 2; do
  $R child.jar ab1-same-$i  -- --rates 1000,5000 --seconds 8 --warmup 10 --load-client same-jvm
  $R child.jar ab1-child-$i -- --rates 1000,5000 --seconds 8 --warmup 10 --load-client child-jvm
done
# ab2: every connector queued (QuickFIX/J's) vs every connector inline, echo included
INL="-Dperegrine.exp.broker=inline -Dperegrine.exp.venue=inline -Dperegrine.exp.sim=inline -Dperegrine.exp.echo=inline"
for i in 1 2; do
  $R exp.jar ab2-queued-$i -- --rates 1000,5000 --seconds 8 --warmup 10
  $R exp.jar ab2-inline-$i $INL -- --rates 1000,5000 --seconds 8 --warmup 10
done
# ab3 (child.jar vs final.jar) and ab4 (A2.jar vs final2.jar): A = round-6 wiring, B = committed default
# (venue side inline), C = committed with the broker acceptor inline too (and the echo, which follows the key)
for i in 1 2; do
  $R A2.jar     ab4-A-queued-$i -- --rates 1000,5000 --seconds 8 --warmup 10
  $R final2.jar ab4-B-venueinline-$i -- --rates 1000,5000 --seconds 8 --warmup 10
  $R final2.jar ab4-C-allinline-$i -Dperegrine.gateway.broker.queue.high.watermark=0 -- --rates 1000,5000 --seconds 8 --warmup 10
done
