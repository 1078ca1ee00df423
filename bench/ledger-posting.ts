/**
 * Ledger throughput: recording a batch, generating interchanges (control numbers + bytes + claim
 * assignment), marking uploads, posting 999 / 277CA / 835 — N synthetic claims, SQLite in a temp folder
 * with WAL and synchronous=FULL. Run: `npx tsx bench/ledger-posting.ts [claims]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLedger, openLedgerDb, sha256, type IntakeClaim } from '../src/ledger/index.js';

async function main() {
  const n = Number(process.argv[2] ?? '5000');
  const perFile = 500;
  const dir = mkdtempSync(join(tmpdir(), 'bench-ledger-'));
  const handle = await openLedgerDb({ dataDir: dir });
  const ledger = createLedger(handle.db);
  const claims: IntakeClaim[] = Array.from({ length: n }, (_, i) => ({
    index: i,
    partnerId: 'bench',
    payerId: 'P1',
    claimType: '837P',
    patientControlNumber: `B${i}`,
    totalCharge: '150.00',
    serviceDate: '2024-03-01',
    lines: [
      { lineNumber: 1, charge: '100.00', procedureCode: '99213' },
      { lineNumber: 2, charge: '50.00', procedureCode: '85025' },
    ],
    data: { i },
  }));
  const t: Record<string, number> = {};
  let s = performance.now();
  const batch = await ledger.recordBatch({ name: 'bench.json', sha256: sha256(String(n)), size: 1, claims });
  t.recordBatch = performance.now() - s;

  s = performance.now();
  const files: Array<{ fileId: string; gs: number }> = [];
  for (let i = 0; i < n; i += perFile) {
    const ids = batch.claimIds.slice(i, i + perFile);
    const g = await ledger.generateInterchange({
      partnerId: 'bench',
      chunkKey: `bench:${i}`,
      claimIds: ids,
      build: (num) => ({ text: `ISA ${num.interchange}`, fileName: `f${num.interchange}`, kind: '837P', functionalId: 'HC', version: '005010X222A1', transactions: [{ controlNumber: '0001', type: '837', claimIds: ids }] }),
    });
    files.push({ fileId: g.fileId, gs: g.groupControl });
  }
  t.generate = performance.now() - s;

  s = performance.now();
  for (const f of files) await ledger.markUploaded(f.fileId, 'x');
  t.markUploaded = performance.now() - s;

  s = performance.now();
  for (const f of files) {
    const r = await ledger.recordFile({ direction: 'in', partnerId: 'bench', name: `a${f.gs}`, sha256: sha256(`999-${f.gs}`), size: 1, kind: '999' });
    await ledger.post999(r.file.id, 'bench', { groups: [{ groupControl: String(f.gs), status: 'A', transactions: [{ controlNumber: '0001', status: 'A' }] }] });
  }
  t.post999 = performance.now() - s;

  s = performance.now();
  const status = await ledger.recordFile({ direction: 'in', partnerId: 'bench', name: 's', sha256: sha256('277'), size: 1, kind: '277CA' });
  await ledger.postClaimStatus(status.file.id, 'bench', { claims: claims.map((c) => ({ patientControlNumber: c.patientControlNumber, category: 'A2', statusCode: '20', outcome: 'payer-accepted' as const })) });
  t.post277CA = performance.now() - s;

  s = performance.now();
  const remit = await ledger.recordFile({ direction: 'in', partnerId: 'bench', name: 'r', sha256: sha256('835'), size: 1, kind: '835' });
  await ledger.postRemittance(remit.file.id, 'bench', {
    payerKey: '1999999999',
    traceNumber: 'T1',
    paymentAmount: String(n * 100),
    paymentMethod: 'CHK',
    claims: claims.map((c) => ({
      patientControlNumber: c.patientControlNumber,
      statusCode: '1',
      billed: '150.00',
      paid: '100.00',
      patientResponsibility: '20.00',
      adjustments: [],
      lines: [
        { lineNumber: 1, charge: '100.00', paid: '70.00', adjustments: [{ group: 'CO', reason: '45', amount: '20.00' }, { group: 'PR', reason: '2', amount: '10.00' }] },
        { lineNumber: 2, charge: '50.00', paid: '30.00', adjustments: [{ group: 'CO', reason: '45', amount: '10.00' }, { group: 'PR', reason: '2', amount: '10.00' }] },
      ],
    })),
    providerAdjustments: [],
  });
  t.post835 = performance.now() - s;

  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  const out = Object.fromEntries(Object.entries(t).map(([k, ms]) => [k, { ms: Math.round(ms), claimsPerSecond: Math.round((n / ms) * 1000) }]));
  process.stdout.write(JSON.stringify({ bench: 'ledger-posting', claims: n, ...out }, null, 2) + '\n');
}

await main();
