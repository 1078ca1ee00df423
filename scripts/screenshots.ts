/**
 * README screenshots taken from the demo itself: runs `x12gw demo` in a temporary folder, signs in as the
 * demo user (password from the demo's 0600 credentials file), and saves the dashboard, the worklist, a
 * claim's timeline and the A/R aging page to docs/screenshots/, then stops the demo with Ctrl-C (SIGINT).
 *
 *   npx tsx scripts/screenshots.ts            (CHROMIUM_PATH overrides /usr/bin/chromium)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`);

const dir = join(mkdtempSync(join(tmpdir(), 'x12gw-shots-')), 'demo');
const demo = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'demo', '--dir', dir, '--port', '0', '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let stdout = '';
demo.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
const exited = new Promise<void>((r) => demo.once('exit', () => r()));

try {
  const deadline = Date.now() + 180_000;
  while (!/Press Ctrl-C to stop/.test(stdout)) {
    if (demo.exitCode !== null || Date.now() > deadline) throw new Error(`the demo did not start:\n${stdout}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const credentials = readFileSync(join(dir, 'demo-credentials.txt'), 'utf8');
  const base = /^workbench (\S+?)\/?$/m.exec(credentials)![1];
  const password = /^password (\S+)$/m.exec(credentials)![1];
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('User name').fill('demo');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await page.screenshot({ path: join(out, 'dashboard.png') });
    await page.goto(`${base}/worklist`);
    await page.screenshot({ path: join(out, 'worklist.png') });
    const claim = await page.locator('a[href^="/claims/C"]').first().getAttribute('href');
    if (claim) {
      await page.goto(`${base}${claim}`);
      await page.screenshot({ path: join(out, 'claim-timeline.png') });
    }
    await page.goto(`${base}/aging`);
    await page.screenshot({ path: join(out, 'aging.png') });
    process.stdout.write(`screenshots from the demo at ${base} written to ${out}\n`);
  } finally {
    await browser.close();
  }
} finally {
  demo.kill('SIGINT');
  await exited;
  rmSync(dirname(dir), { recursive: true, force: true });
}
