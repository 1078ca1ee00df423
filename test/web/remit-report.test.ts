/**
 * The remittance HTML report opened in headless Chromium (Debian `chromium`): the payment total, the
 * claim totals and a denied claim's row are visible; a screenshot is kept in test-artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRemittances } from '../../src/remits/read-remittances.js';
import { remittanceHtml } from '../../src/remits/report.js';

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

const executablePath = process.env.CHROMIUM_PATH ?? findChromium();
const ARTIFACTS = join(__dirname, '../../test-artifacts');
const SAMPLE = join(__dirname, '../../samples/remits/paid-partial-denied.835');

// Chromium is required (npm test's pretest installs it): without it the launch below fails loudly.
describe('remittance report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the totals and highlights the denied claim', async () => {
    const { remittances } = readRemittances(readFileSync(SAMPLE), { file: 'paid-partial-denied.835' });
    const html = remittanceHtml(remittances, { title: 'Remittance report — paid-partial-denied.835' });
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'remit-report.html');
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto('file://' + file);

    await expect.poll(() => page.locator('.total-paid').first().innerText()).toBe('330.00');
    const totals = page.locator('table.claims tfoot tr.totals');
    expect(await totals.isVisible()).toBe(true);
    const totalCells = await totals.locator('td').allInnerTexts();
    expect(totalCells[0]).toMatch(/3 claims/);
    expect(totalCells).toContain('875.00'); // billed 300 + 450 + 125
    expect(totalCells).toContain('330.00'); // paid

    const denied = page.locator('table.claims tr.denied', { hasText: 'CLM-C3' });
    expect(await denied.isVisible()).toBe(true);
    expect(await denied.innerText()).toMatch(/Denied/);
    const background = await denied.locator('td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.getByText('Time limit for filing has expired', { exact: false }).first().isVisible()).toBe(true);
    expect(await page.getByText('Balanced', { exact: false }).first().isVisible()).toBe(true);
    expect(requests).toEqual([]);

    const shot = join(ARTIFACTS, 'remit-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot) && statSync(shot).size).toBeGreaterThan(10_000);
    await page.close();
  });
});
