/**
 * A biller's day in headless Chromium at 1280 px and 390 px: search by patient last name, an invalid date
 * filter shown next to its field, a claim's 837 opened and downloaded, a 404 as a page; at 390 px no page
 * of the navigation is wider than the screen; axe-core finds no serious or critical violation on any page.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/app.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { createUserStore } from '../../src/ledger/users.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PASSWORD = 'workbench-test-password';
let h: Harness;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'day.json'), JSON.stringify(syntheticBatch({ batchId: 'DAY', claims: 16, scrubRejectEvery: 7, payerRejectEvery: 5 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 16 && claims.every((c) => FINAL_STATES.includes(c.state));
  });
  const folders = h.gateway.context.folders;
  server = await buildServer({ deps: { ledger: h.ledger, tokens: ['web-test-token-0123456789'], outbox: folders.outbox, workbench: { partnerIds: ['demo'], folders: { inbox: folders.inbox, quarantine: folders.quarantine } } }, logger: false });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  await createUserStore(h.ledger.db).createUser({ username: 'boss', password: PASSWORD, role: 'admin' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await h?.close();
});

async function signedIn(width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 860 }, acceptDownloads: true, bypassCSP: true })).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('User name').fill('boss');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE }); // the test context bypasses the CSP only to inject axe
  const violations = await page.evaluate(async () => (await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run()).violations);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const width of [1280, 390]) {
  describe(`a biller's day at ${width} px`, () => {
    it('searches claims by patient last name (any case)', async () => {
      const page = await signedIn(width);
      const rows = await h.ledger.db.selectFrom('claims').select(['id', 'patient_last']).execute();
      const last = rows.find((r) => r.patient_last)!.patient_last!;
      await page.goto(`${base}/claims`);
      await page.getByLabel('Patient (last, first)').fill(last.toLowerCase());
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/patient=/);
      const listed = await page.locator('table.claims tbody a[href^="/claims/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice('/claims/'.length)));
      expect(listed.sort()).toEqual(rows.filter((r) => r.patient_last?.toLowerCase().startsWith(last.toLowerCase())).map((r) => r.id).sort());
      await page.context().close();
    }, 60_000);

    it('shows an invalid date filter as an error next to the field', async () => {
      const page = await signedIn(width);
      await page.goto(`${base}/claims?from=2024-02-30`);
      const error = page.locator('#q-from-err');
      await expect(error.isVisible()).resolves.toBe(true);
      expect(await error.innerText()).toContain('does not exist in the calendar');
      expect(await page.locator('#q-from').getAttribute('aria-describedby')).toBe('q-from-err');
      expect(await page.locator('table.claims').count()).toBe(0);
      await page.context().close();
    }, 60_000);

    it('opens a claim’s 837 from the claim page and downloads it', async () => {
      const page = await signedIn(width);
      const claim = (await h.ledger.listClaims({ state: 'paid' as never }))[0];
      await page.goto(`${base}/claims/${claim.id}`);
      await page.locator('dd a[href^="/files/"]').first().click();
      await page.waitForURL(/\/files\/[A-Za-z0-9]+$/);
      expect(await page.locator('h1').innerText()).toMatch(/^File /);
      expect(await page.locator('tr#seg-1 code').innerText()).toMatch(/^ISA\*/);
      expect(await page.locator(`a[href="/claims/${claim.id}"]`).count()).toBeGreaterThan(0);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()]);
      const path = await download.path();
      expect(readFileSync(path).subarray(0, 3).toString()).toBe('ISA');
      await page.context().close();
    }, 60_000);

    it('answers an unknown address with a page', async () => {
      const page = await signedIn(width);
      const res = await page.goto(`${base}/no/such/page`);
      expect(res!.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('Page not found');
      await page.context().close();
    }, 60_000);

    it('keeps every page of the navigation within the screen, and accessible', async () => {
      const page = await signedIn(width);
      const hrefs = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      const claim = (await h.ledger.listClaims({ state: 'paid' as never }))[0];
      const out = (await h.ledger.listFiles({ direction: 'out' }))[0];
      const remit = await h.ledger.db.selectFrom('remittances').select('id').executeTakeFirstOrThrow();
      const pages = [...hrefs, `/claims/${claim.id}`, `/files/${out.id}`, `/remittances/${remit.id}`, '/claims?from=2024-02-30', '/accounts?q=a', '/no/such/page'];
      const problems: string[] = [];
      for (const href of pages) {
        await page.goto(`${base}${href}`);
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        if (w > width) problems.push(`${href}: ${w} px wide`);
        if ((await page.locator('h1').count()) !== 1) problems.push(`${href}: ${await page.locator('h1').count()} h1`);
        for (const p of await axeProblems(page)) problems.push(`${href}: ${p}`);
      }
      expect(problems).toEqual([]);
      await page.context().close();
    }, 180_000);
  });
}
