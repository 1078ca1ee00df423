#!/bin/bash
# Same-run A/B of intake + generation (issue 12 round 11, branch idx): ABBA order, sync + pause between children.
#   BASE_ROOT=/tmp/ab-idx-base NEW_ROOT=$PWD scripts/idx-ab/ab.sh <claims> <rounds> <chunkClaims> <out.jsonl>
here=$(dirname "$0"); out=$4
one() { sync; sleep 3; node --max-old-space-size=256 $here/intake-gen.mjs $1 $2 $3 >> $out 2>&1; }
for r in $(seq 1 $2); do
  if [ $((r % 2)) = 1 ]; then one $BASE_ROOT $1 $3; one $NEW_ROOT $1 $3; else one $NEW_ROOT $1 $3; one $BASE_ROOT $1 $3; fi
done
