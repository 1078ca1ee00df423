/**
 * Issue 12, round 7: a response file's practice stamp after each remittance (src/ledger/tenants.ts
 * `stampFilePracticeAfterRemittance`). It must equal the whole-file `stampFilePractice` after every
 * remittance of a file — no claims yet, one practice, a second practice (NULL), more claims after NULL,
 * next-payer-free chunks and whole 835s — and, once the file has matched claims, posting another
 * remittance must not run the whole-file query (which read every claim the file had moved: quadratic over
 * a 1 GB 835 of ~860 remittances). Likewise an intake batch's stamp after each chunk of claims
 * (`stampFilePracticeAfterChunk`, round 10: the whole-batch query after every chunk made a 20,000-claim
 * intake's chunks grow from ~30 to ~130 ms). Runs on SQLite and (postgres-suite.test.ts) PostgreSQL.
 */
import { sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../../src/ledger/index.js';
import type { ClaimPaymentPosting } from '../../../src/ledger/remittance-postings.js';
import { beginIntakeBatch, recordIntakeChunk } from '../../../src/ledger/intake-chunks.js';
import { stampFilePractice, syncPractices } from '../../../src/ledger/tenants.js';
import { seededLedgers } from '../../helpers/seeded-ledgers.js';
import { pcnOf } from '../../../bench/large-835.js';

const ledgerWith = seededLedgers();

function payment(i: number | string): ClaimPaymentPosting {
  const pcn = typeof i === 'number' ? pcnOf(i) : i;
  return { patientControlNumber: pcn, statusCode: '1', billed: '125.00', paid: '100.00', patientResponsibility: '25.00', payerClaimNumber: `P${pcn}`, adjustments: [{ group: 'PR', reason: '1', amount: '25.00' }], lines: [], remarks: [] };
}
const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => payment(from + k));

/** Counts the statements that read the claims of a whole file through claim_events (the whole-file stamp). */
function wholeFileStampCounter(): KyselyPlugin & { count: number } {
  const counter = {
    count: 0,
    transformQuery(args: { node: RootOperationNode }) {
      const node = args.node as unknown as { kind: string; sqlFragments?: readonly string[] };
      if (node.kind === 'RawNode' && node.sqlFragments?.join('?').includes('FROM claim_events WHERE source_file_id')) counter.count++;
      return args.node;
    },
    transformResult: (args: Parameters<KyselyPlugin['transformResult']>[0]) => Promise.resolve(args.result),
  };
  return counter;
}

const stampOf = async (ledger: Ledger, fileId: string) => (await ledger.db.selectFrom('files').select('practice_id').where('id', '=', fileId).executeTakeFirstOrThrow()).practice_id;

describe("a response file's practice stamp, remittance by remittance", () => {
  it('equals the whole-file stamp after every remittance, chunked or whole', async () => {
    const ledger = await ledgerWith(60);
    // Claims 0–29 belong to practice alpha, 30–39 to beta, the rest to the default practice.
    await ledger.db.updateTable('claims').set({ practice_id: 'alpha' }).where('patient_control_number', 'in', Array.from({ length: 30 }, (_, i) => pcnOf(i))).execute();
    await ledger.db.updateTable('claims').set({ practice_id: 'beta' }).where('patient_control_number', 'in', Array.from({ length: 10 }, (_, i) => pcnOf(30 + i))).execute();
    const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'mixed.835', sha256: 'mixed', size: 1, kind: '835' })).file;
    const received = await stampOf(ledger, file.id);
    const steps: Array<{ claims: ClaimPaymentPosting[]; chunked: boolean; expected: string | null }> = [
      { claims: [payment('NOT-OURS-1'), payment('NOT-OURS-2')], chunked: true, expected: received }, // nothing matched: the stamp stays
      { claims: range(0, 5), chunked: true, expected: 'alpha' }, // the file's first claims
      { claims: range(5, 3), chunked: false, expected: 'alpha' },
      { claims: [payment('NOT-OURS-3')], chunked: true, expected: 'alpha' },
      { claims: range(8, 6), chunked: true, expected: 'alpha' },
      { claims: [...range(14, 2), ...range(30, 2)], chunked: true, expected: null }, // a second practice
      { claims: range(16, 4), chunked: false, expected: null },
      { claims: range(40, 3), chunked: true, expected: null },
    ];
    let trace = 0;
    for (const step of steps) {
      const header = { payerKey: '1SIMPAYER', traceNumber: `T${++trace}`, paymentAmount: (100 * step.claims.length).toFixed(2), paymentMethod: 'CHK', providerAdjustments: [] };
      if (step.chunked) {
        const opened = await ledger.openRemittance(file.id, 'demo', header, { balanced: true }, { markFile: false });
        if (opened.duplicate) throw new Error('not expected');
        for (let k = 0; k < step.claims.length; k += 2) await ledger.postRemittanceChunk(file.id, 'demo', opened.remittanceId, k, step.claims.slice(k, k + 2), { markFile: false, last: k + 2 >= step.claims.length });
      } else {
        await ledger.postRemittance(file.id, 'demo', { ...header, claims: step.claims }, { markFile: false });
      }
      const after = await stampOf(ledger, file.id);
      expect(after, `after T${trace}`).toBe(step.expected);
      await stampFilePractice(ledger.db, file.id);
      expect(await stampOf(ledger, file.id), `whole-file stamp after T${trace}`).toBe(after);
    }
  });

  it('a file with several practices from its first claims is NULL, and one whose claims are all of the default practice keeps it', async () => {
    const ledger = await ledgerWith(10);
    await ledger.db.updateTable('claims').set({ practice_id: 'beta' }).where('patient_control_number', '=', pcnOf(1)).execute();
    const mixed = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'm.835', sha256: 'm', size: 1, kind: '835' })).file;
    await ledger.postRemittance(mixed.id, 'demo', { payerKey: '1SIMPAYER', traceNumber: 'M1', paymentAmount: '200.00', paymentMethod: 'CHK', providerAdjustments: [], claims: range(0, 2) });
    expect(await stampOf(ledger, mixed.id)).toBeNull();
    const plain = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'p.835', sha256: 'p', size: 1, kind: '835' })).file;
    await ledger.postRemittance(plain.id, 'demo', { payerKey: '1SIMPAYER', traceNumber: 'P1', paymentAmount: '200.00', paymentMethod: 'CHK', providerAdjustments: [], claims: range(2, 2) });
    await ledger.postRemittance(plain.id, 'demo', { payerKey: '1SIMPAYER', traceNumber: 'P2', paymentAmount: '200.00', paymentMethod: 'CHK', providerAdjustments: [], claims: range(4, 2) });
    expect(await stampOf(ledger, plain.id)).toBe('default');
    await stampFilePractice(ledger.db, plain.id);
    expect(await stampOf(ledger, plain.id)).toBe('default');
  });

  it('does not read the whole file again for each remittance once the file has matched claims', async () => {
    const seeded = await ledgerWith(40);
    const counter = wholeFileStampCounter();
    const ledger = createLedger(seeded.db.withPlugin(counter));
    const file = (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'big.835', sha256: 'big', size: 1, kind: '835' })).file;
    for (let r = 0; r < 8; r++) {
      const header = { payerKey: '1SIMPAYER', traceNumber: `B${r}`, paymentAmount: '500.00', paymentMethod: 'CHK', providerAdjustments: [] };
      const opened = await ledger.openRemittance(file.id, 'demo', header, { balanced: true }, { markFile: false });
      if (opened.duplicate) throw new Error('not expected');
      await ledger.postRemittanceChunk(file.id, 'demo', opened.remittanceId, 0, range(r * 5, 5), { markFile: false, last: true });
    }
    // The first remittance stamps the file from scratch (its first claims); the seven after it do not.
    expect(counter.count).toBe(1);
    expect(await stampOf(ledger, file.id)).toBe('default');
    const events = await sql<{ n: number }>`SELECT count(*) AS n FROM claim_events WHERE source_file_id = ${file.id}`.execute(ledger.db);
    expect(Number(events.rows[0]!.n)).toBe(40);
  });
});

/** An intake claim of billing provider `npi` (the practice comes from the provider: tenants.ts). */
const intakeClaim = (index: number, npi: string) => ({ index, partnerId: 'demo', payerId: 'SIMPAYER', claimType: '837P', patientControlNumber: `IN${index}`, totalCharge: '10.00', serviceDate: '2024-03-01', lines: [{ lineNumber: 1, charge: '10.00' }], data: { billingProvider: { npi, taxId: '000000000' }, n: index } });

describe("an intake batch's practice stamp, chunk by chunk", () => {
  const NPI = { alpha: '1111111112', beta: '2222222224', other: '3333333336' };
  const practices = [
    { id: 'alpha', name: 'Alpha', billingProviderNpis: [NPI.alpha] },
    { id: 'beta', name: 'Beta', billingProviderNpis: [NPI.beta] },
  ];

  it('equals the whole-file stamp after every chunk: one practice, a second (NULL), more after NULL, a chunk redone', async () => {
    const ledger = await ledgerWith(0);
    await syncPractices(ledger.db, practices);
    const sha = 'c'.repeat(64);
    const file = await beginIntakeBatch(ledger.db, { name: 'b.json', sha256: sha, size: 1, partnerId: 'demo', localPath: '/x/b.json', claims: 12, at: '2024-03-04T00:00:00.000Z' });
    const steps: Array<{ claims: ReturnType<typeof intakeClaim>[]; expected: string | null }> = [
      { claims: [0, 1, 2].map((i) => intakeClaim(i, NPI.alpha)), expected: 'alpha' }, // the batch's first claims
      { claims: [3, 4].map((i) => intakeClaim(i, NPI.alpha)), expected: 'alpha' },
      { claims: [0, 1, 2].map((i) => intakeClaim(i, NPI.alpha)), expected: 'alpha' }, // a chunk redone after a restart: nothing new
      { claims: [intakeClaim(5, NPI.alpha), intakeClaim(6, NPI.beta)], expected: null }, // a second practice
      { claims: [7, 8].map((i) => intakeClaim(i, NPI.alpha)), expected: null },
      { claims: [intakeClaim(9, NPI.other)], expected: null }, // the default practice too
    ];
    for (const [k, step] of steps.entries()) {
      await recordIntakeChunk(ledger.db, { fileId: file.id, batchSha: sha, claims: step.claims, at: '2024-03-04T00:00:00.000Z' });
      const after = await stampOf(ledger, file.id);
      expect(after, `after chunk ${k}`).toBe(step.expected);
      await stampFilePractice(ledger.db, file.id);
      expect(await stampOf(ledger, file.id), `whole-file stamp after chunk ${k}`).toBe(after);
    }
    // A batch of one practice other than its partner's: the first chunk moves the stamp to it.
    const sha2 = 'd'.repeat(64);
    const other = await beginIntakeBatch(ledger.db, { name: 'o.json', sha256: sha2, size: 1, partnerId: 'demo', localPath: '/x/o.json', claims: 2, at: '2024-03-04T00:00:00.000Z' });
    expect(other.practice_id).toBe('default');
    await recordIntakeChunk(ledger.db, { fileId: other.id, batchSha: sha2, claims: [intakeClaim(0, NPI.beta)], at: '2024-03-04T00:00:00.000Z' });
    expect(await stampOf(ledger, other.id)).toBe('beta');
    await recordIntakeChunk(ledger.db, { fileId: other.id, batchSha: sha2, claims: [intakeClaim(1, NPI.alpha)], at: '2024-03-04T00:00:00.000Z' });
    expect(await stampOf(ledger, other.id)).toBeNull();
  });

  it('reads the whole batch once (its first chunk), not after every chunk', async () => {
    const seeded = await ledgerWith(0);
    await syncPractices(seeded.db, practices);
    const counter = wholeFileStampCounter();
    const db = seeded.db.withPlugin(counter);
    const sha = 'e'.repeat(64);
    const file = await beginIntakeBatch(db, { name: 'big.json', sha256: sha, size: 1, partnerId: 'demo', localPath: '/x/big.json', claims: 40, at: '2024-03-04T00:00:00.000Z' });
    for (let c = 0; c < 8; c++) await recordIntakeChunk(db, { fileId: file.id, batchSha: sha, claims: Array.from({ length: 5 }, (_, k) => intakeClaim(c * 5 + k, NPI.alpha)), at: '2024-03-04T00:00:00.000Z' });
    expect(counter.count).toBe(1);
    expect(await stampOf(seeded, file.id)).toBe('alpha');
    const claims = await sql<{ n: number }>`SELECT count(*) AS n FROM claims WHERE batch_file_id = ${file.id}`.execute(seeded.db);
    expect(Number(claims.rows[0]!.n)).toBe(40);
  });
});
