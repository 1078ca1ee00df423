/**
 * A large 835 posted in chunks (src/ledger/remittance-postings.ts `openRemittance` / `postRemittanceChunk`):
 * the same ledger as posting it whole, each claim payment exactly once across a resume, and its results
 * and reports read page by page (src/ledger/file-output-pages.ts, src/gateway/streamed-outputs.ts) equal
 * to the ones loaded whole. Runs on SQLite and (test/unit/ledger/postgres-suite.test.ts) PostgreSQL.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../../src/ledger/index.js';
import type { ClaimPaymentPosting, RemittanceHeaderPosting } from '../../../src/ledger/remittance-postings.js';
import { remittanceContentKey } from '../../../src/ledger/resent-responses.js';
import { SORTED_KEY_LIMIT, StreamedContentKey } from '../../../src/ledger/streamed-content-key.js';
import { buildResults, writeReports, writeResults } from '../../../src/gateway/outputs.js';
import { writeStreamedOutputs } from '../../../src/gateway/streamed-outputs.js';
import { seededLedgers } from '../../helpers/seeded-ledgers.js';
import { pcnOf } from '../../../bench/large-835.js';
import type { KyselyPlugin } from 'kysely';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ledgerWith = seededLedgers();

function payment(i: number): ClaimPaymentPosting {
  const denied = i % 5 === 0;
  return {
    patientControlNumber: i === 6 ? 'NOT-OURS' : pcnOf(i),
    statusCode: denied ? '4' : '1',
    billed: '125.00',
    paid: denied ? '0.00' : '90.00',
    patientResponsibility: denied ? '0.00' : '10.00',
    payerClaimNumber: `P${i}`,
    adjustments: denied ? [] : [{ group: 'PR', reason: '1', amount: '10.00' }],
    lines: [{ lineNumber: 1, lineControl: `${pcnOf(i)}-1`, procedureCode: '99213', charge: '125.00', paid: denied ? '0.00' : '90.00', adjustments: [{ group: 'CO', reason: denied ? '50' : '45', amount: denied ? '125.00' : '25.00' }], remarks: denied ? ['N115'] : [] }],
    remarks: [],
    position: { segmentNumber: 10 + i * 8, transaction: '0001' },
  };
}

const N = 9;
const claims = Array.from({ length: N }, (_, i) => payment(i));
const header: RemittanceHeaderPosting = { payerKey: '1SIMPAYER', traceNumber: 'TRACE-1', paymentAmount: claims.reduce((s, c) => s + Number(c.paid), 0).toFixed(2), paymentMethod: 'CHK', paymentDate: '2026-02-01', payerName: 'SIMULATED PAYER', providerAdjustments: [] };

const snapshot = async (ledger: Ledger) => ({
  claims: (await ledger.listClaims()).map((c) => [c.patient_control_number, c.state, c.paid_amount, c.patient_responsibility, c.payer_claim_number].join(' ')).sort(),
  remittances: (await ledger.listRemittances()).map((r) => [r.trace_number, r.payment_amount, r.balanced].join(' ')),
  unmatched: (await ledger.listUnmatched()).map((u) => u.reason).sort(),
});

describe('an 835 posted in chunks', () => {
  it('leaves the ledger as posting it whole does, and each claim payment is posted once across a resume', async () => {
    const whole = await ledgerWith(N);
    const wholeFile = (await whole.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.835', sha256: 'a', size: 1, kind: '835' })).file;
    await whole.postRemittance(wholeFile.id, 'demo', { ...header, claims });

    const chunked = await ledgerWith(N);
    const file = (await chunked.recordFile({ direction: 'in', partnerId: 'demo', name: 'a.835', sha256: 'a', size: 1, kind: '835' })).file;
    const summary = { contentKey: remittanceContentKey({ payerKey: header.payerKey, claims }), balanced: true };
    const opened = await chunked.openRemittance(file.id, 'demo', header, summary);
    if (opened.duplicate) throw new Error('not expected');
    expect(opened).toMatchObject({ claimsPosted: 0, resumed: false });
    await chunked.postRemittanceChunk(file.id, 'demo', opened.remittanceId, 0, claims.slice(0, 4));
    // A crash here; the file is posted again: the remittance is resumed after its 4 claim payments.
    const again = await chunked.openRemittance(file.id, 'demo', header, summary);
    expect(again).toEqual({ duplicate: false, remittanceId: opened.remittanceId, claimsPosted: 4, resumed: true });
    // A chunk that does not start where the posted ones end is refused (never posted twice).
    await expect(chunked.postRemittanceChunk(file.id, 'demo', opened.remittanceId, 0, claims.slice(0, 4))).rejects.toThrow(/4 claim payments posted, chunk starts at 0/);
    await chunked.postRemittanceChunk(file.id, 'demo', opened.remittanceId, 4, claims.slice(4, 8));
    await chunked.postRemittanceChunk(file.id, 'demo', opened.remittanceId, 8, claims.slice(8), { last: true });
    expect((await chunked.getFile(file.id))?.state).toBe('posted');
    expect(await snapshot(chunked)).toEqual(await snapshot(whole));
    expect((await chunked.getRemittance(opened.remittanceId))?.claims).toHaveLength(N);

    // The same payer + TRN02 from another file is a duplicate; the same claim payments under another TRN02 are flagged.
    const other = (await chunked.recordFile({ direction: 'in', partnerId: 'demo', name: 'b.835', sha256: 'b', size: 1, kind: '835' })).file;
    expect(await chunked.openRemittance(other.id, 'demo', header, summary)).toMatchObject({ duplicate: true, resent: false, duplicateOf: opened.remittanceId });
    const third = (await chunked.recordFile({ direction: 'in', partnerId: 'demo', name: 'c.835', sha256: 'c', size: 1, kind: '835' })).file;
    expect(await chunked.openRemittance(third.id, 'demo', { ...header, traceNumber: 'TRACE-2' }, summary)).toMatchObject({ duplicate: true, resent: true });
    expect((await chunked.getFile(third.id))?.state).toBe('duplicate');
  });

  it('writes results and reports page by page with the content of the whole ones (claims by ledger id)', async () => {
    const ledger = await ledgerWith(N);
    const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'demo__a.835', sha256: 'a', size: 1, kind: '835' })).file;
    await ledger.postRemittance(file.id, 'demo', { ...header, claims });
    const posted = (await ledger.getFile(file.id))!;
    const f = { id: file.id, name: 'demo__a.835', kind: '835' };
    const whole = mkdtempSync(join(tmpdir(), 'x12gw-out-whole-'));
    const paged = mkdtempSync(join(tmpdir(), 'x12gw-out-paged-'));
    dirs.push(whole, paged);
    const doc = await buildResults(ledger, f, posted.updated_at);
    writeResults(join(whole, 'results'), doc);
    await writeReports(join(whole, 'reports'), ledger, f, doc);
    const streamed = await writeStreamedOutputs({ results: join(paged, 'results'), reports: join(paged, 'reports') }, ledger, f, posted.updated_at);
    expect(streamed).toEqual({ ...doc, claims: [], claimsOmitted: doc.claims.length });
    const read = (root: string, name: string) => readFileSync(join(root, name), 'utf8');
    const byLedgerId = (text: string) => {
      const d = JSON.parse(text) as { claims: Array<{ ledgerId: string }> };
      return { ...d, claims: [...d.claims].sort((a, b) => a.ledgerId.localeCompare(b.ledgerId)) };
    };
    const sortedCsv = (text: string) => {
      const [head, ...rows] = text.trimEnd().split('\n');
      return [head, ...rows.sort()];
    };
    expect(byLedgerId(read(paged, 'results/demo__a.835.json'))).toEqual(byLedgerId(read(whole, 'results/demo__a.835.json')));
    expect(sortedCsv(read(paged, 'results/demo__a.835.csv'))).toEqual(sortedCsv(read(whole, 'results/demo__a.835.csv')));
    expect(byLedgerId(read(paged, 'reports/demo__a.835.report.json'))).toEqual(byLedgerId(read(whole, 'reports/demo__a.835.report.json')));
    expect(read(paged, 'reports/demo__a.835.report.csv')).toBe(read(whole, 'reports/demo__a.835.report.csv'));
    expect(read(paged, 'reports/demo__a.835.report.html')).toBe(read(whole, 'reports/demo__a.835.report.html'));
    // Formatting as JSON.stringify(…, null, 2) prints it.
    const text = read(paged, 'results/demo__a.835.json');
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
  });
});

/** Counts the statements a ledger sends (a Kysely plugin sees every query, raw SQL included). */
function statementCounter(): KyselyPlugin & { count: number } {
  const counter = {
    count: 0,
    transformQuery(args: Parameters<KyselyPlugin['transformQuery']>[0]) {
      counter.count++;
      return args.node;
    },
    transformResult: (args: Parameters<KyselyPlugin['transformResult']>[0]) => Promise.resolve(args.result),
  };
  return counter;
}

describe('a chunk of claim payments is posted in bulk (src/ledger/posting-batch.ts)', () => {
  it('sends a few statements per chunk, not one per claim payment, and every claim gets its money', async () => {
    const n = 2000;
    const seeded = await ledgerWith(n);
    const counter = statementCounter();
    const ledger = createLedger(seeded.db.withPlugin(counter));
    const many = Array.from({ length: n }, (_, i) => ({ ...payment(i), patientControlNumber: pcnOf(i) }));
    const head = { ...header, traceNumber: 'TRACE-BULK', paymentAmount: many.reduce((s, c) => s + Number(c.paid), 0).toFixed(2) };
    const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'bulk.835', sha256: 'bulk', size: 1, kind: '835' })).file;
    const opened = await ledger.openRemittance(file.id, 'demo', head, { balanced: true });
    if (opened.duplicate) throw new Error('not expected');
    counter.count = 0;
    await ledger.postRemittanceChunk(file.id, 'demo', opened.remittanceId, 0, many, { last: true });
    // One UPDATE per claim payment made this 2,000+; bulk statements keep it to a few dozen.
    expect(counter.count).toBeLessThan(60);
    const claims = await ledger.listClaims();
    expect(claims).toHaveLength(n);
    for (const c of claims) {
      const i = Number(c.patient_control_number.slice(3));
      expect([c.state, c.paid_amount, c.patient_responsibility, c.payer_claim_number]).toEqual(i % 5 === 0 ? ['denied', '0.00', '0.00', `P${i}`] : ['paid', '90.00', '10.00', `P${i}`]);
    }
  });

  it('keeps the later figures when one claim is paid, reversed and paid again within one chunk', async () => {
    const ledger = await ledgerWith(2);
    const paidAgain = { ...payment(1), paid: '80.00', patientResponsibility: '20.00', payerClaimNumber: 'P1-B', adjustments: [{ group: 'PR', reason: '1', amount: '20.00' }] };
    const reversal = { ...payment(1), statusCode: '22', paid: '-90.00', patientResponsibility: '-10.00', adjustments: [{ group: 'PR', reason: '1', amount: '-10.00' }], lines: [] };
    const list = [payment(1), reversal, paidAgain];
    const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'rev.835', sha256: 'rev', size: 1, kind: '835' })).file;
    const opened = await ledger.openRemittance(file.id, 'demo', { ...header, traceNumber: 'TRACE-REV', paymentAmount: '80.00' }, { balanced: true });
    if (opened.duplicate) throw new Error('not expected');
    const result = await ledger.postRemittanceChunk(file.id, 'demo', opened.remittanceId, 0, list, { last: true });
    expect(result).toMatchObject({ transitions: 3, unmatched: 0, refused: 0 });
    const claim = (await ledger.listClaims()).find((c) => c.patient_control_number === pcnOf(1))!;
    expect([claim.state, claim.paid_amount, claim.patient_responsibility, claim.payer_claim_number]).toEqual(['paid', '80.00', '20.00', 'P1-B']);
  });
});

describe('the content key of an 835 read claim by claim', () => {
  const line = (i: number) => ({ patientControlNumber: `C${i}`, statusCode: '1', billed: '10.00', paid: String(i % 7) + '.00', patientResponsibility: '0.00', payerClaimNumber: `P${i}` });
  it('is remittanceContentKey up to the limit, and beyond it the same for the same claim payments in any order', () => {
    const few = Array.from({ length: 50 }, (_, i) => line(i));
    const k = new StreamedContentKey('PAYER');
    few.forEach((c) => k.add(c));
    expect(k.key).toBe(remittanceContentKey({ payerKey: 'PAYER', claims: few as never }));
    const many = Array.from({ length: SORTED_KEY_LIMIT + 10 }, (_, i) => line(i));
    const a = new StreamedContentKey('PAYER');
    many.forEach((c) => a.add(c));
    const b = new StreamedContentKey('PAYER');
    [...many].reverse().forEach((c) => b.add(c));
    const c = new StreamedContentKey('PAYER');
    many.forEach((x, i) => c.add(i === 3 ? { ...x, paid: '99.00' } : x));
    expect(a.key).toMatch(/^m:/);
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
  });
});
