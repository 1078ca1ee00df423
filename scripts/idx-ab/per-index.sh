#!/bin/bash
# Bytes written per index (issue 12 round 11, branch idx): intake + generation of <claims> on one build with each
# index dropped alone (and none, first and last).   scripts/idx-ab/per-index.sh <built root> <claims> <out.jsonl>
here=$(dirname "$0"); root=$1; n=$2; out=$3
idx=$(cd $root && node -e "import('./dist/src/ledger/db.js').then(async ({openLedgerDb}) => { const h = await openLedgerDb({file:':memory:'}); const {sql} = await import('kysely'); const r = await sql\`select name from sqlite_master where type='index' and tbl_name in ('claims','claim_events') and sql is not null order by name\`.execute(h.db); console.log(r.rows.map((x) => x.name).join(' ')); await h.close(); })")
for d in NONE $idx NONE; do
  sync; sleep 1
  if [ $d = NONE ]; then node $here/intake-gen.mjs $root $n 100 >> $out 2>&1; else DROP=$d node $here/intake-gen.mjs $root $n 100 >> $out 2>&1; fi
done
