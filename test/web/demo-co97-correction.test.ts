/**
 * Issue 16 "must show": the line-level correction of a CO-97 reduction in the demo itself (`x12gw demo`,
 * a child process: gateway + simulated payer on loopback SFTP), in headless Chromium at 1280 px and 390 px.
 * A claim the payer reduced with CO-97 is found on the demo's worklist, its line corrected through the
 * form, and submitted; it goes out as a replacement (frequency 7 with the payer's claim number) and the
 * simulated payer, which pays a corrected procedure, answers it paid. The new claim's page shows it paid
 * and the worklist no longer lists the original.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/child.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = mkdtempSync(join(tmpdir(), 'x12gw-demo-co97-'));
let demo: ChildProcess | undefined;
let browser: Browser;
let base: string;
let password: string;
let token: string;
const out = { stdout: '', stderr: '' };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function until<T>(get: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; demo stderr: ${out.stderr.slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

interface WorklistBody {
  items: Array<{ id: string; claimId: string; state: string; reasons: Array<{ code: string }> }>;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const dir = join(root, 'demo');
  demo = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'demo', '--dir', dir, '--port', String(await freePort()), '--log-level', 'warn'], { cwd: REPO, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  demo.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  demo.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  await until(async () => (/Press Ctrl-C to stop/.test(out.stdout) ? true : demo!.exitCode !== null ? (() => { throw new Error(`demo exited: ${out.stderr.slice(-2000)}`); })() : undefined), 150_000, 'the demo to start');
  const credentials = readFileSync(join(dir, 'demo-credentials.txt'), 'utf8');
  base = /^workbench (http:\/\/127\.0\.0\.1:\d+)\//m.exec(credentials)![1];
  password = /^password (.+)$/m.exec(credentials)![1];
  token = /^API token (.+)$/m.exec(credentials)![1];
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'] });
}, 200_000);

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null && demo.signalCode === null) {
    const exited = new Promise((r) => demo!.once('exit', r));
    demo.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
  }
  rmSync(root, { recursive: true, force: true });
}, 30_000);

async function signedIn(width: number) {
  const page = await (await browser.newContext({ viewport: { width, height: 860 } })).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('User name').fill('demo');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}

const scrollWidth = (page: Awaited<ReturnType<typeof signedIn>>) => page.evaluate(() => document.documentElement.scrollWidth);

/**
 * The demo's data hold one CO-97 reduction (the simulated payer picks outcomes by a hash of the claim
 * number), and a correction uses it up: the correction is made once, at 1280 px, and every page of the
 * flow (worklist, claim with its form, the paid replacement, the worklist after) is checked at both widths.
 */
describe('the CO-97 line correction in the demo, at 1280 px and 390 px', () => {
  it('corrects the line, goes out as a replacement (frequency 7), comes back paid, and leaves the worklist', async () => {
    const target = await until(async () => (await api<WorklistBody>('/v1/worklist?reason=CO-97&limit=100')).items.find((i) => i.reasons.some((r) => r.code.startsWith('CO-97'))), 120_000, 'a CO-97 claim on the worklist');
    const original = await api<{ payerClaimNumber: string | null }>(`/v1/claims/${target.id}`);
    expect(original.payerClaimNumber).toBeTruthy();
    const wide = await signedIn(1280);
    const phone = await signedIn(390);

    // Both widths: the worklist lists it, the claim page says CO-97 and offers the line fields.
    for (const page of [wide, phone]) {
      await page.goto(`${base}/worklist?reason=CO-97`);
      expect(await page.locator(`tr[data-claim="${target.id}"]`).count()).toBe(1);
      if (page === phone) expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await page.locator(`tr[data-claim="${target.id}"] a[href="/claims/${target.id}#fix-h"]`).click();
      await page.waitForURL(new RegExp(`/claims/${target.id}`));
      expect(await page.locator('.reasons').innerText()).toMatch(/CO-97/);
      expect(await page.getByLabel(/Line 1 procedure code/).isVisible()).toBe(true);
      if (page === phone) expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    }

    // The simulated payer pays a corrected procedure (src/simulator/adjudicate.ts answerClaim).
    const procedure = wide.getByLabel(/Line 1 procedure code/);
    const corrected = (await procedure.inputValue()) === '99214' ? '99213' : '99214';
    await procedure.fill(corrected);
    await wide.getByRole('button', { name: 'Re-scrub and resubmit' }).click();
    await wide.waitForURL(/done=/);
    const replacement = new URL(wide.url()).searchParams.get('done')!;
    expect(replacement).not.toBe(target.id);

    const answered = await until(async () => {
      const c = await api<{ state: string; lines: Array<{ procedureCode: string }>; timeline: Array<{ to: string; sourceFileId: string | null }> }>(`/v1/claims/${replacement}`);
      if (c.state === 'paid') return c;
      if (['denied', 'partially-paid', 'payer-rejected', 'ack-rejected', 'interchange-rejected', 'scrub-rejected'].includes(c.state)) throw new Error(`the replacement ended ${c.state}`);
      return undefined;
    }, 150_000, 'the replacement to be paid');
    expect(answered.lines[0].procedureCode).toBe(corrected);
    // The 837 that carried it: a replacement (CLM05-3 = 7) naming the payer's claim number (REF*F8).
    const sentFile = answered.timeline.find((e) => e.to === 'generated')!.sourceFileId!;
    const res = await fetch(`${base}/v1/files/${sentFile}/raw`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const segments = (await res.text()).split(/~\s*/);
    const at = segments.findIndex((x) => x.startsWith(`CLM*${target.claimId}*`));
    expect(at).toBeGreaterThan(0);
    expect(segments[at].split('*')[5]).toMatch(/:7$/);
    const claimSegments = segments.slice(at + 1, segments.findIndex((x, i) => i > at && (x.startsWith('CLM*') || x.startsWith('SE*'))));
    expect(claimSegments).toContain(`REF*F8*${original.payerClaimNumber}`);

    // Both widths: the replacement's page shows it paid; the worklist no longer lists the claim.
    for (const page of [wide, phone]) {
      await page.goto(`${base}/claims/${replacement}`);
      const h1 = await page.locator('h1').innerText();
      expect(h1).toMatch(/\bpaid\b/);
      expect(h1).not.toMatch(/partially-paid|denied/);
      await page.goto(`${base}/worklist?limit=200`);
      expect(await page.locator(`tr[data-claim="${target.id}"]`).count()).toBe(0);
      expect(await page.locator(`tr[data-claim="${replacement}"]`).count()).toBe(0);
      if (page === phone) expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    }
    await wide.context().close();
    await phone.context().close();
  }, 400_000);
});
