for i in 1 2 3; do
  RATES=5000 ./run.sh base.jar ab3-base-$i
  RATES=5000 ./run.sh store2.jar ab3-after-$i
  RATES=5000 ./run.sh store2.jar ab3-after-pargc-$i -XX:+UseParallelGC
done
