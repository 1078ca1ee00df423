#!/bin/bash
# usage: threads.sh ROOT JOBS IN OUT
ROOT=$1; J=$2; IN=$3; OUT=$4
cd $ROOT
X12GW_JOBS=$J /usr/bin/time -f "node: %e wall %U user %S sys %M KB" -o /tmp/gen7/time.$J node --max-old-space-size=128 dist/src/cli/main.js generate $IN --partners config/partners --partner demo --date 2024-06-01T12:00:00Z -o $OUT > /tmp/gen7/rep.$J.txt 2>/dev/null &
sleep 0.05
P=$(pgrep -P $! node)
declare -A last name
while kill -0 $P 2>/dev/null; do
  for t in /proc/$P/task/*; do
    tid=${t##*/}; read -r s < $t/stat 2>/dev/null || continue
    rest=${s#*) }; set -- $rest; last[$tid]=$(( ${12} + ${13} )); 
    [ -z "${name[$tid]}" ] && read -r name[$tid] < $t/comm
  done
  sleep 0.05
done
wait; cat /tmp/gen7/time.$J
for k in "${!last[@]}"; do echo "$k ${name[$k]} ${last[$k]}"; done | sort -k3 -n -r | head -8
