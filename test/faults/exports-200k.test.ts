/**
 * Issue 10, item 10: the CSV exports are complete at any size. 200,000 claims (bulk SQL), each on the
 * worklist (denied) and owing a patient balance; a running gateway with its API (`x12gw serve`, separate
 * process) exports /v1/claims.csv, /v1/worklist.csv, /v1/patient-balances.csv and the pages' /claims.csv,
 * /worklist.csv, /balances.csv: every row, each claim once, while the server's peak RSS stays bounded.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedgerDb } from '../../src/ledger/index.js';
import { createUserStore } from '../../src/ledger/users.js';
import type { Simulator } from '../../src/simulator/clearinghouse.js';
import { startGatewayChild, waitOrStop, type ChildRun } from '../helpers/child.js';
import { startSimulator, writeConfig } from '../helpers/harness.js';

const ROWS = 200_000;
const TOKEN = 'export-token-0123456789abcdef';
const PASSWORD = 'correct horse battery';

let dir = '';
let sim: Simulator | undefined;
let run: ChildRun | undefined;
afterAll(async () => {
  if (run) await waitOrStop(run, 0);
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function seed(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  const at0 = Date.UTC(2025, 0, 1);
  db.prepare(`INSERT INTO files (id, direction, partner_id, name, sha256, dedupe_key, size, kind, state, attempts, created_at, updated_at) VALUES ('B1', 'intake', 'demo', 'big.json', ?, ?, 1, 'batch', 'processed', 0, ?, ?)`).run('b'.repeat(64), 'b'.repeat(64), new Date(at0).toISOString(), new Date(at0).toISOString());
  const insert = db.prepare(`INSERT INTO claims (id, batch_file_id, batch_index, partner_id, payer_id, claim_type, patient_control_number, total_charge, service_date, state, paid_amount, patient_responsibility, data, created_at, updated_at, patient_last, patient_first, member_id)
    VALUES (?, 'B1', ?, 'demo', ?, 'professional', ?, '150.00', ?, 'denied', '0.00', '12.34', ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const id = `C${String(i).padStart(7, '0')}`;
      // Names and dates repeat (ties the keyset must get past); a few are missing (NULLs sort first).
      const last = i % 97 === 0 ? null : `LAST${String(i % 5000).padStart(4, '0')}`;
      const first = i % 89 === 0 ? null : `FIRST${i % 7}`;
      const serviceDate = i % 83 === 0 ? null : new Date(at0 + (i % 365) * 86_400_000).toISOString().slice(0, 10);
      // Created in bursts of 1,000 claims per second (equal created_at), updated in bursts of 50 per second.
      const created = new Date(at0 + Math.floor(i / 1000) * 1000).toISOString();
      const updated = new Date(at0 + 86_400_000 + Math.floor(i / 50) * 1000).toISOString();
      const data = JSON.stringify({ billingProvider: { npi: '1234567893', name: 'SYNTHETIC CLINIC' }, subscriber: { memberId: `M${i}` }, claimId: `PCN${i}`, lines: [{ procedureCode: '99213', charge: '150.00' }] });
      insert.run(id, i, `PAYER${i % 13}`, `PCN${i}`, serviceDate, data, created, updated, last, first, `M${i}`);
    }
  })();
  db.close();
}

/** Streams a CSV download, counting data rows and distinct first cells (ledger ids) without keeping the body. */
async function download(url: string, headers: Record<string, string>): Promise<{ status: number; rows: number; ids: number; cacheControl: string | null }> {
  const res = await fetch(url, { headers });
  const ids = new Set<string>();
  let rows = -1; // the header line
  let rest = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\r\n');
    rest = lines.pop()!;
    for (const line of lines) {
      rows++;
      if (rows > 0) ids.add(line.slice(0, line.indexOf(',')));
    }
  }
  if (rest) throw new Error(`unterminated last line: ${rest.slice(0, 40)}`);
  return { status: res.status, rows, ids: ids.size, cacheControl: res.headers.get('cache-control') };
}

async function signIn(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${base}/login`);
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: 'ada', password: PASSWORD, _csrf: csrf }).toString() });
  expect(res.status).toBe(303);
  keep(res);
  return cookie();
}

const memory = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
};

describe('exports at any scale (issue 10 item 10)', () => {
  it(`exports ${ROWS.toLocaleString('en-US')} rows complete from each export, with bounded memory`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-exp-'));
    const started = await startSimulator(dir);
    sim = started.sim;
    const { config, configPath } = writeConfig(dir, sim, started.key.file, { partner: { pollIntervalMs: 600_000 }, config: { api: { host: '127.0.0.1', port: 0, tokens: { env: 'X12GW_EXPORT_TOKENS' } } } });
    mkdirSync(config.dataDir, { recursive: true });
    const handle = await openLedgerDb({ dataDir: config.dataDir });
    await createUserStore(handle.db).createUser({ username: 'ada', password: PASSWORD, role: 'admin' });
    await handle.close();
    const t0 = Date.now();
    seed(join(config.dataDir, 'ledger.sqlite'));
    console.log(`seeded ${ROWS} claims in ${Date.now() - t0} ms`);

    // A small heap on purpose: an export that gathered its rows (the old code) cannot fit in it.
    run = startGatewayChild(configPath, { X12GW_EXPORT_TOKENS: TOKEN, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=192`.trim() });
    const pid = run.child.pid!;
    const end = Date.now() + 60_000;
    let base = '';
    while (!base) {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(run.output.join(''));
      if (m) base = m[1];
      else if (Date.now() > end) throw new Error(`the API did not start: ${run.output.join('').slice(-2000)}`);
      else await new Promise((r) => setTimeout(r, 100));
    }
    const cookie = await signIn(base);
    const before = memory(pid);
    const exports: Array<[string, Record<string, string>]> = [
      ['/v1/claims.csv', { authorization: `Bearer ${TOKEN}` }],
      ['/v1/worklist.csv', { authorization: `Bearer ${TOKEN}` }],
      ['/v1/patient-balances.csv', { authorization: `Bearer ${TOKEN}` }],
      ['/claims.csv', { cookie }],
      ['/worklist.csv', { cookie }],
      ['/balances.csv', { cookie }],
    ];
    for (const [path, headers] of exports) {
      const t = Date.now();
      const got = await download(base + path, headers);
      console.log(`${path}: ${got.rows} rows, ${got.ids} distinct claims in ${Date.now() - t} ms; server RSS now ${memory(pid).rssMb.toFixed(0)} MB`);
      expect(got.status, path).toBe(200);
      expect(got.cacheControl, path).toBe('no-store');
      expect(got.rows, path).toBe(ROWS);
      expect(got.ids, path).toBe(ROWS);
    }
    const after = memory(pid);
    console.log(`server RSS before the exports ${before.rssMb.toFixed(0)} MB, peak ${after.peakMb.toFixed(0)} MB`);
    // One page at a time: the whole export (~40 MB of CSV, ~200,000 row objects) is never in memory.
    expect(after.peakMb - before.rssMb).toBeLessThan(150);
    expect(run.output.join('')).toContain('"event":"workbench.export"');
  }, 600_000);
});

describe('no IN list over SQLite\'s variable limit (issue 10 item 10)', () => {
  it('looks up 40,000 ids at once in every array-driven query', async () => {
    const { createWorkbenchQueries, worklistDetails } = await import('../../src/ledger/workbench-queries.js');
    const { workbenchDb } = await import('../../src/ledger/workbench-schema.js');
    const handle = await openLedgerDb({ file: ':memory:' });
    try {
      const ids = Array.from({ length: 40_000 }, (_, i) => `X${i}`);
      const queries = createWorkbenchQueries(handle.db);
      expect((await queries.patientBalanceClaims({ limit: 10, offset: 0, claimIds: ids })).total).toBe(0);
      expect((await queries.patientAdjustments(ids)).size).toBe(0);
      const rows = ids.map((id) => ({ id, data: '{}' }) as Parameters<typeof worklistDetails>[1][number]);
      expect(await worklistDetails(workbenchDb(handle.db), rows)).toHaveLength(40_000);
    } finally {
      await handle.close();
    }
  });
});
