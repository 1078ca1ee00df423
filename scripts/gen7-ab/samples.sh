#!/bin/bash
# every claim sample and the mixed planted input through base and new: same exit code, report and 837 files
cd /work/wt-gen7
for f in samples/claims/*.json samples/claims/bad-input.ndjson samples/cob/*.json samples/demo/*.json samples/demo/after-learning/*.json /tmp/gen7/mix.ndjson /tmp/gen7/b20k.ndjson; do
  for J in 1 2; do
  for v in base new2; do
    D=/tmp/ab-gen7-$v; rm -rf /tmp/gen7/s-$v; mkdir -p /tmp/gen7/s-$v
    (cd $D && X12GW_JOBS=$J node dist/src/cli/main.js generate /work/wt-gen7/$f --partners config/partners --partner demo --date 2024-06-01T12:00:00Z -o /tmp/gen7/s-$v/out.837 > /tmp/gen7/s-$v.rep 2>/tmp/gen7/s-$v.err; echo "exit $?" >> /tmp/gen7/s-$v.rep)
    [ -e "/work/wt-gen7/$f" ] || (cd $D && X12GW_JOBS=$J node dist/src/cli/main.js generate $f --partners config/partners --partner demo --date 2024-06-01T12:00:00Z -o /tmp/gen7/s-$v/out.837 > /tmp/gen7/s-$v.rep 2>/tmp/gen7/s-$v.err; echo "exit $?" >> /tmp/gen7/s-$v.rep)
    sed -i "s#/tmp/gen7/s-$v/#X/#g" /tmp/gen7/s-$v.rep
  done
  if diff -r /tmp/gen7/s-base /tmp/gen7/s-new2 >/dev/null && cmp -s /tmp/gen7/s-base.rep /tmp/gen7/s-new2.rep && cmp -s /tmp/gen7/s-base.err /tmp/gen7/s-new2.err; then echo "same j$J $f $(tail -1 /tmp/gen7/s-base.rep) $(ls /tmp/gen7/s-base | wc -l) files $(grep -c 'DELIMITER-IN-VALUE\|NON-ASCII' /tmp/gen7/s-base.rep) char findings"; else echo "DIFFERENT j$J $f"; fi
  done
done
