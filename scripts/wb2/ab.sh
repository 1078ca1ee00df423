#!/bin/bash
# Same-run A/B of bench/workbench.ts on copies of one seeded ledger (issue 12 round 12, branch wb2), ABBA order.
#   BASE_ROOT=/tmp/ab-wb2-base NEW_ROOT=$PWD scripts/wb2/ab.sh <seeded ledger.sqlite> <biller|service> <rounds> <out.jsonl> [timeout s]
ledger=$1; as=$2; rounds=$3; out=$4; limit=${5:-1200}
one() {
  sync; sleep 2
  echo "{\"root\":\"$1\",\"as\":\"$as\",\"start\":\"$(date -u +%T)\"}" >> $out
  BENCH_WORKBENCH_LEDGER=$ledger BENCH_WORKBENCH_AS=$as timeout $limit /usr/bin/time -f '{"user":%U,"sys":%S,"rssKB":%M,"wallS":%e}' node $1/dist/bench/workbench.js >> $out 2>&1
  echo "{\"rc\":$?}" >> $out
}
for r in $(seq 1 $rounds); do
  if [ $((r % 2)) = 1 ]; then one $BASE_ROOT; one $NEW_ROOT; else one $NEW_ROOT; one $BASE_ROOT; fi
done
