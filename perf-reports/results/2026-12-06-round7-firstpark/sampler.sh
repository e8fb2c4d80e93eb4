#!/bin/bash
# Every second: CPU ticks and context switches of the peregrine-shared-agents thread of MY measurement JVMs
# (command line names /tmp/firstpark-meas), for per-order rates over the 1,000/s plateau.
OUT=/tmp/firstpark-meas/out/threads.tsv
echo -e "epoch\tpid\ttid\tutime_ticks\tstime_ticks\tvoluntary\tinvoluntary\tkind" >> $OUT
while [ ! -f /tmp/firstpark-meas/stop-sampler ]; do
  now=$(date +%s)
  for pid in $(pgrep -f 'firstpark-meas' ); do
    cmd=$(tr '\0' ' ' < /proc/$pid/cmdline 2>/dev/null)
    case "$cmd" in *java*) ;; *) continue;; esac
    kind=other; case "$cmd" in *FixLoopLatency*) kind=fixloop;; *IpcRoundTrip*) kind=jmh;; *peregrine-0.1.0*|*dist/lib*) kind=mainjob;; esac
    for t in /proc/$pid/task/*; do
      c=$(cat $t/comm 2>/dev/null)
      [ "$c" = "peregrine-share" ] || continue
      st=$(cut -d')' -f2 $t/stat 2>/dev/null | awk '{print $12"\t"$13}')
      v=$(awk '/^voluntary_ctxt/{print $2}' $t/status 2>/dev/null); n=$(awk '/^nonvoluntary_ctxt/{print $2}' $t/status 2>/dev/null)
      echo -e "$now\t$pid\t${t##*/}\t$st\t$v\t$n\t$kind" >> $OUT
    done
  done
  sleep 1
done
