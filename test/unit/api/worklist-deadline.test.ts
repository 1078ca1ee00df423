/**
 * Issue 16 item 2: the worklist sorts and filters by deadline (timely filing or appeal window), which is
 * computed outside SQL from the denial knowledge base, the payer's own windows and the remittance's date.
 * Five denials with deadlines known by hand: the page and /v1/worklist list them in exactly that order,
 * `dueWithinDays` keeps those due by today + N (overdue ones included), combines with another sort, totals
 * the kept set's dollars; an invalid value is shown next to its filter (page) or named in a 400 (API).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createLedger, openLedgerDb, sha256, type IntakeClaim, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { worklistKeyPages } from '../../../src/ledger/workbench-queries.js';
import { fakeBuild } from '../ledger/fixtures.js';

const TOKEN = 'deadline-token-0123456789abcdef';
const NOW = new Date('2026-03-20T12:00:00.000Z');
const auth = { authorization: `Bearer ${TOKEN}` };

/**
 * Payer windows: P1 appeal 30 / timely filing 60 days, P2 45 / 90. CO-50 → appeal, CO-4 → timely filing.
 * Due = payment date + window.
 */
const CASES = [
  { pcn: 'DL-A', payer: 'P1', carc: '50', charge: '100.00', paid: '2026-03-02', due: '2026-04-01' },
  { pcn: 'DL-B', payer: 'P2', carc: '50', charge: '300.00', paid: '2026-03-02', due: '2026-04-16' },
  { pcn: 'DL-C', payer: 'P1', carc: '4', charge: '50.00', paid: '2026-03-02', due: '2026-05-01' },
  { pcn: 'DL-D', payer: 'P2', carc: '4', charge: '200.00', paid: '2026-02-01', due: '2026-05-02' },
  { pcn: 'DL-E', payer: 'P1', carc: '50', charge: '150.25', paid: '2026-02-10', due: '2026-03-12' },
];

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let server: Awaited<ReturnType<typeof buildServer>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wl-deadline-'));
  handle = await openLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db, { now: () => new Date('2026-01-20T10:00:00.000Z') });
  const claims: IntakeClaim[] = CASES.map((c, i) => ({
    index: i,
    partnerId: 'demo',
    payerId: c.payer,
    claimType: '837P',
    patientControlNumber: c.pcn,
    totalCharge: c.charge,
    serviceDate: '2026-01-15',
    lines: [{ lineNumber: 1, procedureCode: '99213', charge: c.charge, units: '1' }],
    data: { subscriber: { memberId: `M${i}`, name: { last: `LAST${i}`, first: 'X' } } },
  }));
  const rec = await ledger.recordBatch({ name: 'dl.json', sha256: sha256('dl'), size: 1, partnerId: 'demo', claims });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'dl', claimIds: rec.claimIds, build: fakeBuild(rec.claimIds) });
  await ledger.markUploaded(g.fileId, 'remote/dl');
  // One remittance per claim, each on its own payment date.
  for (const c of CASES) {
    const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: `${c.pcn}.835`, sha256: sha256(`${c.pcn}.835`), size: 1, kind: '835' });
    await ledger.postRemittance(f.file.id, 'demo', {
      payerKey: '1999999999',
      traceNumber: `TRN-${c.pcn}`,
      paymentAmount: '0.00',
      paymentMethod: 'NON',
      paymentDate: c.paid,
      payerName: 'TEST PAYER',
      providerAdjustments: [],
      claims: [{ patientControlNumber: c.pcn, statusCode: '4', billed: c.charge, paid: '0.00', patientResponsibility: '0.00', payerClaimNumber: `PCN-${c.pcn}`, adjustments: [{ group: 'CO', reason: c.carc, amount: c.charge }], lines: [] }],
    });
  }
  server = await buildServer({
    deps: { ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'], now: () => NOW, denialDeadlines: { demo: { P1: { appealWindowDays: 30, timelyFilingDays: 60 }, P2: { appealWindowDays: 45, timelyFilingDays: 90 } } } } },
    logger: false,
  });
});

afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Body {
  total: number;
  totalCharge: string;
  items: Array<{ claimId: string; reasons: Array<{ deadline?: { dueDate?: string } }> }>;
  filters?: Array<{ filter: string; message: string }>;
}
const api = async (q: string) => {
  const res = await server.inject({ url: `/v1/worklist?${q}`, headers: auth });
  return { status: res.statusCode, body: res.json() as Body };
};
const pageOrder = (body: string) => [...body.matchAll(/<tr data-claim="[^"]+"[^>]*><td><a href="\/claims\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('worklist by deadline (issue 16)', () => {
  it('each claim carries the due date known by hand (the fixture is what the test says)', async () => {
    const { status, body } = await api('limit=100');
    expect(status).toBe(200);
    const due = Object.fromEntries(body.items.map((i) => [i.claimId, i.reasons.map((r) => r.deadline?.dueDate)]));
    expect(due).toEqual(Object.fromEntries(CASES.map((c) => [c.pcn, [c.due]])));
  });

  it('sort=deadline lists the soonest deadline first (asc by default), and latest first with dir=desc', async () => {
    expect((await api('sort=deadline')).body.items.map((i) => i.claimId)).toEqual(['DL-E', 'DL-A', 'DL-B', 'DL-C', 'DL-D']);
    expect((await api('sort=deadline&dir=desc')).body.items.map((i) => i.claimId)).toEqual(['DL-D', 'DL-C', 'DL-B', 'DL-A', 'DL-E']);
    // Paging slices the sorted set.
    const second = await api('sort=deadline&limit=2&offset=2');
    expect(second.body.items.map((i) => i.claimId)).toEqual(['DL-B', 'DL-C']);
    expect(second.body.total).toBe(5);
    expect(second.body.totalCharge).toBe('800.25');
  });

  it('dueWithinDays keeps the claims due by today + N (overdue included), with their total, in any sort', async () => {
    const within = await api('dueWithinDays=30&sort=deadline');
    expect(within.body.items.map((i) => i.claimId)).toEqual(['DL-E', 'DL-A', 'DL-B']);
    expect(within.body.total).toBe(3);
    expect(within.body.totalCharge).toBe('550.25');
    const byAmount = await api('dueWithinDays=30&sort=amount');
    expect(byAmount.body.items.map((i) => i.claimId)).toEqual(['DL-B', 'DL-E', 'DL-A']);
    expect((await api('dueWithinDays=0')).body.items.map((i) => i.claimId)).toEqual(['DL-E']);
    expect((await api('dueWithinDays=42&payer=P2')).body.items.map((i) => i.claimId)).toEqual(['DL-B']);
  });

  it('an invalid dueWithinDays is a 400 naming it', async () => {
    const bad = await api('dueWithinDays=soon');
    expect(bad.status).toBe(400);
    expect(bad.body.filters?.map((f) => f.filter)).toEqual(['dueWithinDays']);
  });

  it('the page sorts and filters the same way, and shows an invalid value next to the filter', async () => {
    const sorted = await server.inject({ url: '/worklist?sort=deadline', headers: auth });
    expect(sorted.statusCode).toBe(200);
    expect(pageOrder(sorted.body)).toEqual(['DL-E', 'DL-A', 'DL-B', 'DL-C', 'DL-D']);
    expect(sorted.body).toMatch(/<option value="deadline" selected>/);
    const within = await server.inject({ url: '/worklist?sort=deadline&dueWithinDays=30', headers: auth });
    expect(pageOrder(within.body)).toEqual(['DL-E', 'DL-A', 'DL-B']);
    expect(within.body).toMatch(/<input name="dueWithinDays"[^>]*value="30"/);
    const bad = await server.inject({ url: '/worklist?dueWithinDays=-3', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<input name="dueWithinDays"[^>]*aria-invalid="true" aria-describedby="err-dueWithinDays"/);
    expect(bad.body).toMatch(/<span class="field-error" id="err-dueWithinDays" role="alert">A number of days/);
    expect(pageOrder(bad.body)).toEqual([]);
  });

  it('the worklist keys are read in pages that cover the set once', async () => {
    const pages: string[][] = [];
    for await (const p of worklistKeyPages(handle.db, {}, 2)) pages.push(p);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const all = pages.flat();
    expect(new Set(all).size).toBe(5);
    expect(all).toEqual([...all].sort());
  });
});
