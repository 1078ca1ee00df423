/**
 * Golden secondary claims (issue 14 item 1): each primary batch in samples/cob/ (claims whose patients have
 * further coverage) with the primary payer's 835 beside it → the secondary 837, byte-exact
 * samples/cob/<kind>.secondary.837 (UPDATE_GOLDEN=1 rewrites it). A golden only catches change, so each
 * generated file is also proved right independently: our validator (guide maps, SNIP 3 COB balance per
 * other payer at claim and line level) finds nothing — and does find a wrong amount — and the 837 reader
 * reads back, for every claim, the 835's paid amounts, adjustments, dates and patient responsibility.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { Batch, Claim, PartnerProfile, createPipeline, read837, sequentialAllocator } from '../../src/claims/index.js';
import { nextPayerClaimFrom835 } from '../../src/claims/cob/secondary-from-835.js';
import { payerAnswerFromClaimPayment } from '../../src/claims/cob/payer-answer.js';
import { readFile } from '../../src/cli/commands/validate.js';
import { allFindings } from '../../src/guides/index.js';
import type { ClaimPayment, Remittance } from '../../src/remits/model.js';
import { readRemittances } from '../../src/remits/read-remittances.js';

const dir = new URL('../../samples/cob/', import.meta.url).pathname;
const partner = PartnerProfile.parse(JSON.parse(readFileSync(new URL('../../config/partners/demo.json', import.meta.url), 'utf8')));
const tmp = mkdtempSync(join(tmpdir(), 'x12gw-cob-golden-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The claims through the same pipeline as any batch (scrub, then write); every claim must scrub clean. */
function write837(claims: Claim[], batchId: string): string {
  let text = '';
  const pipeline = createPipeline({
    partners: (id) => (id === partner.id ? partner : undefined),
    defaultPartnerId: 'demo',
    header: { batchId, partnerId: 'demo' },
    today: '2024-06-01',
    date: '20240601',
    time: '0930',
    allocator: sequentialAllocator({ interchange: 401, group: 501 }),
    openFile: () => ({ write: (t) => void (text += t), close() {} }),
  });
  claims.forEach((claim, index) => {
    const o = pipeline.accept(claim, { index });
    expect(o.findings, `${o.claimId} scrubs clean`).toEqual([]);
  });
  pipeline.end();
  return text;
}

const sumOf = (list: readonly { amount: Decimal | string }[]) => list.reduce((s, a) => s.plus(a.amount), new Decimal(0));
const cas = (list: readonly { group: string; reason: string; amount: Decimal | string }[]) => list.map((a) => [a.group, a.reason, new Decimal(a.amount).toFixed(2)]);

for (const kind of ['professional', 'institutional', 'dental'] as const) {
  describe(`${kind}: the primary's 835 → the secondary 837`, () => {
    const batch = Batch.parse(JSON.parse(readFileSync(join(dir, `${kind}.primary.json`), 'utf8')));
    const originals = batch.claims.map((c) => Claim.parse(c));
    const { report, remittances } = readRemittances(readFileSync(join(dir, `${kind}.primary.835`)));
    const remittance: Remittance = remittances[0];
    const paymentOf = (id: string): ClaimPayment => remittance.claims.find((c) => c.patientControlNumber === id)!;
    const built = originals.map((o) => nextPayerClaimFrom835(o, payerAnswerFromClaimPayment(paymentOf(o.claimId), remittance)));
    const secondaries = built.map((b) => (b.status === 'built' ? b.claim : undefined)).filter((c): c is Claim => c !== undefined);
    const text = secondaries.length === originals.length ? write837(secondaries, `COB-${kind}`) : '';
    const path = join(tmp, `${kind}.secondary.837`);
    writeFileSync(path, text);

    it('the primary claims (further coverage as a 2320 without AMT*D) scrub clean and validate', async () => {
      const primary = join(tmp, `${kind}.primary.837`);
      writeFileSync(primary, write837(originals, `PRI-${kind}`));
      expect(allFindings(await readFile(primary))).toEqual([]);
      expect(readFileSync(primary, 'utf8')).not.toContain('AMT*D*');
    });

    it('the 835 reads clean and every claim of the batch gets its secondary', () => {
      expect(allFindings(report)).toEqual([]);
      expect(built.map((b) => b.status)).toEqual(originals.map(() => 'built'));
      expect(secondaries.map((c) => [c.claimId, c.subscriber.responsibility, c.payer.id])).toEqual(originals.map((o) => [`${o.claimId}-S`, 'secondary', o.otherPayers.find((p) => p.responsibility === 'secondary')!.payer.id]));
    });

    it('is byte-exact the expected 837', () => {
      const golden = join(dir, `${kind}.secondary.837`);
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });

    it('validates with zero findings, SNIP 3 COB balance included', async () => {
      const validated = await readFile(path);
      expect(allFindings(validated)).toEqual([]);
      const sets = validated.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions));
      expect(sets.map((t) => [t.status, t.guideId])).toEqual([['A', { professional: '837P', institutional: '837I', dental: '837D' }[kind]]]);
    });

    it('the validator runs the COB balance: a paid amount off by one dollar fails SNIP 3', async () => {
      const primaryPaid = new Decimal(paymentOf(originals[0].claimId).paid).toFixed();
      const off = new Decimal(primaryPaid).plus(1).toFixed();
      expect(text).toContain(`AMT*D*${primaryPaid}~`);
      const bad = join(tmp, `${kind}.bad.837`);
      writeFileSync(bad, text.replace(`AMT*D*${primaryPaid}~`, `AMT*D*${off}~`));
      const codes = allFindings(await readFile(bad)).map((f) => [f.code, f.snip]);
      expect(codes).toEqual([['837-COB-CLAIM-BALANCE', 3]]);
    });

    it('the validator runs the line COB balance: a line paid amount (SVD02) off by one dollar fails SNIP 3', async () => {
      const svd = /SVD\*([^*]+)\*([^*~]+)\*/.exec(text)!;
      const bad = join(tmp, `${kind}.bad-line.837`);
      writeFileSync(bad, text.replace(svd[0], `SVD*${svd[1]}*${new Decimal(svd[2]).plus(1).toFixed()}*`));
      const codes = allFindings(await readFile(bad)).map((f) => [f.code, f.snip, f.position.loop]);
      expect(codes).toEqual([['837-COB-LINE-BALANCE', 3, '2430']]);
    });

    it('reads back with the 835\'s COB amounts (837 reader vs 835 reader)', () => {
      const { claims } = read837(text, `${kind}.secondary.837`);
      expect(claims.map((c) => c.findings)).toEqual(claims.map(() => []));
      expect(claims.length).toBe(originals.length);
      for (const original of originals) {
        const back = claims.find((c) => c.claim?.claimId === `${original.claimId}-S`)!.claim!;
        const clp = paymentOf(original.claimId);
        const primary = back.otherPayers.find((o) => o.responsibility === 'primary')!;
        expect(primary.payer.id).toBe(original.payer.id);
        expect(primary.subscriber.memberId).toBe(original.subscriber.memberId);
        expect(new Decimal(primary.paidAmount!).equals(clp.paid)).toBe(true);
        expect(new Decimal(primary.remainingPatientLiability!).equals(clp.patientResponsibilityAmount!)).toBe(true);
        expect(primary.claimControlNumber).toBe(clp.payerClaimControlNumber);
        expect(cas(primary.claimAdjustments)).toEqual(cas(clp.adjustments));
        if (clp.lines.length === 0) expect(primary.adjudicationDate).toBe(remittance.payment.date);
        expect(primary.lineAdjudications.map((l) => [l.line, new Decimal(l.paidAmount).toFixed(2), cas(l.adjustments), l.adjudicationDate])).toEqual(
          clp.lines.map((l, i) => [i + 1, l.paid.toFixed(2), cas(l.adjustments), remittance.payment.date]),
        );
        // Everything the primary did adds up to the charge, as read back.
        const accounted = new Decimal(primary.paidAmount!).plus(sumOf(primary.claimAdjustments)).plus(primary.lineAdjudications.reduce((s, l) => s.plus(sumOf(l.adjustments)), new Decimal(0)));
        expect(accounted.equals(back.totalCharge)).toBe(true);
        expect(back.subscriber.responsibility).toBe('secondary');
        expect(back.subscriber.memberId).toBe(original.otherPayers.find((p) => p.responsibility === 'secondary')!.subscriber.memberId);
      }
    });
  });
}
