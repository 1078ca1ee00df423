/**
 * The billers' workbench in real headless Chromium (Debian `chromium` + playwright-core) against a
 * server on 127.0.0.1 whose ledger was filled by running claims through the gateway and the simulated
 * clearinghouse (plus a few claims sent weeks ago and never answered, for the aging page). Screenshots of
 * every page go to test-artifacts/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSlice } from '../../bench/workbench-seed.js';
import { buildServer } from '../../src/api/app.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { createUserStore } from '../../src/ledger/users.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../test-artifacts');
const PASSWORD = 'workbench-test-password';
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
let browser: Browser;
let page: Page;

async function shot(name: string, fullPage = true) {
  await page.screenshot({ path: join(ARTIFACTS, `workbench-${name}.png`), fullPage });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'web.json'), JSON.stringify(syntheticBatch({ batchId: 'WEB', claims: 24, scrubRejectEvery: 11, payerRejectEvery: 6 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 24 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  // Claims sent 10, 45 and 120 days ago that nobody answered (aging buckets and alarms).
  const partner = h.gateway.context.partners.get('demo')!;
  await seedSlice(h.handle.db, partner, { batchId: 'OLD-A', claims: 3, sentDaysAgo: 10, until: 'uploaded', start: 101 });
  await seedSlice(h.handle.db, partner, { batchId: 'OLD-B', claims: 2, sentDaysAgo: 45, until: 'ack', start: 201 });
  await seedSlice(h.handle.db, partner, { batchId: 'OLD-C', claims: 2, sentDaysAgo: 120, until: 'status', start: 301 });
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: ['web-test-token-0123456789'], outbox: folders.outbox, workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine }, eventsPollMs: 200 } }, logger: false });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  const users = createUserStore(h.ledger.db);
  await users.createUser({ username: 'demo', password: PASSWORD, role: 'biller', displayName: 'Demo biller' });
  await users.createUser({ username: 'boss', password: PASSWORD, role: 'admin' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

async function signIn(user: string) {
  await page.goto(`${base}/`);
  expect(page.url()).toContain('/login');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
}

const figure = async (id: string) => (await page.locator(`[data-figure="${id}"] .value`).innerText()).replace(/,/g, '');

describe('billers’ workbench in Chromium', () => {
  it('signs in and shows the dashboard with the ledger’s numbers', async () => {
    await page.goto(`${base}/login`);
    await shot('login');
    await signIn('demo');
    const today = new Date().toISOString().slice(0, 10);
    const claims = (await h.ledger.listClaims()).filter((c) => c.created_at.startsWith(today));
    expect(claims).toHaveLength(24);
    expect(await figure('today-claims')).toBe(String(claims.length));
    const paid = claims.reduce((s, c) => s.plus(c.paid_amount ?? '0'), new Decimal(0)).toFixed(2);
    expect(await figure('today-paid')).toBe(paid);
    const billed = claims.reduce((s, c) => s.plus(c.total_charge), new Decimal(0)).toFixed(2);
    expect(await figure('today-billed')).toBe(billed);
    const rejected = claims.filter((c) => ['scrub-rejected', 'payer-rejected'].includes(c.state)).length;
    expect(await figure('today-rejection-rate')).toBe(`${((rejected / claims.length) * 100).toFixed(1)}%`);
    await shot('dashboard');
  });

  it('lists claims with filters and paging', async () => {
    await page.goto(`${base}/claims?limit=10`);
    expect(await page.locator('table.claims tbody tr').count()).toBe(10);
    expect(await page.locator('.pager').first().innerText()).toMatch(/of 31/);
    await shot('claims');
    await page.selectOption('select[name=state]', 'paid');
    await page.getByRole('button', { name: 'Search' }).click();
    const states = await page.locator('table.claims tbody .badge').allInnerTexts();
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['paid']));
  });

  it('corrects a rejected claim from the worklist, resubmits it, and shows the new 837 and the answers in its timeline', async () => {
    await page.goto(`${base}/worklist`);
    const rejected = (await h.ledger.listClaims({ state: 'payer-rejected' }))[0];
    const row = page.locator(`tr[data-claim="${rejected.id}"]`);
    expect(await row.locator('.reason').innerText()).toMatch(/277CA A7\/164\/IL/);
    // The text comes from the claim status code list; the simulator rejects on the member id with STC A7:164:IL.
    expect(await row.locator('.reason').innerText()).toMatch(/Acknowledgement\/Rejected/);
    expect(await row.locator('.reason').innerText()).toMatch(/contract\/member number/);
    expect(await row.locator('.field').innerText()).toMatch(/Member id/);
    expect(await page.locator('table.worklist').innerText()).toMatch(/scrubber NPI-CHECK-DIGIT/);
    await shot('worklist');
    await row.getByRole('link', { name: 'Correct' }).click();
    await page.waitForURL(/\/claims\/C/);
    expect(await page.locator('.reasons').innerText()).toMatch(/field to fix: Member id/);
    // first an edit the scrubber refuses: shown next to the field, nothing sent
    await page.getByLabel(/Billing provider NPI/).fill('1234567890');
    await page.getByRole('button', { name: 'Re-scrub and resubmit' }).click();
    const npiError = await page.locator('#f--billingProvider-npi-err').innerText();
    expect(npiError).toMatch(/check digit/);
    expect(npiError).not.toMatch(/NPI-CHECK-DIGIT|\[|docs\//); // plain words, no codes (issue 16)
    expect(await h.ledger.listClaims()).toHaveLength(31);
    await shot('claim-scrub-error');
    // then the right fix
    await page.getByLabel(/Billing provider NPI/).fill(JSON.parse(rejected.data).billingProvider.npi);
    await page.getByLabel(/Member id/).fill('MBR424242');
    await page.getByRole('button', { name: 'Re-scrub and resubmit' }).click();
    await page.waitForURL(/done=/);
    expect(await page.locator('.notice.ok').innerText()).toMatch(/Sent for processing as claim/);
    const newId = new URL(page.url()).searchParams.get('done')!;
    await runUntil(h, async () => FINAL_STATES.includes((await h.ledger.getClaim(newId))!.state));
    await page.goto(`${base}/claims/${rejected.id}`);
    const timeline = page.locator('ol.timeline');
    const text = await timeline.innerText();
    expect(text).toMatch(/Corrected and resubmitted as a new original \(frequency 1\).*by demo/);
    expect(text).toMatch(/Fields changed: Member id/);
    const mine = timeline.locator(`li[data-claim="${newId}"]`);
    const titles = await mine.locator('b:first-of-type').allInnerTexts();
    expect(titles).toEqual(expect.arrayContaining(['Batch received and scrubbed', '837 generated', '837 sent to the clearinghouse', '999: accepted', '277CA: accepted by the payer']));
    expect(titles.some((t) => /^835: (paid|partially paid|denied)$/.test(t))).toBe(true);
    expect(await mine.filter({ hasText: '837 generated' }).innerText()).toMatch(/ISA13 \d+/);
    // the worklist no longer lists it
    await page.goto(`${base}/worklist`);
    expect(await page.locator(`tr[data-claim="${rejected.id}"]`).count()).toBe(0);
    await page.goto(`${base}/claims/${rejected.id}`);
    await shot('claim-timeline');
  });

  it('shows a remittance whose totals equal the ledger’s', async () => {
    await page.goto(`${base}/remittances`);
    await shot('remittances');
    const remit = (await h.ledger.listRemittances())[0];
    await page.goto(`${base}/remittances/${remit.id}`);
    const detail = (await h.ledger.getRemittance(remit.id))!;
    const sum = (xs: string[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0)).toFixed(2);
    const ledgerValue = async (k: string) => (await page.locator(`[data-ledger="${k}"]`).innerText()).replace(/,/g, '');
    expect(await ledgerValue('payment')).toBe(detail.remittance.payment_amount);
    expect(await ledgerValue('claims-paid')).toBe(sum(detail.claims.map((c) => c.paid)));
    expect(await ledgerValue('plb')).toBe(sum(detail.providerAdjustments.map((p) => p.amount)));
    expect(await ledgerValue('patient')).toBe(sum(detail.claims.map((c) => c.patient_responsibility)));
    expect(new Decimal(await ledgerValue('claims-paid')).minus(await ledgerValue('plb')).toFixed(2)).toBe(detail.remittance.payment_amount);
    // the remittance report (src/remits/report.ts) is embedded, with the same payment total
    expect((await page.locator('.report .total-paid').first().innerText()).replace(/,/g, '')).toBe(new Decimal(detail.remittance.payment_amount).toFixed(2));
    expect(await page.locator('table.remit-claims tbody a').count()).toBe(detail.claims.filter((c) => c.claim_id).length);
    await shot('remittance', false);
  });

  it('buckets outstanding claims by age and payer, and the buckets add up', async () => {
    await page.goto(`${base}/aging`);
    const rows = page.locator('table.aging tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    const buckets = ['0-30', '31-60', '61-90', '90+'];
    const colTotals = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const r = rows.nth(i);
      const counts = await Promise.all(buckets.map(async (b) => Number((await r.locator(`td[data-bucket="${b}"] a`).innerText()).trim())));
      counts.forEach((c, k) => (colTotals[k] += c));
      expect(Number((await r.locator('td[data-total] b').innerText()).trim())).toBe(counts.reduce((a, b) => a + b, 0));
    }
    const foot = page.locator('table.aging tfoot tr');
    const footCounts = await Promise.all(buckets.map(async (b) => Number((await foot.locator(`td[data-bucket="${b}"] a`).innerText()).trim())));
    expect(footCounts).toEqual(colTotals);
    expect(footCounts).toEqual([3, 2, 0, 2]);
    const open = (await h.ledger.listClaims()).filter((c) => ['generated', 'uploaded', 'ack-accepted', 'payer-accepted', 'pending'].includes(c.state)).length;
    expect(footCounts.reduce((a, b) => a + b, 0)).toBe(open);
    expect(await page.locator('.cards').innerText()).toMatch(/No 999 acknowledgment yet\s*3/);
    await shot('aging');
    const csv = await page.evaluate(async () => (await fetch('/aging.csv')).text());
    expect(csv.trim().split('\n')).toHaveLength(open + 1);
  });

  it('prints a patient statement', async () => {
    await page.goto(`${base}/balances?view=claims`);
    await shot('balances');
    await page.goto(`${base}/balances`);
    await page.getByRole('link', { name: 'Printable statement' }).first().click();
    await page.waitForURL(/statement/);
    const lines = await page.locator('table.statement-lines tbody tr td:last-child').allInnerTexts();
    expect(lines.length).toBeGreaterThan(0);
    const due = lines.reduce((s, x) => s.plus(x.replace(/,/g, '')), new Decimal(0)).toFixed(2);
    expect((await page.locator('[data-amount-due]').innerText()).replace(/,/g, '')).toBe(due);
    await shot('statement');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'Letter' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    writeFileSync(join(ARTIFACTS, 'workbench-statement.pdf'), pdf);
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows files and, for an admin, the audit log', async () => {
    await page.goto(`${base}/files`);
    expect(await page.locator('table.files tbody tr').count()).toBeGreaterThan(3);
    await shot('files');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await signIn('boss');
    await page.goto(`${base}/audit`);
    const text = await page.locator('table.audit').innerText();
    expect(text).toMatch(/demo\s+biller\s+resubmit/);
    expect(text).toMatch(/demo\s+biller\s+view/);
    await shot('audit');
  });
});
