/**
 * The biller's path for corrections and voids in real headless Chromium (issue 11): replace a partially
 * paid claim and void a paid one in the demo (gateway + simulated payer on loopback SFTP), then the
 * dashboard's paid total, the patient's statement and the remittance page show the netted figures; the
 * void asks for a confirmation and a reason.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/app.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { createUserStore } from '../../src/ledger/users.js';
import { visitFigures } from '../../src/ledger/visits.js';
import { createWorkbenchQueries } from '../../src/ledger/workbench-queries.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../test-artifacts');
const PASSWORD = 'visits-test-password';
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'visits.json'), JSON.stringify(syntheticBatch({ batchId: 'VIS', claims: 40 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 40 && claims.every((c) => FINAL_STATES.includes(c.state));
  }, 60_000);
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: ['visits-test-token-0123456789'], outbox: folders.outbox, workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine }, eventsPollMs: 200 } }, logger: false });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  await createUserStore(h.ledger.db).createUser({ username: 'demo', password: PASSWORD, role: 'biller', displayName: 'Demo biller' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

const money = (s: string) => s.replace(/,/g, '').trim();
const sumOverVisits = async (pick: (v: NonNullable<Awaited<ReturnType<typeof visitFigures>>>) => string) => {
  const visits = [...new Set((await h.ledger.listClaims()).map((c) => c.visit_id!))];
  let s = new Decimal(0);
  for (const v of visits) s = s.plus(pick((await visitFigures(h.ledger.db, v))!));
  return s.toFixed(2);
};

describe('corrections and voids in Chromium', () => {
  it('replaces a partially paid claim and voids a paid one; every page shows the netted money', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('User name').fill('demo');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    const claims = await h.ledger.listClaims();
    const partial = claims.find((c) => c.state === 'partially-paid' && c.payer_claim_number)!;
    const paid = claims.find((c) => c.state === 'paid' && c.payer_claim_number && c.patient_responsibility !== '0.00' && c.member_id !== partial.member_id)!;
    expect(partial && paid).toBeTruthy();
    const paidBefore = money(await page.locator('[data-figure="today-paid"] .value').innerText());

    // 1. Replace the partially paid claim: the procedure the payer reduced (CO-97) is corrected.
    await page.goto(`${base}/claims/${partial.id}`);
    expect(await page.locator('.reasons').innerText()).toMatch(/CO-97/);
    const procedure = page.getByLabel(/Line 1 procedure code/);
    await procedure.fill((await procedure.inputValue()) === '99214' ? '99213' : '99214');
    await page.getByRole('button', { name: 'Re-scrub and resubmit' }).click();
    await page.waitForURL(/done=/);
    const replacement = new URL(page.url()).searchParams.get('done')!;

    // 2. Void the paid claim: the form asks for a reason and a confirmation first.
    await page.goto(`${base}/claims/${paid.id}`);
    const voidButton = page.getByRole('button', { name: 'Void this claim (frequency 8)' });
    await voidButton.click();
    expect(page.url()).toBe(`${base}/claims/${paid.id}`); // the browser refuses: reason and confirmation required
    expect(await page.locator('#void-reason').evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    expect((await h.ledger.listClaims()).length).toBe(41);
    await page.getByLabel(/Reason for the void/).fill('Service billed to the wrong payer');
    await page.getByLabel(/I confirm: void this claim/).check();
    await voidButton.click();
    await page.waitForURL(/done=/);
    const voidClaim = new URL(page.url()).searchParams.get('done')!;
    await page.screenshot({ path: join(ARTIFACTS, 'visits-void-sent.png'), fullPage: true });

    // The payer answers: a reversal plus the new adjudication for the replacement, a reversal only for the void.
    await runUntil(h, async () => FINAL_STATES.includes((await h.ledger.getClaim(replacement))!.state) && (await h.ledger.getClaim(paid.id))!.state === 'reversed' && (await h.ledger.getClaim(partial.id))!.state === 'reversed', 60_000);
    const vPartial = (await visitFigures(h.ledger.db, partial.id))!;
    const vVoid = (await visitFigures(h.ledger.db, paid.id))!;
    expect(vPartial.state).toBe('paid');
    expect(vPartial.currentClaimId).toBe(replacement);
    expect(vVoid).toMatchObject({ state: 'voided', insurancePaid: '0.00', patientDue: '0.00' });
    expect(await h.ledger.db.selectFrom('remittance_claims').select('id').where('claim_id', '=', voidClaim).execute()).toEqual([]);

    // Dashboard: the paid total moved by the difference, and equals the sum over visits.
    await page.goto(`${base}/`);
    const paidAfter = money(await page.locator('[data-figure="today-paid"] .value').innerText());
    expect(paidAfter).toBe(await sumOverVisits((v) => v.insurancePaid));
    expect(money(await page.locator('[data-figure="today-billed"] .value').innerText())).toBe(await sumOverVisits((v) => v.charges));
    expect(paidAfter).toBe(new Decimal(paidBefore).minus(partial.paid_amount!).plus(vPartial.insurancePaid).minus(paid.paid_amount!).toFixed(2));
    await page.screenshot({ path: join(ARTIFACTS, 'visits-dashboard.png'), fullPage: true });

    // The claim pages: the visit's netted money; a voided claim offers no Void again.
    await page.goto(`${base}/claims/${partial.id}`);
    expect(money(await page.locator('[data-field="visit-paid"]').innerText())).toBe(vPartial.insurancePaid);
    expect(money(await page.locator('[data-field="visit-patient"]').innerText())).toBe(vPartial.patientDue);
    await page.goto(`${base}/claims/${paid.id}`);
    expect(await page.locator('[data-field="visit-state"]').innerText()).toBe('voided');
    expect(await page.getByRole('button', { name: /Void this claim/ }).count()).toBe(0);
    await page.goto(`${base}/claims/${voidClaim}`);
    expect(await page.getByRole('button', { name: /Void this claim/ }).count()).toBe(0);

    // The patient's statement lists the replaced visit once, with the netted patient share.
    const q = createWorkbenchQueries(h.ledger.db);
    const onStatement = await q.statementClaims(replacement);
    expect(onStatement).not.toContain(partial.id);
    await page.goto(`${base}/balances/statement?claim=${replacement}`);
    if (vPartial.patientDue !== '0.00') expect(onStatement).toContain(replacement);
    let due = new Decimal(0);
    for (const id of onStatement) due = due.plus((await visitFigures(h.ledger.db, id))!.patientDue);
    expect(money(await page.locator('[data-amount-due]').innerText())).toBe(due.toFixed(2));
    expect((await page.locator('table.statement-lines tbody tr').count())).toBe(onStatement.length);
    await page.screenshot({ path: join(ARTIFACTS, 'visits-statement.png'), fullPage: true });
    // The voided visit's patient owes nothing for it.
    expect(await q.statementClaims(paid.id)).not.toContain(paid.id);

    // The remittance with the reversal: each claim payment next to its visit's netted money.
    const reversal = await h.ledger.db.selectFrom('remittance_claims').select(['remittance_id']).where('claim_id', '=', partial.id).where('status_code', '=', '22').executeTakeFirstOrThrow();
    await page.goto(`${base}/remittances/${reversal.remittance_id}`);
    const row = page.locator(`table.remit-claims tr[data-claim="${partial.id}"]`);
    expect(await row.locator('[data-visit-state]').innerText()).toBe('paid');
    expect(money(await row.locator('[data-visit-paid]').innerText())).toBe(vPartial.insurancePaid);
    const voidRow = page.locator(`table.remit-claims tr[data-claim="${paid.id}"]`);
    if (await voidRow.count()) expect(money(await voidRow.first().locator('[data-visit-paid]').innerText())).toBe('0.00');
    await page.screenshot({ path: join(ARTIFACTS, 'visits-remittance.png'), fullPage: true });

    // The API answers the same netted figures.
    const api = await server.inject({ url: `/v1/claims/${partial.id}`, headers: { authorization: 'Bearer visits-test-token-0123456789' } });
    expect(api.json().visit).toMatchObject({ state: 'paid', currentClaimId: replacement, insurancePaid: vPartial.insurancePaid, patientDue: vPartial.patientDue });
    expect(api.json().paid).toBeNull(); // a superseded claim carries no money of its own
  }, 180_000);
});
