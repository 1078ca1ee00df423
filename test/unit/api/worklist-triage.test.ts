/**
 * Issue 15 item 1 and issue 16 item 2 through the API and the page (inject): every denial on the worklist
 * carries the knowledge base's next action and a deadline dated from the remittance with the payer's own
 * window (partner profile `denialDeadlines`); the worklist sorts by amount, filters by amount and reason,
 * totals its dollars exactly; an invalid filter is named (400), never dropped; a claim someone resubmitted
 * leaves the list and its page no longer says it needs a person; /v1 remittance adjustments carry
 * `explanation` and `nextAction`. Expected figures are computed independently from the ledger's tables.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { createLedger, openLedgerDb, sha256, type IntakeClaim, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { WORKLIST_STATES } from '../../../src/ledger/workbench-queries.js';
import { fakeBuild } from '../ledger/fixtures.js';
import { AccountsConfigSchema, accountsSettings } from '../../../src/accounts/settings.js';
import { createUserStore } from '../../../src/ledger/users.js';

const TOKEN = 'triage-token-0123456789abcdef';
const NOW = new Date('2026-03-20T12:00:00.000Z');
/** CARC per claim index: appeal (CO-50), correct the modifiers (CO-4), a plain contract write-off (paid). */
const CARCS = ['50', '4', '45'];

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let server: Awaited<ReturnType<typeof buildServer>>;
const auth = { authorization: `Bearer ${TOKEN}` };
let remittanceId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wl-triage-'));
  handle = await openLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db, { now: () => new Date('2026-03-01T10:00:00.000Z') });
  const claims: IntakeClaim[] = Array.from({ length: 18 }, (_, i) => ({
    index: i,
    partnerId: 'demo',
    payerId: i % 2 ? 'P2' : 'P1',
    claimType: '837P',
    patientControlNumber: `TRI-${String(i + 1).padStart(3, '0')}`,
    // Amounts in no particular order, some with cents.
    totalCharge: new Decimal(100 + ((i * 53) % 170)).plus(new Decimal(i % 4).div(100)).toFixed(2),
    serviceDate: `2026-02-${String(1 + ((i * 7) % 27)).padStart(2, '0')}`,
    lines: [{ lineNumber: 1, procedureCode: '99213', charge: '1.00', units: '1' }],
    data: { subscriber: { memberId: `M${i}`, name: { last: `LAST${i}`, first: 'X' } } },
  }));
  const rec = await ledger.recordBatch({ name: 'tri.json', sha256: sha256('tri'), size: 1, partnerId: 'demo', claims });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'tri', claimIds: rec.claimIds, build: fakeBuild(rec.claimIds) });
  await ledger.markUploaded(g.fileId, 'remote/tri');
  const items = claims.map((c, i) => {
    const carc = CARCS[i % 3];
    if (carc === '45') return { patientControlNumber: c.patientControlNumber, statusCode: '1', billed: c.totalCharge, paid: new Decimal(c.totalCharge).minus('10.00').toFixed(2), patientResponsibility: '0.00', adjustments: [{ group: 'CO', reason: '45', amount: '10.00' }], lines: [] };
    return { patientControlNumber: c.patientControlNumber, statusCode: '4', billed: c.totalCharge, paid: '0.00', patientResponsibility: '0.00', payerClaimNumber: `PAYER-${i}`, adjustments: [{ group: 'CO', reason: carc, amount: c.totalCharge }], lines: [] };
  });
  const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'tri.835', sha256: sha256('tri.835'), size: 1, kind: '835' });
  const paid = items.reduce((s, c) => s.plus(c.paid), new Decimal(0));
  await ledger.postRemittance(f.file.id, 'demo', { payerKey: '1999999999', traceNumber: 'TRN-TRI', paymentAmount: paid.toFixed(2), paymentMethod: 'ACH', paymentDate: '2026-03-02', payerName: 'TEST PAYER', providerAdjustments: [], claims: items });
  remittanceId = (await handle.db.selectFrom('remittances').select('id').executeTakeFirstOrThrow()).id;
  server = await buildServer({ deps: { ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'], now: () => NOW, accounts: accountsSettings(AccountsConfigSchema.parse({ practice: { name: 'Valley Test Clinic', address: ['1 Main St', 'Springfield, IL 62701'], phone: '217-555-0100' } })), denialDeadlines: { demo: { P2: { appealWindowDays: 45, timelyFilingDays: 90 } } } } }, logger: false });
});

afterAll(async () => {
  await server?.close();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Item {
  id: string;
  claimId: string;
  payerId: string;
  totalCharge: string;
  reasons: Array<{ code: string; nextAction?: string; deadline?: { kind: string; days: number; dueDate?: string }; fix: string }>;
}

/** The worklist computed straight from the tables: claims in a worklist state with no action taken. */
async function expected() {
  const rows = await handle.db.selectFrom('claims').select(['id', 'total_charge', 'state', 'service_date']).where('state', 'in', WORKLIST_STATES).execute();
  const acted = new Set((await handle.db.selectFrom('claim_actions' as never).select('claim_id' as never).execute()).map((r) => (r as { claim_id: string }).claim_id));
  return rows.filter((r) => !acted.has(r.id));
}

const get = async (url: string) => {
  const res = await server.inject({ url, headers: auth });
  return { status: res.statusCode, body: res.json() as { total: number; totalCharge: string; items: Item[]; filters?: Array<{ filter: string }> } };
};

describe('worklist: next action and deadline (issue 15)', () => {
  it('every denial row has the next action and a deadline dated from the remittance, with the payer\'s own window', async () => {
    const { status, body } = await get('/v1/worklist?limit=100');
    expect(status).toBe(200);
    expect(body.total).toBe(12);
    for (const i of body.items) {
      expect(i.reasons).toHaveLength(1);
      const r = i.reasons[0];
      if (r.code === 'CO-50') {
        // Appeal window: 45 days for P2 (partner profile), the knowledge base's default for P1.
        expect(r.nextAction).toBe('appeal');
        expect(r.deadline?.kind).toBe('appeal-window');
        const days = i.payerId === 'P2' ? 45 : r.deadline!.days;
        if (i.payerId === 'P2') expect(r.deadline?.days).toBe(45);
        else expect(r.deadline?.days).not.toBe(45);
        const due = new Date('2026-03-02T00:00:00Z');
        due.setUTCDate(due.getUTCDate() + days);
        expect(r.deadline?.dueDate).toBe(due.toISOString().slice(0, 10));
        expect(r.fix).toContain(r.deadline!.dueDate!);
      } else {
        expect(r.code).toBe('CO-4');
        expect(r.nextAction).toBe('correct-and-resubmit');
        expect(r.deadline).toMatchObject({ kind: 'timely-filing', days: i.payerId === 'P2' ? 90 : expect.any(Number) });
      }
    }
  });

  it('the page shows the next action and the deadline on each row, and each reason group\'s long text once', async () => {
    const res = await server.inject({ url: '/worklist?limit=100', headers: auth });
    expect(res.statusCode).toBe(200);
    const rows = res.body.split('<tr data-claim=').slice(1).map((r) => r.slice(0, r.indexOf('</tr>')));
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect(row).toMatch(/<td class="next-action"><div>(Appeal|Correct and resubmit)<\/div>/);
      expect(row).toMatch(/<td class="deadline"><div>(Appeal|Timely filing) by \d{4}-\d{2}-\d{2}<\/div>/);
      expect(row).not.toMatch(/attaching/);
    }
    expect(res.body.match(/attaching a letter of medical necessity/g)?.length).toBe(1);
    expect(res.body).toMatch(/<dt id="why-835-CO-50">835 CO-50<\/dt><dd>Appeal within/);
  });

  it('the claim page explains each payment adjustment with its next action', async () => {
    const item = (await get('/v1/worklist?reason=CO-50&limit=1')).body.items[0];
    const page = await server.inject({ url: `/claims/${item.id}`, headers: auth });
    const payments = page.body.slice(page.body.indexOf('id="pay-h"'));
    expect(payments).toMatch(/<td>Contractual obligation: [^<]*medically necessary\. <span class="next-action muted">Appeal within the payer&#39;s window, attaching /);
    const why = page.body.slice(page.body.indexOf('id="why-h"'), page.body.indexOf('id="pay-h"'));
    expect(why).toMatch(/<span class="next-action"><b>Next action:<\/b> Appeal within/);
    expect(why).not.toMatch(/\.\.|\.:/);
  });

  it('a modifier denial (CO-4) offers the line’s first modifier (the model’s array edited as one value) and its procedure code', async () => {
    const item = (await get('/v1/worklist?reason=CO-4&limit=1')).body.items[0];
    const page = await server.inject({ url: `/claims/${item.id}`, headers: auth });
    const form = page.body.slice(page.body.indexOf('id="fix-h"'));
    expect(form).toMatch(/Line 1 modifier 1/);
    expect(form).toMatch(/name="f:\$\.lines\[0\]\.modifiers\[0\]"/);
    expect(form).toMatch(/Line 1 procedure code/);
    expect(form).not.toMatch(/name="f:\$\.lines\[0\]\.modifiers"/);
  });

  it('remittance adjustments in /v1 carry explanation and nextAction', async () => {
    const res = await server.inject({ url: `/v1/remittances/${remittanceId}`, headers: auth });
    const adj = (res.json() as { claims: Array<{ adjustments: Array<{ reason: string; explanation: string; nextAction: { kind: string; text: string } }> }> }).claims.flatMap((c) => c.adjustments);
    expect(adj.find((a) => a.reason === '50')).toMatchObject({ nextAction: { kind: 'appeal' } });
    expect(adj.find((a) => a.reason === '4')?.nextAction).toMatchObject({ kind: 'correct-and-resubmit', field: '$.lines[*].modifiers' });
    for (const a of adj) {
      expect(a.explanation.length).toBeGreaterThan(30);
      expect(a.explanation).not.toMatch(/\.:/);
      expect(a.nextAction.text.length).toBeGreaterThan(10);
    }
  });
});

describe('worklist triage (issue 16 item 2)', () => {
  it('sorts by amount both ways and totals the dollars exactly', async () => {
    const exp = await expected();
    const cents = (s: string) => new Decimal(s).times(100).toNumber();
    const desc = (await get('/v1/worklist?sort=amount&dir=desc&limit=100')).body;
    expect(desc.items.map((i) => i.id)).toEqual([...exp].sort((a, b) => cents(b.total_charge) - cents(a.total_charge) || a.id.localeCompare(b.id)).map((r) => r.id));
    const asc = (await get('/v1/worklist?sort=amount&dir=asc&limit=5')).body;
    expect(asc.items.map((i) => i.totalCharge)).toEqual([...exp].map((r) => r.total_charge).sort((a, b) => cents(a) - cents(b)).slice(0, 5));
    expect(desc.totalCharge).toBe(exp.reduce((s, r) => s.plus(r.total_charge), new Decimal(0)).toFixed(2));
    expect(asc.total).toBe(exp.length);
    expect(asc.totalCharge).toBe(desc.totalCharge); // the total is of every match, not the page
  });

  it('filters by amount range and by reason, with the total of what matches', async () => {
    const exp = await expected();
    const inRange = exp.filter((r) => new Decimal(r.total_charge).gte('150') && new Decimal(r.total_charge).lte('220.5'));
    const ranged = (await get('/v1/worklist?minAmount=150&maxAmount=220.50&limit=100')).body;
    expect(ranged.items.map((i) => i.id).sort()).toEqual(inRange.map((r) => r.id).sort());
    expect(ranged.totalCharge).toBe(inRange.reduce((s, r) => s.plus(r.total_charge), new Decimal(0)).toFixed(2));
    const co4 = (await get('/v1/worklist?reason=co-4&limit=100')).body;
    expect(co4.total).toBe(6);
    expect(co4.items.every((i) => i.reasons[0].code === 'CO-4')).toBe(true);
  });

  it('filters by age: claims served at least N days before today', async () => {
    const exp = await expected();
    const old = exp.filter((r) => (r.service_date ?? '') <= '2026-02-08'); // 40 days before 2026-03-20
    expect(old.length).toBeGreaterThan(0);
    expect(old.length).toBeLessThan(exp.length);
    const aged = (await get('/v1/worklist?minAgeDays=40&limit=100')).body;
    expect(aged.items.map((i) => i.id).sort()).toEqual(old.map((r) => r.id).sort());
    const bad = await get('/v1/worklist?minAgeDays=-3');
    expect(bad.status).toBe(400);
    expect(bad.body.filters?.map((f) => f.filter)).toEqual(['minAgeDays']);
  });

  it('names an invalid filter: a 400 from the API, an error next to the filter on the page', async () => {
    const bad = await get('/v1/worklist?minAmount=12abc&sort=bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.filters?.map((f) => f.filter).sort()).toEqual(['minAmount', 'sort']);
    const page = await server.inject({ url: '/worklist?minAmount=12abc&reason=' + 'x'.repeat(500), headers: auth });
    expect(page.statusCode).toBe(400);
    expect(page.body).toMatch(/<input name="minAmount"[^>]*aria-invalid="true"[^>]*> <span class="field-error" id="err-minAmount"/);
    expect(page.body).toMatch(/id="err-reason"/);
    expect(page.body).not.toMatch(/<tr data-claim=/);
  });

  it('a claim someone resubmitted leaves the list, and its page no longer says it needs a person', async () => {
    const before = (await get('/v1/worklist?sort=amount&limit=100')).body.items[0];
    const page0 = await server.inject({ url: `/claims/${before.id}`, headers: auth });
    expect(page0.body).toMatch(/Why it needs a person/);
    expect(page0.body).toMatch(/<h1>Claim [^<]+ <span class="badge bad">/);
    const newId = (await handle.db.selectFrom('claims').select('id').where('state', '=', 'paid').executeTakeFirstOrThrow()).id;
    await handle.db
      .insertInto('claim_actions' as never)
      .values({ id: randomUUID(), claim_id: before.id, action: 'resubmit-replacement', new_claim_id: newId, actor: 'tester', at: NOW.toISOString(), frequency: '7', detail: null } as never)
      .execute();
    const after = (await get('/v1/worklist?limit=100')).body;
    expect(after.items.map((i) => i.id)).not.toContain(before.id);
    expect(after.total).toBe(11);
    const page = await server.inject({ url: `/claims/${before.id}`, headers: auth });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/Why it needs a person/);
    expect(page.body).toMatch(/<h1>Claim [^<]+ <span class="badge info">denied · resubmitted<\/span>/);
  });
});

describe('appeals (issue 15 item 3) and assignment (issue 16 item 2)', () => {
  const appealable = async () => (await get('/v1/worklist?reason=CO-50&payer=P2&sort=amount&limit=100')).body.items[0];

  it('gives the letter facts for an appeal action only, from the claim, the 835 and the practice', async () => {
    const item = await appealable();
    const res = await server.inject({ url: `/v1/claims/${item.id}/appeal`, headers: auth });
    expect(res.statusCode).toBe(200);
    const l = res.json() as { practice: { name: string }; payer: { id: string; name: string }; reasons: Array<{ group: string; carc: string; explanation: string; amount: string; documents: string[] }>; deadline: string; billed: string; remittance: { trace: string; date: string } };
    expect(l.practice.name).toBe('Valley Test Clinic');
    expect(l.payer).toEqual({ id: 'P2', name: 'TEST PAYER' });
    expect(l.remittance).toEqual({ trace: 'TRN-TRI', date: '2026-03-02' });
    expect(l.billed).toBe(item.totalCharge);
    expect(l.reasons).toHaveLength(1);
    expect(l.reasons[0]).toMatchObject({ group: 'CO', carc: '50', amount: new Decimal(item.totalCharge).toFixed(2) });
    expect(l.reasons[0].explanation).toMatch(/medically necessary/);
    expect(l.reasons[0].documents.length).toBeGreaterThan(0);
    expect(l.deadline).toBe('2026-04-16'); // P2's 45-day window from the 2026-03-02 payment
    const co4 = (await get('/v1/worklist?reason=CO-4&limit=1')).body.items[0];
    expect((await server.inject({ url: `/v1/claims/${co4.id}/appeal`, headers: auth })).statusCode).toBe(404);
  });

  it('tracks the appeal drafted → sent (never back), shows it on the worklist, prints the letter with the argument, and audit-logs each change', async () => {
    const item = await appealable();
    const put = (payload: Record<string, string>) => server.inject({ method: 'PUT', url: `/v1/claims/${item.id}/appeal`, headers: auth, payload });
    const drafted = await put({ argument: 'The visit notes document the necessity (see enclosed).' });
    expect(drafted.statusCode).toBe(200);
    expect(drafted.json()).toMatchObject({ status: 'drafted', deadline: '2026-04-16' });
    expect((await put({ status: 'sent' })).json()).toMatchObject({ status: 'sent', argument: 'The visit notes document the necessity (see enclosed).' });
    const back = await put({ status: 'drafted' });
    expect(back.statusCode).toBe(409);
    const row = (await get('/v1/worklist?limit=100')).body.items.find((i) => i.id === item.id) as Item & { appeal?: { status: string; deadline: string } };
    expect(row.appeal).toEqual({ status: 'sent', deadline: '2026-04-16' });
    const page = await server.inject({ url: `/claims/${item.id}/appeal`, headers: auth });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The visit notes document the necessity (see enclosed).');
    expect(page.body).toContain('Valley Test Clinic');
    expect(page.body).toMatch(/@media print\{/);
    expect(page.body).toMatch(/id="appeal-status">sent</);
    const audits = await handle.db.selectFrom('audit_log' as never).selectAll().execute();
    const appealAudits = (audits as Array<{ action: string; claim_id: string | null; detail: string | null }>).filter((a) => a.action === 'appeal' && a.claim_id === item.id);
    expect(appealAudits.map((a) => JSON.parse(a.detail ?? '{}').status)).toEqual(['drafted', 'sent']);
    expect(appealAudits.every((a) => !(a.detail ?? '').includes('necessity'))).toBe(true);
  });

  it('assigns a claim with a note and a follow-up date; filters by assignee and "my work"; rejects an impossible date', async () => {
    const users = createUserStore(handle.db);
    const u = await users.createUser({ username: 'ann.biller', password: 'ann-biller-password-1', role: 'biller' });
    const annAuth = { authorization: `Bearer ${await users.createApiToken(u.id, 'tests')}` };
    const [a, b] = (await get('/v1/worklist?sort=amount&limit=2')).body.items;
    const triage = (id: string, payload: Record<string, unknown>) => server.inject({ method: 'PUT', url: `/v1/worklist/${id}/triage`, headers: auth, payload });
    expect((await triage(a.id, { assignee: 'ann.biller', note: 'Call payer Tuesday', followUp: '2026-03-24' })).statusCode).toBe(200);
    expect((await triage(b.id, { assignee: 'bob' })).statusCode).toBe(200);
    expect((await triage(b.id, { followUp: '2026-02-30' })).statusCode).toBe(400);
    const ann = (await get('/v1/worklist?assignee=ann.biller')).body;
    expect(ann.items.map((i) => i.id)).toEqual([a.id]);
    expect(ann.items[0]).toMatchObject({ assignee: 'ann.biller', note: 'Call payer Tuesday', followUp: '2026-03-24' });
    expect(ann.totalCharge).toBe(new Decimal(a.totalCharge).toFixed(2));
    const mine = await server.inject({ url: '/v1/worklist?mine=true', headers: annAuth });
    expect((mine.json() as { items: Item[] }).items.map((i) => i.id)).toEqual([a.id]);
    const page = await server.inject({ url: '/worklist?mine=1', headers: annAuth });
    expect(page.body.split('<tr data-claim=').length - 1).toBe(1);
    expect(page.body).toContain('Assigned: <b>ann.biller</b>');
    const csv = await server.inject({ url: '/worklist.csv?mine=1', headers: annAuth });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\n')).toHaveLength(2); // header + ann's one claim
    expect(csv.body).toContain(a.id);
  });
});
