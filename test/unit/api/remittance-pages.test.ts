/**
 * Remittances as a biller works them: payer and payment-date filters (an impossible date shown at its
 * field), the 835 of a payment downloadable from its page, the payment's claims as CSV; and the claim
 * page's payments line by line (charged, allowed, paid, adjustments).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { allowedAmount } from '../../../src/api/web/payment-lines.js';
import { FINAL_STATES } from '../../../src/ledger/lifecycle.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { syntheticBatch } from '../../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../../helpers/harness.js';
import { signIn, type Session } from './workbench-helpers.js';

let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let biller: Session;

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'remits.json'), JSON.stringify(syntheticBatch({ batchId: 'RMT', claims: 8 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 8 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: ['config-token-0123456789abcdef'], workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine } } }, logger: false });
  await createUserStore(h.ledger.db).createUser({ username: 'bill', password: 'correct horse battery', role: 'biller' });
  biller = await signIn(server, 'bill', 'correct horse battery');
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

const page = (url: string) => server.inject({ url, headers: { cookie: biller.cookie } });
const listed = (body: string) => [...body.matchAll(/href="\/remittances\/([A-Za-z0-9]+)"/g)].map((m) => m[1]);

describe('remittances', () => {
  it('filters by payer and payment date, and shows an impossible date at its field', async () => {
    const remits = await h.ledger.db.selectFrom('remittances').select(['id', 'payer_key', 'payment_date']).execute();
    expect(remits.length).toBeGreaterThan(0);
    const r = remits[0];
    expect(listed((await page(`/remittances?payer=${encodeURIComponent(r.payer_key)}`)).body).sort()).toEqual(remits.filter((x) => x.payer_key === r.payer_key).map((x) => x.id).sort());
    expect(listed((await page(`/remittances?from=${r.payment_date}&to=${r.payment_date}`)).body)).toContain(r.id);
    expect(listed((await page('/remittances?from=2999-01-01')).body)).toEqual([]);
    const bad = await page('/remittances?from=2024-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="r-from-err">Paid from: that day does not exist in the calendar\./);
  });

  it('offers the payment’s 835 and its claims as CSV', async () => {
    const r = await h.ledger.db.selectFrom('remittances').select(['id', 'file_id']).executeTakeFirstOrThrow();
    const detail = await page(`/remittances/${r.id}`);
    expect(detail.body).toContain(`href="/files/${r.file_id}/download"`);
    const csv = await page(`/remittances/${r.id}/claims.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="remittance-.*-claims\.csv"/);
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('claim_id,patient_control_number,payer_claim_number,status_code,status,billed,paid,patient_responsibility,adjustments');
    const claims = await h.ledger.db.selectFrom('remittance_claims').select('id').where('remittance_id', '=', r.id).execute();
    expect(lines).toHaveLength(claims.length + 1);
  });
});

describe('payments line by line on the claim page', () => {
  it('computes allowed as charged minus the payer’s adjustments other than the patient’s share', () => {
    expect(allowedAmount({ charge: '100.00' }, [{ line_number: 1, group_code: 'CO', reason_code: '45', amount: '20.10' }, { line_number: 1, group_code: 'PR', reason_code: '1', amount: '10.00' }])).toBe('79.90');
  });

  it('lists each paid line with charged, allowed, paid and its adjustments', async () => {
    const rc = await h.ledger.db.selectFrom('remittance_claims').innerJoin('remittance_lines', 'remittance_lines.remittance_claim_id', 'remittance_claims.id').select(['remittance_claims.claim_id', 'remittance_claims.id as rc']).where('remittance_claims.claim_id', 'is not', null).executeTakeFirstOrThrow();
    const lines = await h.ledger.db.selectFrom('remittance_lines').selectAll().where('remittance_claim_id', '=', rc.rc).orderBy('line_number').execute();
    const adjustments = await h.ledger.db.selectFrom('adjustments').selectAll().where('remittance_claim_id', '=', rc.rc).execute();
    const body = (await page(`/claims/${rc.claim_id}`)).body;
    for (const l of lines) {
      const row = new RegExp(`<tr data-payment-line="${l.line_number}">(.*?)</tr>`, 's').exec(body)?.[1];
      expect(row, `line ${l.line_number}`).toBeDefined();
      const allowed = adjustments.filter((a) => a.line_number === l.line_number && a.group_code !== 'PR').reduce((s, a) => s.minus(a.amount), new Decimal(l.charge));
      expect(row).toContain(`<td class="num" data-allowed>${allowed.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}</td>`);
      expect(row).toContain(`<td class="num" data-paid>${new Decimal(l.paid).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}</td>`);
      for (const a of adjustments.filter((x) => x.line_number === l.line_number)) expect(row).toContain(`${a.group_code}-${a.reason_code}`);
    }
  });
});
