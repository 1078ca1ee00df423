/**
 * Patient accounts and deposits in real headless Chromium against a ledger filled by the gateway and
 * the simulated clearinghouse: record a patient payment on the account page (more than the balance, so it
 * becomes a credit) and see the account balance and the grand total change; paste a bank statement CSV
 * on the deposits page and see matched / unmatched with the difference to the cent.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsSettings } from '../../src/accounts/settings.js';
import { buildServer } from '../../src/api/app.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { createUserStore } from '../../src/ledger/users.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../test-artifacts');
const PASSWORD = 'accounts-test-password';
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
let browser: Browser;
let page: Page;

const amountOf = (text: string) => new Decimal(text.replace(/,/g, '').replace('−', '-').replace(/[^\d.-]/g, ''));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'acct.json'), JSON.stringify(syntheticBatch({ batchId: 'ACCT', claims: 12 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 12 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  server = await buildServer({ deps: { ledger: h.ledger, tokens: [], workbench: { partnerIds: ['demo'], accounts: accountsSettings({ practice: { name: 'Valley Clinic', address: ['1 Main St'], phone: '217-555-0100' } } as never) } }, logger: false });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  await createUserStore(h.ledger.db).createUser({ username: 'demo', password: PASSWORD, role: 'biller' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`${base}/login`);
  await page.getByLabel('User name').fill('demo');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

describe('patient accounts and deposits in Chromium', () => {
  it('records a patient payment; the account goes into credit and the grand total drops by the payment', async () => {
    await page.goto(`${base}/accounts`);
    const before = amountOf(await page.locator('[data-grand-total]').innerText());
    expect(before.greaterThan(0)).toBe(true);
    const row = page.locator('table.accounts tbody tr').first();
    const balance = amountOf(await row.locator('[data-balance]').innerText());
    await row.locator('a').first().click();
    await page.waitForURL(/\/accounts\/G[0-9a-f]{16}$/);
    const payment = balance.plus('5.25');
    const form = page.getByRole('form', { name: 'Record a patient payment' });
    await form.getByLabel('Amount').fill(payment.toFixed(2));
    await form.getByLabel('Method').selectOption('card');
    await form.getByRole('button', { name: 'Record payment' }).click();
    await page.waitForURL(/done=/);
    expect(await page.getByRole('status').innerText()).toMatch(/in credit \(5\.25\)/);
    expect(amountOf(await page.locator('[data-account-balance]').innerText()).toFixed(2)).toBe('-5.25');
    await page.screenshot({ path: join(ARTIFACTS, 'accounts-ledger.png'), fullPage: true });
    await page.goto(`${base}/accounts`);
    expect(amountOf(await page.locator('[data-grand-total]').innerText()).toFixed(2)).toBe(before.minus(payment).toFixed(2));
    expect(await page.locator('[data-credit]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'accounts-list.png'), fullPage: true });
  });

  it('imports a deposit CSV and shows matched and unmatched with the difference to the cent', async () => {
    const eras = (await h.ledger.listRemittances()).filter((r) => new Decimal(r.payment_amount).greaterThan(0));
    expect(eras.length).toBeGreaterThan(0);
    const era = eras[0];
    const csv = `date,amount,reference,description\n${era.payment_date ?? '2026-01-01'},${new Decimal(era.payment_amount).minus('0.25').toFixed(2)},TRN*1*${era.trace_number}*1512345678,HEALTH PLAN ACH\n2020-01-01,17.00,,COUNTER DEPOSIT\n`;
    await page.goto(`${base}/deposits`);
    const form = page.getByRole('form', { name: 'Import deposits' });
    await form.getByLabel(/Bank statement/).fill(csv);
    await form.getByRole('button', { name: 'Import deposits' }).click();
    await page.waitForURL(/done=/);
    expect(await page.getByRole('status').innerText()).toMatch(/Imported 2 deposit/);
    expect(await page.locator('[data-count="matched"]').innerText()).toBe('1');
    expect(await page.locator('table.matched [data-difference]').innerText()).toBe('−0.25');
    expect(await page.locator('[data-total="difference"]').innerText()).toBe('−0.25');
    expect(await page.locator('table.unmatched-deposits tbody tr').count()).toBe(1);
    expect(await page.locator('table.unmatched-eras tbody tr:not(:has(.muted))').count()).toBe(eras.length - 1);
    await page.screenshot({ path: join(ARTIFACTS, 'deposits.png'), fullPage: true });
  });
});
