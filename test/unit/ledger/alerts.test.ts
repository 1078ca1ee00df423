/**
 * Alerts in the ledger (migration 0021): raised once per claim, kind and due date, each with its outbox
 * deliveries in the same transaction; listed newest first with the claim's state; the timely-filing watch
 * over the claims the payer has not accepted. Runs on SQLite here and on PostgreSQL through
 * alerts-postgres.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { listAlerts, raiseAlert, alertKindsByClaim } from '../../../src/ledger/alerts.js';
import { dueDeliveries, enqueueDelivery, markDelivered, markRetry, takeDelivery } from '../../../src/ledger/outbound-deliveries.js';
import { watchTimelyFiling } from '../../../src/gateway/alerts/timely-filing-watch.js';
import { TimelyFilingSettingsSchema } from '../../../src/gateway/alerts/settings.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { intakeClaims } from './fixtures.js';

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alerts-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Claims with the given service dates, payers and filing indicators (synthetic: no real people). */
async function claims(specs: Array<{ serviceDate: string; payerId?: string; filing?: string }>): Promise<string[]> {
  const base = intakeClaims(specs.length);
  const batch = base.map((c, i) => ({ ...c, serviceDate: specs[i].serviceDate, payerId: specs[i].payerId ?? 'PAYER1', data: { synthetic: true, subscriber: { claimFilingIndicator: specs[i].filing ?? 'CI' } } }));
  const r = await ledger.recordBatch({ name: `b-${specs.length}.json`, sha256: sha256(JSON.stringify(specs)), size: 1, claims: batch });
  return r.claimIds;
}

const NOW = '2026-12-06T10:00:00.000Z';
const count = async (table: string) => Number((await handle.db.selectFrom(table as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow() as { n: unknown }).n);

describe('alerts', () => {
  it('raises an alert once per claim, kind and due date, each with one delivery per channel in the same transaction', async () => {
    const [id] = await claims([{ serviceDate: '2026-09-01' }]);
    const first = await raiseAlert(handle.db, { kind: 'silent-after-inquiry', claimId: id, partnerId: 'demo', payerId: 'PAYER1', dueDate: '2026-12-01', now: NOW });
    expect(first.created).toBe(true);
    const again = await raiseAlert(handle.db, { kind: 'silent-after-inquiry', claimId: id, partnerId: 'demo', payerId: 'PAYER1', dueDate: '2026-12-01', now: '2026-12-07T00:00:00.000Z' });
    expect(again).toEqual({ alert: first.alert, created: false });
    expect(await count('alerts')).toBe(1);
    expect(await count('outbound_deliveries')).toBe(2);
    // another deadline is another alert
    expect((await raiseAlert(handle.db, { kind: 'silent-after-inquiry', claimId: id, dueDate: '2026-12-31', now: NOW })).created).toBe(true);
    expect(await count('alerts')).toBe(2);
    const due = await dueDeliveries(handle.db, { now: NOW });
    expect(due.map((d) => d.channel).sort()).toEqual(['email', 'email', 'webhook', 'webhook']);
    const payload = JSON.parse(due.find((d) => d.subjectId === first.alert.id)!.payload);
    expect(payload).toMatchObject({ event: 'alert.raised', alert: { id: first.alert.id, kind: 'silent-after-inquiry', claimId: id, patientControlNumber: 'PCN00001', dueDate: '2026-12-01' } });
  });

  it('writes nothing when the transaction it joins rolls back, and refuses a kind that is not kebab-case', async () => {
    const [id] = await claims([{ serviceDate: '2026-09-01' }]);
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await raiseAlert(trx, { kind: 'generic-thing', claimId: id, now: NOW });
        throw new Error('the caller failed after raising');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await count('alerts')).toBe(0);
    expect(await count('outbound_deliveries')).toBe(0);
    await expect(raiseAlert(handle.db, { kind: 'Not A Kind', claimId: id, now: NOW })).rejects.toThrow(/kebab-case/);
  });

  it('lists alerts newest first with the claim state and deliveries, and the open ones only on request', async () => {
    const [a, b] = await claims([{ serviceDate: '2026-09-01' }, { serviceDate: '2026-09-02' }]);
    await raiseAlert(handle.db, { kind: 'timely-filing-passed', claimId: a, dueDate: '2026-11-30', now: '2026-12-01T00:00:00.000Z' });
    await raiseAlert(handle.db, { kind: 'silent-after-inquiry', claimId: b, now: '2026-12-02T00:00:00.000Z', channels: ['webhook'] });
    const all = await listAlerts(handle.db);
    expect(all.total).toBe(2);
    expect(all.items.map((i) => i.claimId)).toEqual([b, a]);
    expect(all.items[0]).toMatchObject({ kind: 'silent-after-inquiry', claimState: 'queued', patientControlNumber: 'PCN00002' });
    expect(all.items[0].deliveries.map((d) => [d.channel, d.state])).toEqual([['webhook', 'pending']]);
    expect(all.items[1].deliveries.map((d) => d.channel)).toEqual(['email', 'webhook']);
    expect((await listAlerts(handle.db, { kind: 'timely-filing-passed' })).items.map((i) => i.claimId)).toEqual([a]);
    // a settled claim's alert is no longer open (the state column is the ledger's cache; set directly here)
    await handle.db.updateTable('claims').set({ state: 'paid' }).where('id', '=', a).execute();
    expect((await listAlerts(handle.db, { openOnly: true })).items.map((i) => i.claimId)).toEqual([b]);
    expect([...(await alertKindsByClaim(handle.db, [a, b, 'nobody'])).entries()]).toEqual([
      [a, ['timely-filing-passed']],
      [b, ['silent-after-inquiry']],
    ]);
  });

  it('an alert about a claim a person resubmitted or voided is no longer open (the claim that carries on gets its own)', async () => {
    const [a, b] = await claims([{ serviceDate: '2026-09-01' }, { serviceDate: '2026-09-02' }]);
    await raiseAlert(handle.db, { kind: 'timely-filing-passed', claimId: a, dueDate: '2026-11-30', now: '2026-12-01T00:00:00.000Z' });
    await raiseAlert(handle.db, { kind: 'timely-filing-passed', claimId: b, dueDate: '2026-12-01', now: '2026-12-01T00:00:00.000Z' });
    await handle.db.insertInto('claim_actions' as never).values({ id: 'CA9', claim_id: a, action: 'resubmit-original', new_claim_id: null, actor: 'test', at: NOW, frequency: '1', detail: null } as never).execute();
    expect((await listAlerts(handle.db, { openOnly: true })).items.map((i) => i.claimId)).toEqual([b]);
    expect((await listAlerts(handle.db, { openOnly: true })).total).toBe(1);
    expect((await listAlerts(handle.db)).total).toBe(2);
  });

  it('keeps the outbox: enqueueing twice is one row; a retry is due only at its persisted time; delivered is final', async () => {
    const e1 = await enqueueDelivery(handle.db, { channel: 'webhook', event: 'response.posted', subjectId: 'F1', payload: '{"a":1}', now: NOW });
    const e2 = await enqueueDelivery(handle.db, { channel: 'webhook', event: 'response.posted', subjectId: 'F1', payload: '{"a":2}', now: NOW });
    expect(e2).toEqual({ id: e1.id, created: false });
    await markRetry(handle.db, e1.id, { attempts: 1, nextAttemptAt: '2026-12-06T10:05:00.000Z', error: 'HTTP 503' });
    expect(await dueDeliveries(handle.db, { now: '2026-12-06T10:04:59.999Z' })).toEqual([]);
    const [d] = await dueDeliveries(handle.db, { now: '2026-12-06T10:05:00.000Z' });
    expect(d).toMatchObject({ id: e1.id, attempts: 1, lastError: 'HTTP 503', payload: '{"a":1}' });
    // two instances read the same due row: only one takes it; it is not due again until the lease ends
    expect(await takeDelivery(handle.db, d, { leaseUntil: '2026-12-06T10:05:11.000Z' })).toBe(true);
    expect(await takeDelivery(handle.db, d, { leaseUntil: '2026-12-06T10:05:12.000Z' })).toBe(false);
    expect(await dueDeliveries(handle.db, { now: '2026-12-06T10:05:10.999Z' })).toEqual([]);
    expect((await dueDeliveries(handle.db, { now: '2026-12-06T10:05:11.000Z' })).map((x) => x.id)).toEqual([e1.id]);
    await markDelivered(handle.db, e1.id, { now: '2026-12-06T10:05:01.000Z', attempts: 2 });
    expect(await dueDeliveries(handle.db, { now: '2027-01-01T00:00:00.000Z' })).toEqual([]);
  });
});

describe('timely-filing watch', () => {
  const settings = TimelyFilingSettingsSchema.parse({ defaultDays: 90, warningDays: 30, payers: { SLOWPAY: 180 } });

  it('raises approaching and passed per payer limit, skips claims far from it or accepted, and raises nothing new the second time', async () => {
    const ids = await claims([
      { serviceDate: '2026-08-01' }, // 90 days -> 2026-10-30: passed
      { serviceDate: '2026-10-01' }, // -> 2026-12-30: 24 days left: approaching
      { serviceDate: '2026-11-20' }, // -> 2027-02-18: not yet
      { serviceDate: '2026-08-01', payerId: 'SLOWPAY' }, // 180 days -> 2027-01-28: 53 days: not yet
      { serviceDate: '2026-01-15', filing: 'MB' }, // Medicare 365 -> 2027-01-15: 40 days: not yet
      { serviceDate: '2025-11-20', filing: 'MB' }, // -> 2026-11-20: passed
      { serviceDate: '2026-08-01' }, // passed, but the payer accepted it
    ]);
    await handle.db.updateTable('claims').set({ state: 'payer-accepted' }).where('id', '=', ids[6]).execute();
    const now = new Date(NOW);
    const first = await watchTimelyFiling(handle.db, settings, { now });
    expect(first).toMatchObject({ checked: 6, raised: 3 });
    const list = (await listAlerts(handle.db)).items;
    const byClaim = Object.fromEntries(list.map((a) => [a.claimId, [a.kind, a.dueDate]]));
    expect(byClaim).toEqual({
      [ids[0]]: ['timely-filing-passed', '2026-10-30'],
      [ids[1]]: ['timely-filing-approaching', '2026-12-30'],
      [ids[5]]: ['timely-filing-passed', '2026-11-20'],
    });
    expect(list.find((a) => a.claimId === ids[1])!.note).toBe('Timely-filing limit (90 days from the date of service) in 24 day(s).');
    expect(await watchTimelyFiling(handle.db, settings, { now })).toMatchObject({ checked: 6, raised: 0 });
    // a month later the approaching claim has passed: a second alert (another kind), the others stay one each
    const later = await watchTimelyFiling(handle.db, settings, { now: new Date('2027-01-06T10:00:00.000Z') });
    // ids[1] passed; ids[3] (SLOWPAY, due 2027-01-28) and ids[4] (Medicare, due 2027-01-15) approaching
    expect(later.raised).toBe(3);
    expect(await count('alerts')).toBe(6);
  });

  it('pages through more claims than one page, and spreads a large backlog over scans (at most maxRaised new alerts each)', async () => {
    const specs = Array.from({ length: 1203 }, () => ({ serviceDate: '2026-01-01' }));
    await claims(specs);
    const first = await watchTimelyFiling(handle.db, settings, { now: new Date(NOW), maxRaised: 700 });
    expect(first.raised).toBe(700);
    const second = await watchTimelyFiling(handle.db, settings, { now: new Date(NOW), maxRaised: 700 });
    expect(second).toMatchObject({ checked: 1203, raised: 503 });
    expect(await count('alerts')).toBe(1203);
    expect((await watchTimelyFiling(handle.db, settings, { now: new Date(NOW) })).raised).toBe(0);
  }, 60_000);

  it('leaves out claims a later claim carries on: resubmitted or voided by a person, superseded in their visit, a rejected copy of a sent claim', async () => {
    const ids = await claims([{ serviceDate: '2026-08-01' }, { serviceDate: '2026-08-02' }, { serviceDate: '2026-08-03' }, { serviceDate: '2026-08-04' }, { serviceDate: '2026-08-05' }, { serviceDate: '2026-08-06' }]);
    // ids[0]: a person resubmitted it
    await handle.db.insertInto('claim_actions' as never).values({ id: 'CA1', claim_id: ids[0], action: 'resubmit-original', new_claim_id: null, actor: 'test', at: NOW, frequency: '1', detail: null } as never).execute();
    // ids[1] superseded by ids[2] in one visit (ids[2] is the later claim and is watched)
    await handle.db.updateTable('claims').set({ visit_id: ids[1] }).where('id', 'in', [ids[1], ids[2]]).execute();
    await handle.db.updateTable('claims').set({ created_at: '2026-08-10T00:00:00.000Z' }).where('id', '=', ids[1]).execute();
    await handle.db.updateTable('claims').set({ created_at: '2026-08-11T00:00:00.000Z' }).where('id', '=', ids[2]).execute();
    // ids[3] scrub-rejected, a copy (same content) of ids[4] which went out
    await handle.db.updateTable('claims').set({ content_key: 'same-content' }).where('id', 'in', [ids[3], ids[4]]).execute();
    await handle.db.updateTable('claims').set({ state: 'scrub-rejected' }).where('id', '=', ids[3]).execute();
    await handle.db.updateTable('claims').set({ state: 'uploaded' }).where('id', '=', ids[4]).execute();
    const r = await watchTimelyFiling(handle.db, settings, { now: new Date(NOW) });
    expect(r.raised).toBe(3);
    expect((await listAlerts(handle.db)).items.map((a) => a.claimId).sort()).toEqual([ids[2], ids[4], ids[5]].sort());
  });
});
