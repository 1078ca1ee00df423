/**
 * Denial intelligence and worklist triage in real headless Chromium (playwright-core) against a server
 * on 127.0.0.1 over a seeded ledger: the worklist shows each row's next action and deadline and sorts by
 * amount; an appeal letter is drafted and printed (print media + PDF); the dashboard's chart.js charts
 * render and their tables carry the same numbers as the ledger's /v1/denial-analytics (and an independent
 * sum of the denied adjustments). Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsConfigSchema, accountsSettings } from '../../src/accounts/settings.js';
import { buildServer } from '../../src/api/app.js';
import { createLedger, openLedgerDb, sha256, type IntakeClaim, type LedgerDb } from '../../src/ledger/index.js';
import { createUserStore } from '../../src/ledger/users.js';
import { fakeBuild } from '../unit/ledger/fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../test-artifacts');
const PASSWORD = 'denials-test-password';
const TOKEN = 'denials-web-token-0123456789';
let dir: string;
let handle: LedgerDb;
let server: Awaited<ReturnType<typeof buildServer>>;
let base: string;
let browser: Browser;
let page: Page;

async function seed() {
  const ledger = createLedger(handle.db, { now: () => new Date('2026-03-01T10:00:00.000Z') });
  const claims: IntakeClaim[] = Array.from({ length: 15 }, (_, i) => ({
    index: i,
    partnerId: 'demo',
    payerId: i % 2 ? 'P2' : 'P1',
    claimType: '837P',
    patientControlNumber: `WEB-D-${String(i + 1).padStart(3, '0')}`,
    totalCharge: new Decimal(90 + ((i * 61) % 200)).plus(new Decimal(i % 3).div(100)).toFixed(2),
    serviceDate: '2026-02-12',
    lines: [{ lineNumber: 1, procedureCode: ['99213', '97110'][i % 2], charge: '1.00', units: '1' }],
    data: { billingProvider: { npi: '1111111112' }, subscriber: { memberId: `MW${i}`, name: { last: `TEST${i}`, first: 'PAT' } } },
  }));
  const rec = await ledger.recordBatch({ name: 'webd.json', sha256: sha256('webd'), size: 1, partnerId: 'demo', claims });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: 'webd', claimIds: rec.claimIds, build: fakeBuild(rec.claimIds) });
  await ledger.markUploaded(g.fileId, 'remote/webd');
  const items = claims.map((c, i) => {
    const kind = i % 3;
    if (kind === 2) return { patientControlNumber: c.patientControlNumber, statusCode: '1', billed: c.totalCharge, paid: new Decimal(c.totalCharge).minus('5.00').toFixed(2), patientResponsibility: '0.00', payerClaimNumber: `PCN${i}`, adjustments: [{ group: 'CO', reason: '45', amount: '5.00' }], lines: [] };
    return { patientControlNumber: c.patientControlNumber, statusCode: '4', billed: c.totalCharge, paid: '0.00', patientResponsibility: '0.00', payerClaimNumber: `PCN${i}`, adjustments: [{ group: 'CO', reason: kind === 0 ? '50' : '4', amount: c.totalCharge }], lines: [] };
  });
  const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: 'webd.835', sha256: sha256('webd.835'), size: 1, kind: '835' });
  await ledger.postRemittance(f.file.id, 'demo', { payerKey: '1999999999', traceNumber: 'TRN-WEBD', paymentAmount: items.reduce((s, c) => s.plus(c.paid), new Decimal(0)).toFixed(2), paymentMethod: 'ACH', paymentDate: '2026-03-02', payerName: 'TEST PAYER', providerAdjustments: [], claims: items });
  return ledger;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'web-denials-'));
  handle = await openLedgerDb({ dataDir: dir });
  const ledger = await seed();
  server = await buildServer({ deps: { ledger, tokens: [TOKEN], workbench: { partnerIds: ['demo'], accounts: accountsSettings(AccountsConfigSchema.parse({ practice: { name: 'Valley Test Clinic', address: ['1 Main St'], phone: '217-555-0100' } })), denialDeadlines: { demo: { P2: { appealWindowDays: 45 } } } } }, logger: false });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  await createUserStore(handle.db).createUser({ username: 'demo', password: PASSWORD, role: 'biller' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`${base}/login`);
  await page.fill('input[name=username]', 'demo');
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click('button[type=submit]')]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('denials in front of people (Chromium)', () => {
  it('the worklist shows each row’s next action and deadline, and sorts by amount', async () => {
    await page.goto(`${base}/worklist`);
    const rows = page.locator('table.worklist tbody tr[data-claim]');
    expect(await rows.count()).toBe(10);
    for (let i = 0; i < 10; i++) {
      expect(await rows.nth(i).locator('.next-action').innerText()).toMatch(/^(Appeal|Correct and resubmit)$/);
      expect(await rows.nth(i).locator('.deadline').innerText()).toMatch(/^(Appeal|Timely filing) by \d{4}-\d{2}-\d{2}$/);
    }
    await Promise.all([page.waitForURL(/sort=amount/), page.click('#sort-amount')]);
    const amounts = await page.locator('table.worklist tbody tr[data-claim]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-amount') ?? ''));
    expect(amounts).toHaveLength(10);
    expect(amounts).toEqual([...amounts].sort((a, b) => new Decimal(b).cmp(a)));
    const total = amounts.reduce((s, a) => s.plus(a), new Decimal(0));
    expect(await page.locator('#worklist-total').innerText()).toBe(total.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    await page.screenshot({ path: join(ARTIFACTS, 'denials-worklist.png'), fullPage: true });
  });

  it('an appeal letter is drafted with the biller’s argument and prints (print media, PDF)', async () => {
    await page.goto(`${base}/worklist?reason=CO-50&payer=P2`);
    await Promise.all([page.waitForURL(/\/appeal$/), page.locator('table.worklist tbody tr[data-claim]').first().getByRole('link', { name: 'Appeal letter' }).click()]);
    expect(await page.locator('#appeal-deadline').innerText()).toBe('2026-04-16');
    await page.fill('#argument', 'The enclosed notes show the visit was medically necessary.');
    await Promise.all([page.waitForURL(/saved=1/), page.click('form[aria-label="The appeal"] button[type=submit]')]);
    expect(await page.locator('#appeal-status').innerText()).toBe('drafted');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form[aria-label="The appeal"]').isVisible()).toBe(false);
    expect(await page.locator('header.top').isVisible()).toBe(false);
    const letter = page.locator('article.letter');
    expect(await letter.innerText()).toMatch(/Valley Test Clinic[\s\S]*CO-50[\s\S]*medically necessary[\s\S]*The enclosed notes show the visit was medically necessary\./);
    await letter.screenshot({ path: join(ARTIFACTS, 'denials-appeal-print.png') });
    const pdf = await page.pdf({ format: 'Letter' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    await page.emulateMedia({ media: 'screen' });
  });

  it('the dashboard’s charts render with chart.js and its tables carry the ledger’s numbers', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('html[data-denial-charts="5"]', { timeout: 15_000 });
    expect(await page.evaluate(() => typeof (window as unknown as { Chart?: unknown }).Chart)).toBe('function');
    const drawn = await page.evaluate(() => [...document.querySelectorAll('canvas[id^="chart-"]')].map((c) => !!(window as unknown as { Chart: { getChart(c: Element): unknown } }).Chart.getChart(c) && (c as HTMLCanvasElement).width > 0));
    expect(drawn).toEqual([true, true, true, true, true]);
    const api = (await (await fetch(`${base}/v1/denial-analytics`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { byReason: Array<{ key: string; claims: number; amount: string }>; byPayer: Array<{ key: string; claims: number; amount: string }> };
    const table = async (id: string) => page.locator(`#table-${id} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => (td as HTMLElement).innerText.trim())));
    expect(await table('reason')).toEqual(api.byReason.map((r) => [r.key, String(r.claims), r.amount]));
    expect(await table('payer')).toEqual(api.byPayer.map((r) => [r.key, String(r.claims), r.amount]));
    // Independently: every CO-50 / CO-4 adjustment of the seed is a denial of its whole charge.
    const adj = await handle.db.selectFrom('adjustments').select(['group_code', 'reason_code', 'amount']).where('reason_code', 'in', ['50', '4']).execute();
    const co50 = adj.filter((a) => a.reason_code === '50').reduce((s, a) => s.plus(a.amount), new Decimal(0));
    expect((await table('reason')).find((r) => r[0] === 'CO-50')?.[2]).toBe(co50.toFixed(2));
    await page.screenshot({ path: join(ARTIFACTS, 'denials-dashboard.png'), fullPage: true });
  });
});
