/**
 * Patient accounts and deposits through the Fastify app (inject): payments, credits, refunds,
 * adjustments, the grand total, CSV import of payments, statement runs and the collections hand-off,
 * deposit import (CSV, BAI2, unknown layout) and the reconciliation view.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { accountsSettings } from '../../../src/accounts/settings.js';
import { guarantorIdFor } from '../../../src/ledger/patient-accounts.js';
import type { LedgerDb } from '../../../src/ledger/index.js';
import { fixtureLedger, JONES, SMITH } from './accounts-fixtures.js';

const TOKEN = 'config-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
let handle: LedgerDb;
let server: Awaited<ReturnType<typeof buildServer>>;
let clock = new Date('2026-03-10T12:00:00Z');
const smith = guarantorIdFor(SMITH.memberId, null, null);
const jones = guarantorIdFor(JONES.memberId, null, null);

beforeEach(async () => {
  clock = new Date('2026-03-10T12:00:00Z');
  const f = await fixtureLedger(
    [
      { id: 'L1', pcn: 'CLM-1', charge: '100.00', paid: '60.00', pr: '20.00', subscriber: SMITH },
      // the subscriber's dependent: same guarantor
      { id: 'L2', pcn: 'CLM-2', charge: '50.00', paid: '30.00', pr: '10.00', subscriber: SMITH, patient: { last: 'Smith', first: 'Kid' } },
      { id: 'L3', pcn: 'CLM-3', charge: '80.00', paid: '70.00', pr: '5.50', subscriber: JONES },
      // not adjudicated yet: not on the patient ledger
      { id: 'L4', pcn: 'CLM-4', charge: '99.00', paid: '0', pr: null, subscriber: JONES },
    ],
    [
      { id: 'R1', trace: 'EFT777', amount: '1234.56', date: '2026-03-01' },
      { id: 'R2', trace: 'EFT888', amount: '90.00', date: '2026-03-02' },
      { id: 'R3', trace: 'CHK999', amount: '42.42', date: '2026-03-03' },
    ],
  );
  handle = f.handle;
  server = await buildServer({ deps: { ledger: f.ledger, tokens: [TOKEN], workbench: { now: () => clock, accounts: accountsSettings({ statements: { cycleDays: 30, notices: 2, collectionsAfterDays: 10, dueDays: 21, minimumBalance: '1.00' } } as never) } }, logger: false });
});
afterEach(async () => {
  await server.close();
  await handle.close();
});

const get = async (url: string) => server.inject({ url, headers: auth });
const post = async (url: string, payload: unknown) => server.inject({ method: 'POST', url, headers: auth, payload: payload as never });

describe('patient accounts API', () => {
  it('groups a dependent under the subscriber and shows a grand total', async () => {
    const res = await get('/v1/patients');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accounts.map((a: { guarantorId: string }) => a.guarantorId).sort()).toEqual([jones, smith].sort());
    const s = body.accounts.find((a: { guarantorId: string }) => a.guarantorId === smith);
    expect(s).toMatchObject({ claims: 2, guarantor: { last: 'Smith', first: 'Ann' }, summary: { charges: '150.00', insurancePaid: '90.00', insuranceAdjustments: '30.00', patientResponsibility: '30.00', balance: '30.00' } });
    expect(body.grandTotal).toEqual({ balance: '35.50', due: '35.50', credit: '0.00' });
    const page = (await get('/v1/patients?limit=1&offset=1')).json();
    expect(page.total).toBe(2);
    expect(page.accounts).toHaveLength(1);
    expect(page.grandTotal.balance).toBe('35.50');
  });

  it('turns a payment larger than the balance into a flagged credit, and a refund consumes it', async () => {
    const pay = await post(`/v1/patients/${jones}/payments`, { amount: '10.00', method: 'card', reference: 'AUTH1' });
    expect(pay.statusCode).toBe(201);
    expect(pay.json()).toMatchObject({ becameCredit: true, summary: { balance: '-4.50', credit: '4.50', inCredit: true } });
    const list = (await get('/v1/patients')).json();
    expect(list.accounts.find((a: { guarantorId: string }) => a.guarantorId === jones).summary.inCredit).toBe(true);
    expect(list.grandTotal).toEqual({ balance: '25.50', due: '30.00', credit: '4.50' });
    const csv = (await get('/v1/patients.csv')).body;
    expect(csv.split('\r\n').find((l) => l.startsWith('TOTAL'))).toContain('25.50');
    const tooMuch = await post(`/v1/patients/${jones}/refunds`, { amount: '4.51', method: 'check' });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe('refund-exceeds-credit');
    const refund = await post(`/v1/patients/${jones}/refunds`, { amount: '4.50', method: 'check', reference: '1001' });
    expect(refund.statusCode).toBe(201);
    expect(refund.json().summary).toMatchObject({ balance: '0.00', credit: '0.00', inCredit: false });
    const detail = (await get(`/v1/patients/${jones}`)).json();
    expect(detail.entries.map((e: { kind: string; amount: string }) => `${e.kind} ${e.amount}`)).toEqual(['payment 10.00', 'refund 4.50']);
  });

  it('records adjustments up to the amount due and refuses bad input', async () => {
    expect((await post(`/v1/patients/${smith}/adjustments`, { amount: '30.01', reason: 'hardship' })).statusCode).toBe(409);
    const ok = await post(`/v1/patients/${smith}/adjustments`, { amount: '0.50', reason: 'small-balance' });
    expect(ok.json().summary.balance).toBe('29.50');
    expect((await post(`/v1/patients/${smith}/payments`, { amount: '1.005', method: 'cash' })).statusCode).toBe(400);
    expect((await post(`/v1/patients/${smith}/payments`, { amount: '5.00', method: 'bitcoin' })).statusCode).toBe(400);
    expect((await post(`/v1/patients/G0000000000000000/payments`, { amount: '5.00', method: 'cash' })).statusCode).toBe(404);
    expect((await server.inject({ method: 'POST', url: `/v1/patients/${smith}/payments`, payload: { amount: '5.00', method: 'cash' } })).statusCode).toBe(401);
  });

  it('imports patient payments from CSV once, names bad lines, refuses an unknown layout', async () => {
    const csv = 'date,claimId,amount,method,reference\n2026-03-05,CLM-2,25.00,check,5001\n03/06/2026,CLM-3,5.50,cash,\n2026-03-06,CLM-404,1.00,cash,\n2026-03-06,CLM-1,abc,cash,\n';
    const first = await post('/v1/patient-payments', { csv, fileName: 'pay.csv' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ recorded: 2, duplicates: 0, credits: 0 });
    expect(first.json().problems.map((p: { code: string; position: { line: number } }) => `${p.code}@${p.position.line}`)).toEqual(['unknown-claim@4', 'bad-amount@5']);
    const again = await post('/v1/patient-payments', { csv, fileName: 'pay.csv' });
    expect(again.json()).toMatchObject({ recorded: 0, duplicates: 2 });
    const list = (await get('/v1/patients?all=yes')).json();
    expect(list.grandTotal.balance).toBe('5.00');
    const bad = await post('/v1/patient-payments', { csv: 'when,who,how much\n1,2,3\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/expected the columns date, claimId, amount, method.*found "when", "who", "how much"/);
  });

  it('runs statements 1 → 2 (final) and hands the unpaid account to collections after the configured days', async () => {
    const run1 = (await post('/v1/patients/statement-runs', {})).json();
    expect(run1.statements.map((s: { guarantorId: string; level: number; dueDate: string; amountDue: string }) => [s.guarantorId, s.level, s.dueDate, s.amountDue]).sort()).toEqual([[jones, 1, '2026-03-31', '5.50'], [smith, 1, '2026-03-31', '30.00']].sort());
    // a second run the same day sends nothing; the list says what the next run will do
    expect((await post('/v1/patients/statement-runs', {})).json().statements).toEqual([]);
    expect((await get('/v1/patients')).json().accounts.map((a: { next: unknown }) => a.next)).toEqual([{ send: false, reason: 'not-yet' }, { send: false, reason: 'not-yet' }]);
    clock = new Date('2026-04-09T12:00:00Z');
    expect((await get(`/v1/patients`)).json().accounts.find((a: { guarantorId: string }) => a.guarantorId === jones).next).toEqual({ send: true, level: 2, dueDate: '2026-04-30', final: true });
    await post(`/v1/patients/${smith}/payments`, { amount: '10.00', method: 'cash' });
    const run2 = (await post('/v1/patients/statement-runs', {})).json();
    expect(Object.fromEntries(run2.statements.map((s: { guarantorId: string; level: number; final: boolean }) => [s.guarantorId, [s.level, s.final]]))).toEqual({ [jones]: [2, true], [smith]: [1, false] });
    expect((await get('/v1/patients/collections')).json().accounts).toEqual([]);
    clock = new Date('2026-04-19T12:00:00Z');
    const coll = (await get('/v1/patients/collections')).json();
    expect(coll.accounts.map((a: { guarantorId: string }) => a.guarantorId)).toEqual([jones]);
    expect(coll.grandTotal.due).toBe('5.50');
    const detail = (await get(`/v1/patients/${jones}`)).json();
    expect(detail.statements.map((s: { level: number; date: string }) => `${s.level}@${s.date}`)).toEqual(['1@2026-03-10', '2@2026-04-09']);
  });
});

describe('OpenAPI', () => {
  it('documents the accounts and deposits routes', async () => {
    const res = await server.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of ['/v1/patients', '/v1/patients/{id}', '/v1/patients/{id}/payments', '/v1/patients/{id}/adjustments', '/v1/patients/{id}/refunds', '/v1/patients/statement-runs', '/v1/patients/collections', '/v1/patient-payments', '/v1/deposits', '/v1/deposits/reconciliation']) expect(paths, p).toContain(p);
  });
});

describe('deposits API', () => {
  it('imports a CSV and a BAI2 export, matches by trace then amount/date, shows the differences to the cent', async () => {
    const csv = 'Date,Amount,Reference,Description\n2026-03-02,1234.50,TRN*1*EFT777*1512345678,HEALTH PLAN ACH\n2026-03-04,90.00,,ACH\n2026-03-05,17.00,,COUNTER DEPOSIT\n';
    const imp = await post('/v1/deposits', { content: csv, fileName: 'bank.csv' });
    expect(imp.statusCode).toBe(200);
    expect(imp.json()).toMatchObject({ format: 'csv', imported: 3, duplicates: 0 });
    expect((await post('/v1/deposits', { content: csv, fileName: 'bank.csv' })).json()).toMatchObject({ imported: 0, duplicates: 3 });
    const v = (await get('/v1/deposits/reconciliation')).json();
    expect(v.matched.map((m: { era: { id: string }; by: string; difference: string }) => [m.era.id, m.by, m.difference])).toEqual([['R1', 'trace', '-0.06'], ['R2', 'amount-date', '0.00']]);
    expect(v.unmatchedEras.map((e: { id: string }) => e.id)).toEqual(['R3']);
    expect(v.unmatchedDeposits.map((d: { amount: string }) => d.amount)).toEqual(['17.00']);
    expect(v.totals).toEqual({ matchedDifference: '-0.06', unmatchedEras: '42.42', unmatchedDeposits: '17.00' });
    const bai = ['01,1,2,260303,0200,1,,,2/', '02,2,1,1,260303,0200,USD,2/', '16,301,4242,0,BR1,CHK999,CHECK DEPOSIT/', '49,4242,1/', '98,4242,1,3/', '99,4242,1,5/'].join('\n');
    expect((await post('/v1/deposits', { content: bai, fileName: 'bank.bai' })).json()).toMatchObject({ format: 'bai2', imported: 1 });
    const v2 = (await get('/v1/deposits/reconciliation')).json();
    expect(v2.unmatchedEras).toEqual([]);
    expect(v2.matched.find((m: { era: { id: string } }) => m.era.id === 'R3')).toMatchObject({ by: 'trace', difference: '0.00' });
    const rcsv = (await get('/v1/deposits/reconciliation.csv')).body;
    expect(rcsv).toContain('unmatched-deposit');
  });

  it('refuses a CSV with an unknown layout, naming the columns expected and found, and stores nothing', async () => {
    const res = await post('/v1/deposits', { content: 'Posted,Value\n2026-03-02,1.00\n', fileName: 'x.csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('unknown-layout');
    expect(res.json().message).toContain('expected the columns date, amount, reference');
    expect(res.json().message).toContain('found "Posted", "Value"');
    const mapped = await post('/v1/deposits', { content: 'Posted,Value,Memo\n2026-03-02,1.00,x\n', fileName: 'x.csv', mapping: { date: 'Posted', amount: 'Value', reference: 'Memo' } });
    expect(mapped.json()).toMatchObject({ imported: 1 });
    expect((await get('/v1/deposits/reconciliation')).json().unmatchedDeposits).toHaveLength(1);
  });
});
