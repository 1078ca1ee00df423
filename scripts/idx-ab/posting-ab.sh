#!/bin/bash
# Same-run A/B of bench/ledger-posting.ts (issue 12 round 11, branch idx), ABBA order; one compact JSON line per child.
#   BASE_ROOT=/tmp/ab-idx-base NEW_ROOT=$PWD scripts/idx-ab/posting-ab.sh <claims> <rounds> <out.jsonl>
out=$3
one() { sync; sleep 2; node $1/dist/bench/ledger-posting.js $2 | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify({root:'$1',...JSON.parse(s)})))" >> $out; }
for r in $(seq 1 $2); do
  if [ $((r % 2)) = 1 ]; then one $BASE_ROOT $1; one $NEW_ROOT $1; else one $NEW_ROOT $1; one $BASE_ROOT $1; fi
done
