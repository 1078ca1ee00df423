/**
 * The dashboard's denial analytics (issue 15 item 4) against a seeded ledger: every figure equals an
 * independent computation in this test over the raw tables, following the definitions in docs/denials.md
 * (money as decimal.js sums, not the SQL under test). Then the dashboard page shows the same numbers in
 * its tables, the chart assets are served with a long cache under a same-origin CSP, and
 * /v1/denial-analytics answers the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { denialAnalytics, type DenialAnalytics } from '../../../src/ledger/denial-analytics.js';
import { createLedger, sha256, type IntakeClaim, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { fakeBuild } from './fixtures.js';

const TOKEN = 'analytics-token-0123456789abcdef';
let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let clock = new Date('2026-03-01T10:00:00.000Z');

const NPIS = ['1111111112', '2222222220'];
const PROCS = ['99213', '97110', '80053'];

async function seed() {
  const claims: IntakeClaim[] = Array.from({ length: 30 }, (_, i) => ({
    index: i,
    partnerId: 'demo',
    payerId: ['P1', 'P2', 'P3'][i % 3],
    claimType: '837P',
    patientControlNumber: `AN-${String(i + 1).padStart(3, '0')}`,
    totalCharge: new Decimal(120 + ((i * 31) % 97)).plus(new Decimal(i % 5).div(100)).toFixed(2),
    serviceDate: '2026-02-10',
    lines: [
      { lineNumber: 1, procedureCode: PROCS[i % 3], charge: '60.00', units: '1' },
      { lineNumber: 2, procedureCode: PROCS[(i + 1) % 3], charge: '60.00', units: '1' },
    ],
    data: { billingProvider: { npi: NPIS[i % 2] }, subscriber: { memberId: `M${i}` } },
  }));
  const rec = await ledger.recordBatch({ name: 'an.json', sha256: sha256('an'), size: 1, partnerId: 'demo', claims });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'an', claimIds: rec.claimIds, build: fakeBuild(rec.claimIds) });
  await ledger.markUploaded(g.fileId, 'remote/an');
  // Two 835s in different weeks; 4 claims left unanswered.
  for (const [n, from, to, date, at] of [
    [1, 0, 14, '2026-03-04', '2026-03-05T09:00:00.000Z'],
    [2, 14, 26, '2026-03-12', '2026-03-20T09:00:00.000Z'],
  ] as const) {
    clock = new Date(at);
    const items = claims.slice(from, to).map((c, k) => {
      const i = from + k;
      const billed = c.totalCharge;
      switch (i % 5) {
        case 0: // denied, claim level CO-50
          return { patientControlNumber: c.patientControlNumber, statusCode: '4', billed, paid: '0.00', patientResponsibility: '0.00', adjustments: [{ group: 'CO', reason: '50', amount: billed }], lines: [] };
        case 1: // partially paid: line 2 denied CO-97, contract write-off and a copay
          return {
            patientControlNumber: c.patientControlNumber,
            statusCode: '1',
            billed,
            paid: new Decimal(billed).minus('60.00').minus('15.00').minus('10.00').toFixed(2),
            patientResponsibility: '10.00',
            adjustments: [{ group: 'CO', reason: '45', amount: '15.00' }, { group: 'PR', reason: '3', amount: '10.00' }],
            lines: [
              { lineNumber: 1, procedureCode: PROCS[i % 3], charge: '60.00', paid: '35.00', adjustments: [], remarks: [] },
              { lineNumber: 2, procedureCode: PROCS[(i + 1) % 3], charge: '60.00', paid: '0.00', adjustments: [{ group: 'CO', reason: '97', amount: '60.00' }], remarks: [] },
            ],
          };
        case 2: // denied OA-109 (another payer)
          return { patientControlNumber: c.patientControlNumber, statusCode: '4', billed, paid: '0.00', patientResponsibility: '0.00', adjustments: [{ group: 'OA', reason: '109', amount: billed }], lines: [] };
        default: // paid with a contract write-off
          return { patientControlNumber: c.patientControlNumber, statusCode: '1', billed, paid: new Decimal(billed).minus('20.00').toFixed(2), patientResponsibility: '0.00', adjustments: [{ group: 'CO', reason: '45', amount: '20.00' }], lines: [] };
      }
    });
    const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: `an${n}.835`, sha256: sha256(`an${n}.835`), size: 1, kind: '835' });
    await ledger.postRemittance(f.file.id, 'demo', { payerKey: '1999999999', traceNumber: `TRN-AN-${n}`, paymentAmount: items.reduce((s, c) => s.plus(c.paid), new Decimal(0)).toFixed(2), paymentMethod: 'ACH', paymentDate: date, payerName: 'TEST PAYER', providerAdjustments: [], claims: items });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'denial-analytics-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db, { now: () => clock });
  await seed();
});

afterAll(async () => {
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The definitions of docs/denials.md, in plain TypeScript over every row of the tables. */
async function independent(): Promise<DenialAnalytics> {
  const db = handle.db;
  const claims = await db.selectFrom('claims').selectAll().execute();
  const rcs = await db.selectFrom('remittance_claims').selectAll().execute();
  const rems = new Map((await db.selectFrom('remittances').selectAll().execute()).map((r) => [r.id, r]));
  const adjs = await db.selectFrom('adjustments').selectAll().execute();
  const rlines = await db.selectFrom('remittance_lines').selectAll().execute();
  const events = await db.selectFrom('claim_events').selectAll().execute();
  const claimOf = new Map(claims.map((c) => [c.id, c]));
  const rcOf = new Map(rcs.map((r) => [r.id, r]));
  const monday = (d: string) => {
    const x = new Date(`${d}T00:00:00Z`);
    x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7));
    return x.toISOString().slice(0, 10);
  };
  const denials = adjs
    .filter((a) => {
      const rc = rcOf.get(a.remittance_claim_id)!;
      return rc.claim_id && rc.status_code !== '22' && (rc.outcome === 'denied' || rc.outcome === 'partially-paid') && a.group_code !== 'PR' && !['CO-45', 'CO-253', 'OA-23'].includes(`${a.group_code}-${a.reason_code}`) && new Decimal(a.amount).gt(0);
    })
    .map((a) => {
      const rc = rcOf.get(a.remittance_claim_id)!;
      const c = claimOf.get(rc.claim_id!)!;
      const r = rems.get(rc.remittance_id)!;
      return {
        rcId: rc.id,
        claimId: c.id,
        amount: a.amount,
        reason: `${a.group_code}-${a.reason_code}`,
        payer_id: c.payer_id,
        provider: (JSON.parse(c.data) as { billingProvider?: { npi?: string } }).billingProvider?.npi ?? '(none)',
        procedure: a.line_number === null ? '(whole claim)' : (rlines.find((l) => l.remittance_claim_id === rc.id && l.line_number === a.line_number)?.procedure_code ?? '(unknown)'),
        week: monday(r.payment_date ?? r.created_at.slice(0, 10)),
      };
    });
  const group = (k: 'reason' | 'payer_id' | 'procedure' | 'provider' | 'week', byKey: boolean) => {
    const m = new Map<string, { claims: Set<string>; amount: Decimal }>();
    for (const d of denials) {
      const g = m.get(d[k]) ?? { claims: new Set(), amount: new Decimal(0) };
      g.claims.add(d.claimId);
      g.amount = g.amount.plus(d.amount);
      m.set(d[k], g);
    }
    return [...m.entries()].map(([key, g]) => ({ key, claims: g.claims.size, amount: g.amount.toFixed(2) })).sort((a, b) => (byKey ? a.key.localeCompare(b.key) : new Decimal(b.amount).cmp(a.amount) || a.key.localeCompare(b.key)));
  };
  // At risk: every denied / partially paid claim (nobody acted on any here, no replacements), latest payment.
  const latest = (claimId: string) => rcs.filter((r) => r.claim_id === claimId && r.status_code !== '22').sort((a, b) => rems.get(b.remittance_id)!.created_at.localeCompare(rems.get(a.remittance_id)!.created_at))[0]?.id;
  const risky = denials.filter((d) => ['denied', 'partially-paid'].includes(claimOf.get(d.claimId)!.state) && latest(d.claimId) === d.rcId);
  const answeredStates = new Set(['interchange-rejected', 'ack-accepted', 'ack-rejected', 'payer-accepted', 'payer-rejected', 'pending', 'paid', 'partially-paid', 'denied', 'reversed']);
  const firsts = claims.filter((c) => c.visit_id === null || c.visit_id === c.id).filter((c) => events.some((e) => e.claim_id === c.id && answeredStates.has(e.to_state)));
  const accepted = firsts.filter((c) => !events.some((e) => e.claim_id === c.id && ['interchange-rejected', 'ack-rejected', 'payer-rejected', 'denied'].includes(e.to_state)));
  const paid = claims.filter((c) => c.state === 'paid' || c.state === 'partially-paid');
  const days = paid.map((c) => {
    const up = events.filter((e) => e.claim_id === c.id && e.to_state === 'uploaded').map((e) => e.at).sort()[0];
    const pay = rcs.filter((r) => r.claim_id === c.id && r.status_code !== '22').map((r) => rems.get(r.remittance_id)!.created_at).sort()[0];
    return Math.floor((Date.parse(pay) - Date.parse(up)) / 86_400_000);
  });
  const totalDays = days.reduce((s, d) => s + d, 0);
  return {
    byReason: group('reason', false),
    byPayer: group('payer_id', false),
    byProcedure: group('procedure', false),
    byProvider: group('provider', false),
    byWeek: group('week', true),
    atRisk: { claims: new Set(risky.map((d) => d.claimId)).size, amount: risky.reduce((s, d) => s.plus(d.amount), new Decimal(0)).toFixed(2) },
    firstPass: { answered: firsts.length, accepted: accepted.length, rate: new Decimal(accepted.length).div(firsts.length).times(100).toFixed(1) },
    daysInAR: { claims: days.length, days: totalDays, average: new Decimal(totalDays).div(days.length).toFixed(1) },
  };
}

describe('denial analytics (SQL) equal an independent computation over the tables', () => {
  it('has the mix the figures need', async () => {
    const a = await denialAnalytics(handle.db);
    expect(a.byReason.map((r) => r.key).sort()).toEqual(['CO-50', 'CO-97', 'OA-109']);
    expect(a.byWeek.map((w) => w.key)).toEqual(['2026-03-02', '2026-03-09']);
    expect(a.byProcedure.map((p) => p.key)).toContain('(whole claim)');
    expect(a.byProvider).toHaveLength(2);
    expect(Number(a.firstPass.rate)).toBeGreaterThan(0);
    expect(Number(a.firstPass.rate)).toBeLessThan(100);
    expect(a.daysInAR.claims).toBeGreaterThan(0);
  });

  it('every figure is the same as the independent sum', async () => {
    expect(await denialAnalytics(handle.db)).toEqual(await independent());
  });

  it('the dashboard shows the same numbers in its tables, with chart.js and the charts script served from our origin', async () => {
    const server = await buildServer({ deps: { ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'] } }, logger: false });
    try {
      const auth = { authorization: `Bearer ${TOKEN}` };
      const exp = await independent();
      const page = await server.inject({ url: '/', headers: auth });
      expect(page.statusCode).toBe(200);
      const rowsOf = (id: string) => {
        const t = new RegExp(`<table class="analytics" id="table-${id}"[\\s\\S]*?</table>`).exec(page.body)![0];
        return [...t.matchAll(/<tr><th scope="row">([^<]*)<\/th><td class="num">(\d+)<\/td><td class="num">([\d.]+)<\/td><\/tr>/g)].map((m) => ({ key: m[1], claims: Number(m[2]), amount: m[3] }));
      };
      expect(rowsOf('reason')).toEqual(exp.byReason);
      expect(rowsOf('payer')).toEqual(exp.byPayer);
      expect(rowsOf('procedure')).toEqual(exp.byProcedure);
      expect(rowsOf('provider')).toEqual(exp.byProvider);
      expect(rowsOf('week')).toEqual(exp.byWeek);
      expect(page.body).toContain(`<div class="card" data-figure="first-pass"><span class="label">First-pass acceptance</span><span class="value">${exp.firstPass.rate}%</span>`);
      expect(page.body).toMatch(/<script type="application\/json" id="denial-analytics-data">/);
      expect(page.body).toContain('<script src="/assets/chart.umd.min.js"></script>');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      const lib = await server.inject({ url: '/assets/chart.umd.min.js' });
      expect(lib.statusCode).toBe(200);
      expect(lib.headers['cache-control']).toMatch(/max-age=31536000/);
      expect(lib.body).toMatch(/Chart\.js v4/);
      expect((await server.inject({ url: '/assets/denial-charts.js' })).body).toMatch(/denial-analytics-data/);
      const api = await server.inject({ url: '/v1/denial-analytics', headers: auth });
      expect(api.json()).toEqual(exp);
    } finally {
      await server.close();
    }
  });
});
