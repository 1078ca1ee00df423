/**
 * The streamed HTML report keeps no claim payment model alive (issue 12, round 9). It lists the first
 * `maxClaimsShown` claims of a payment in full; it used to keep those claims' models until the payment
 * ended, and with 1,000 models alive V8 found most objects of the 835 reader's object and array literals
 * alive at a scavenge and pretenured those allocation sites: every later claim's model, dropped at once,
 * was then made in the old generation (a 100 MB `report --format html` with a 1 MiB young generation: 127
 * mark-compacts instead of 19, +80 % CPU). A GC mode cannot be asserted without timing, so this test holds
 * the cause: after `claim()`, nothing of the claim is reachable from the writer (a full GC collects it).
 * The page itself is unchanged (the same text as when the writer kept the models and rendered them at the end).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readRemittances } from '../../../src/remits/read-remittances.js';
import { remittanceHtml, remittanceHtmlWriter } from '../../../src/remits/report.js';
import type { ClaimPayment, Remittance } from '../../../src/remits/model.js';
import { write835 } from '../../../src/remits/write-835.js';
import { adj, claim, envelope, line, remittance } from './build.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function sample(): Remittance {
  const claims = [];
  for (let i = 1; i <= 5; i++) {
    claims.push(claim('150', '100', [], [line('150', '100', [adj('CO', '45', '30'), adj('PR', '3', '20')], { lineControlNumber: `L${i}` })], { patientControlNumber: `PCN-${i}`, payerClaimControlNumber: `ICN${i}` }));
  }
  claims.push(claim('80', '0', [adj('CO', '29', '80')], [], { patientControlNumber: 'DENIED-1', status: '4', payerClaimControlNumber: 'ICN9' }));
  return readRemittances(write835([remittance(claims, '500')], envelope)).remittances[0];
}

/** Hands `writer` a fresh copy of each claim (made here, so only the writer could keep it) and WeakRefs to them. */
function streamCopies(writer: ReturnType<typeof remittanceHtmlWriter>, r: Remittance): WeakRef<ClaimPayment>[] {
  const refs: WeakRef<ClaimPayment>[] = [];
  for (const c of r.claims) {
    const copy: ClaimPayment = { ...c, lines: c.lines.map((l) => ({ ...l })) };
    refs.push(new WeakRef(copy));
    writer.claim(copy, r);
  }
  return refs;
}

describe('HTML report allocation', () => {
  it('keeps no claim model alive between claims (shown claims are kept rendered), and writes the same page', async () => {
    const r = sample();
    let text = '';
    const writer = remittanceHtmlWriter((t) => (text += t), { maxClaimsShown: 4 });
    const refs = streamCopies(writer, r);
    // WeakRef targets are held until the end of the job that made them: collect in a later one.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.map((ref) => ref.deref() === undefined)).toEqual(refs.map(() => true));
    writer.remittance({ ...r, claims: [] });
    writer.end();
    // The same page as the whole-remittance writer gives (which is handed the claims at the end).
    expect(text).toBe(remittanceHtml([r], { maxClaimsShown: 4 }));
    expect(text).toContain('PCN-4');
    expect(text).not.toContain('data-claim="PCN-5"');
    expect(text).toContain('2 more claim(s) of this payment are not listed here');
  });
});
