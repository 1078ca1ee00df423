#!/bin/bash
# same-run A/B of bench/intake.ts: base build vs new build (both built with tsc), alternating, $2 rounds at $1 claims; one JSON line per child
N=${1:-20000}; R=${2:-3}; OUT=${TMPDIR:-/tmp}/intake-ab-ab-$N.jsonl
: > $OUT
for r in $(seq 1 $R); do
  for side in base new; do
    root=${BASE_ROOT:?built base checkout}; [ $side = new ] && root=${NEW_ROOT:?built new checkout}
    ( cd $root && /usr/bin/time -f "TIME %U %S %M" -o ${TMPDIR:-/tmp}/intake-ab-time.$$ node dist/bench/intake.js $N > ${TMPDIR:-/tmp}/intake-ab-bench.$$ 2>&1 )
    python3 - $side $r ${TMPDIR:-/tmp}/intake-ab-bench.$$ ${TMPDIR:-/tmp}/intake-ab-time.$$ >> $OUT <<'PY'
import json,sys
side,r,bf,tf=sys.argv[1:]
txt=open(bf).read(); d=json.loads(txt[txt.index('{'):])['results'][0]
u,s,m=open(tf).read().split('TIME ')[1].split()
print(json.dumps({'side':side,'round':int(r),'claims':d['claims'],'intakeS':d['intakeSeconds'],'claimsPerS':round(d['claims']/d['intakeSeconds']),'generateS':d['generateSeconds'],'peakRssMB':d['peakRssMB'],'intakePeakRssMB':d['phases']['intake']['peakRssMB'],'health':d['health'],'intakeHealthMax':d['phases']['intake']['healthMaxMs'],'treeCpuS':round(float(u)+float(s),1)}))
PY
  done
done
