#!/bin/bash
# usage: ab3.sh ROUNDS INPUT TAG  — base jobs 1, new jobs 1, new jobs 2, alternating; per-run wall user sys maxKB
R=$1; IN=$2; TAG=$3
for r in $(seq 1 $R); do
  for v in base:1 new2:1 new2:2; do
    D=/tmp/ab-gen7-${v%:*}; J=${v#*:}; K=${v/:/-j}; O=/tmp/gen7/ab-$TAG-$K.837
    cd $D
    X12GW_JOBS=$J /usr/bin/time -f "%e %U %S %M" -o /tmp/gen7/t.$K node --max-old-space-size=128 dist/src/cli/main.js generate $IN --partners config/partners --partner demo --date 2024-06-01T12:00:00Z -o $O > /tmp/gen7/ab-$TAG-$K.rep 2>/dev/null
    echo "$TAG round $r $K exit $? $(cat /tmp/gen7/t.$K) load $(cut -d' ' -f1 /proc/loadavg)"
    sed -i "s#$O#X#" /tmp/gen7/ab-$TAG-$K.rep
  done
  cmp /tmp/gen7/ab-$TAG-base-j1.837 /tmp/gen7/ab-$TAG-new2-j1.837 && cmp /tmp/gen7/ab-$TAG-base-j1.837 /tmp/gen7/ab-$TAG-new2-j2.837 && cmp /tmp/gen7/ab-$TAG-base-j1.rep /tmp/gen7/ab-$TAG-new2-j1.rep && cmp /tmp/gen7/ab-$TAG-base-j1.rep /tmp/gen7/ab-$TAG-new2-j2.rep && echo "round $r identical"
done
