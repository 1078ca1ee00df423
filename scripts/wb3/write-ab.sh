#!/bin/bash
# Write cost of migration 0032 (issue 12 round 12, branch wb3) on 835 posting: bench/ledger-posting.ts 5,000 claims
# (one process), base vs new, ABBA, sync + pause between children; one JSON line per child (writeMB, cpuS, rssMB).
# (Intake + generation: round 11's scripts/idx-ab/ab.sh, which measures its own phases.)
#   BASE_ROOT=/tmp/ab-wb3-base NEW_ROOT=$PWD scripts/wb3/write-ab.sh <rounds> <out.jsonl>
here=$(cd "$(dirname "$0")" && pwd); out=$2
one() {
  sync; sleep 2
  line=$(cd $1 && node --import $here/io-exit.mjs dist/bench/ledger-posting.js 5000 2>&1 >/dev/null | grep wb3io)
  echo "{\"root\":\"$1\",${line#\{}" >> $out
}
for r in $(seq 1 $1); do
  if [ $((r % 2)) = 1 ]; then one $BASE_ROOT; one $NEW_ROOT; else one $NEW_ROOT; one $BASE_ROOT; fi
done
