#!/bin/bash
# Same-run A/B of bench/workbench.ts (issue 12 round 11, branch idx), ABBA order.
#   BASE_ROOT=/tmp/ab-idx-base NEW_ROOT=$PWD scripts/idx-ab/wb-ab.sh <claims> <rounds> <out>
out=$3
one() { sync; sleep 2; echo "{\"root\":\"$1\"}" >> $out; node $1/dist/bench/workbench.js $2 >> $out 2>&1; }
for r in $(seq 1 $2); do
  if [ $((r % 2)) = 1 ]; then one $BASE_ROOT $1; one $NEW_ROOT $1; else one $NEW_ROOT $1; one $BASE_ROOT $1; fi
done
