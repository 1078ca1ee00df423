/**
 * Large inbound answers for the gateway's chunked posting (issue 12, round 6): a 999 acknowledging many
 * transaction sets, a 277 (X212) answering many claims, written to disk in flat memory, the ledger rows
 * they answer, and a driver that posts an inbox folder the way the gateway does (`processInbox`) — from
 * this tree or from another build's `dist/` (same-run A/B). Synthetic data only.
 *
 *   tsx bench/inbound-answers.ts prepare DIR 999|277 COUNT   inbox file + seeded ledger in DIR
 *   tsx bench/inbound-answers.ts post DIR [BUILD_ROOT]       processInbox over DIR (BUILD_ROOT: a compiled tree's dist/)
 *
 * `post` prints one JSON line: posted / duplicates / quarantined, CPU seconds (user + system) and peak RSS.
 * X12GW_CRASH_AT (src/gateway/crash.ts) kills it at a crash point, as the gateway would be.
 */
import { createWriteStream, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Ledger } from '../src/ledger/index.js';
import { seedClaims, pcnOf } from './large-835.js';

const ISA = (sender: string, receiver: string, control: number) =>
  `ISA*00*          *00*          *ZZ*${sender.padEnd(15)}*ZZ*${receiver.padEnd(15)}*260110*1200*^*00501*${String(control).padStart(9, '0')}*0*T*:~\n`;

/** Streams `parts()` to `path` via a temporary name (flat memory); returns the bytes written. */
async function writeStreamed(path: string, parts: () => Iterable<string>): Promise<number> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp`);
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  let written = 0;
  for (const text of parts()) {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
  return written;
}

/** The ST02 of the `i`-th transaction set we sent (0-based). */
export const setControlOf = (i: number) => String(i + 1).padStart(9, '0');

/**
 * A 999 acknowledging `sets` transaction sets of our functional group `groupControl` (one AK2 loop each,
 * every `rejectEvery`-th rejected with an IK3 / IK4): one interchange, one 999.
 */
export async function write999Answering(path: string, groupControl: number, sets: number, rejectEvery = 7): Promise<{ sets: number; rejected: number; bytes: number }> {
  let rejected = 0;
  const bytes = await writeStreamed(path, function* () {
    yield `${ISA('SIMCH', 'PRACTICE01', 900)}GS*FA*SIMCH*PRACTICE01*20260110*1200*900*X*005010X231A1~\nST*999*0001*005010X231A1~\nAK1*HC*${groupControl}*005010X222A1~\n`;
    let segments = 2;
    let lines: string[] = [];
    for (let i = 0; i < sets; i++) {
      const reject = i % rejectEvery === rejectEvery - 1;
      if (reject) rejected++;
      lines.push(`AK2*837*${setControlOf(i)}*005010X222A1~`);
      if (reject) lines.push('IK3*NM1*12*2010*8~', 'IK4*9*67*7*X~', 'IK5*R*5~');
      else lines.push('IK5*A~');
      segments += reject ? 4 : 2;
      if (lines.length > 2000) {
        yield lines.join('\n') + '\n';
        lines = [];
      }
    }
    yield lines.join('\n') + '\n';
    yield `AK9*${rejected ? 'P' : 'A'}*${sets}*${sets}*${sets - rejected}~\nSE*${segments + 2}*0001~\nGE*1*900~\nIEA*1*000000900~\n`;
  });
  return { sets, rejected, bytes };
}

/** The ledger rows a 999 of `write999Answering` answers: our 837 file, interchange, group `groupControl` and `sets` transaction sets of one uploaded claim each. */
export async function seed999Group(ledger: Ledger, partnerId: string, groupControl: number, sets: number): Promise<void> {
  const batch = await ledger.recordFile({ direction: 'intake', partnerId, name: `seed-999-${groupControl}.json`, sha256: `seed-999-${groupControl}-${sets}`, size: 0, kind: 'batch', localPath: '/dev/null' });
  const now = new Date().toISOString();
  const sent = { file: { id: `FSEED${groupControl}` } };
  await ledger.db.transaction().execute(async (trx) => {
    await trx.insertInto('files').values({ id: sent.file.id, direction: 'out', partner_id: partnerId, name: `sent-${groupControl}.837`, sha256: `sent-${groupControl}-${sets}`, dedupe_key: null, size: 0, kind: '837P', state: 'uploaded', duplicate_of: null, local_path: null, remote_name: `sent-${groupControl}.837`, content: null, summary: null, error: null, attempts: 0, created_at: now, updated_at: now }).execute();
    await trx.insertInto('interchanges').values({ id: `ICSEED${groupControl}`, partner_id: partnerId, direction: 'out', control_number: groupControl, file_id: sent.file.id, chunk_key: `seed-${groupControl}`, isa_date: '260110', isa_time: '1200', ta1_status: null, created_at: now }).execute();
    await trx.insertInto('groups').values({ id: `GSEED${groupControl}`, interchange_id: `ICSEED${groupControl}`, partner_id: partnerId, control_number: groupControl, functional_id: 'HC', version: '005010X222A1', ack_status: null }).execute();
    for (let i = 0; i < sets; i += 500) {
      const n = Math.min(sets, i + 500) - i;
      const idx = Array.from({ length: n }, (_, k) => i + k);
      await trx.insertInto('transaction_sets').values(idx.map((k) => ({ id: `TSEED${groupControl}-${k}`, group_id: `GSEED${groupControl}`, control_number: setControlOf(k), type: '837', ack_status: null, claim_count: 1 }))).execute();
      await trx
        .insertInto('claims')
        .values(idx.map((k) => ({ id: `ACK${groupControl}-${k}`, batch_file_id: batch.file.id, batch_index: k, partner_id: partnerId, payer_id: 'SIMPAYER', claim_type: 'professional', patient_control_number: `ACK${groupControl}-${k}`, total_charge: '125.00', service_date: '2026-01-05', transaction_set_id: `TSEED${groupControl}-${k}`, state: 'uploaded' as const, payer_claim_number: null, paid_amount: null, patient_responsibility: null, data: '{}', created_at: now, updated_at: now, patient_last: null, patient_first: null, member_id: null })))
        .execute();
    }
  });
}

/**
 * A 277 (X212) answering `count` of our claims (`pcnOf(i)`, seeded by `seedClaims`): one subscriber level
 * and one claim status loop each, matched by REF*EJ; every 5th finalized paid (F1), the rest pended (P1).
 */
export async function write277Answers(path: string, count: number): Promise<{ answers: number; paid: number; bytes: number }> {
  let paid = 0;
  const bytes = await writeStreamed(path, function* () {
    yield `${ISA('SIMCH', 'PRACTICE01', 901)}GS*HN*SIMCH*PRACTICE01*20260110*1200*901*X*005010X212~\nST*277*0001*005010X212~\nBHT*0010*08*4712-1*20260110*1200*DG~\nHL*1**20*1~\nNM1*PR*2*SAMPLE HEALTH PLAN*****PI*SHP01~\nHL*2*1*21*1~\nNM1*41*2*TEST BILLING SERVICE*****46*PRACTICE01~\nHL*3*2*19*1~\nNM1*1P*2*SAMPLE FAMILY CLINIC*****XX*1234567893~\n`;
    let segments = 8;
    let lines: string[] = [];
    for (let i = 0; i < count; i++) {
      const f1 = i % 5 === 0;
      if (f1) paid++;
      lines.push(`HL*${i + 4}*3*22*0~`, `NM1*IL*1*SYNTHETIC*PAT****MI*M${String(i).padStart(9, '0')}~`, `TRN*2*T${String(i).padStart(9, '0')}~`, f1 ? 'STC*F1:65*20260110**125*100~' : 'STC*P1:20*20260110**125~', `REF*EJ*${pcnOf(i)}~`, 'DTP*472*D8*20260105~');
      segments += 6;
      if (lines.length > 3000) {
        yield lines.join('\n') + '\n';
        lines = [];
      }
    }
    yield lines.join('\n') + '\n';
    yield `SE*${segments + 1}*0001~\nGE*1*901~\nIEA*1*000000901~\n`;
  });
  return { answers: count, paid, bytes };
}

/** The folders `processInbox` works in, below `dir`. */
export function inboxFolders(dir: string) {
  const folders = { inbox: join(dir, 'inbox'), inboxArchive: join(dir, 'archive'), quarantine: join(dir, 'quarantine'), reports: join(dir, 'reports'), results: join(dir, 'results'), data: join(dir, 'data') };
  for (const f of Object.values(folders)) mkdirSync(f, { recursive: true });
  return folders;
}

/** Writes the inbox file and seeds the ledger it answers. */
export async function prepare(dir: string, kind: '999' | '277', count: number, root = '..'): Promise<Record<string, number>> {
  const folders = inboxFolders(dir);
  const { createLedger, openLedgerDb } = await import(`${root}/src/ledger/index.js`);
  const handle = await openLedgerDb({ dataDir: folders.data });
  try {
    const ledger = createLedger(handle.db) as Ledger;
    if (kind === '999') {
      await seed999Group(ledger, 'demo', 4242, count);
      return write999Answering(join(folders.inbox, 'demo__BIG.999'), 4242, count);
    }
    await seedClaims(ledger, 'demo', count);
    return write277Answers(join(folders.inbox, 'demo__BIG.277'), count);
  } finally {
    await handle.close();
  }
}

/** `processInbox` over `dir` with the modules of `root` (this tree by default, or a compiled build's dist/). */
export async function post(dir: string, root = '..'): Promise<{ posted: number; duplicates: number; quarantined: number }> {
  const folders = inboxFolders(dir);
  const { createLedger, openLedgerDb } = await import(`${root}/src/ledger/index.js`);
  const { processInbox } = await import(`${root}/src/gateway/inbox.js`);
  const { createLogger } = await import(`${root}/src/gateway/logger.js`);
  const { crashPoint } = await import(`${root}/src/gateway/crash.js`);
  const handle = await openLedgerDb({ dataDir: folders.data });
  try {
    const ctx = {
      folders,
      partners: new Map([['demo', {}]]),
      defaultPartner: 'demo',
      ledger: createLedger(handle.db),
      log: createLogger({ level: 'warn', destination: new Writable({ write: (c, _e, cb) => (process.stderr.write(c), cb()) }) }),
      now: () => new Date(),
      crash: (p: string) => crashPoint(p),
      transport: () => {
        throw new Error('no transport here');
      },
    };
    return await processInbox(ctx);
  } finally {
    await handle.close();
  }
}

/** The rows `npm run bench` prints (bench/run.ts), labels as in docs/performance.md (round 6, "the inbound paths still read whole"). */
export const INBOUND_ROWS = [
  { label: 'inbox posts a 999', kind: '999' as const, count: 50_000, unit: 'sets', heapMb: undefined as number | undefined },
  { label: 'inbox posts a 277 (X212), heap capped at 64 MiB', kind: '277' as const, count: 100_000, unit: 'answers', heapMb: 64 as number | undefined },
];

/**
 * `npm run bench` (bench/run.ts, BENCH_ONLY=inbound-answers): each row's inbox file and ledger prepared in a
 * temporary folder, then posted by a child process (`post`, under tsx, as test/faults/inbox-chunked-answers.test.ts
 * runs it): CPU seconds and peak RSS of that child, items per CPU second. BENCH_INBOUND_SCALE (default 1)
 * scales the counts.
 */
export async function run(): Promise<void> {
  const { mkdtempSync, rmSync, statSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { spawn } = await import('node:child_process');
  // From sources: bench/inbound-answers.ts under tsx; compiled (`npm run bench`): dist/bench/inbound-answers.js.
  const here = dirname(new URL(import.meta.url).pathname);
  const compiled = here.endsWith(join('dist', 'bench'));
  const repo = compiled ? resolve(here, '..', '..') : resolve(here, '..');
  const self = compiled ? [join(here, 'inbound-answers.js')] : ['--import', 'tsx', join(repo, 'bench', 'inbound-answers.ts')];
  const scale = Number(process.env.BENCH_INBOUND_SCALE ?? 1);
  console.log(`${'row'.padEnd(50)} ${'input MB'.padStart(8)} ${'items'.padStart(8)} ${'CPU s'.padStart(7)} ${'per CPU s'.padStart(10)} ${'peak RSS MB'.padStart(12)}  result`);
  for (const row of INBOUND_ROWS) {
    const dir = mkdtempSync(join(tmpdir(), 'x12gw-bench-inbound-'));
    try {
      const count = Math.max(1, Math.round(row.count * scale));
      await prepare(dir, row.kind, count);
      const inboxFile = join(dir, 'inbox', row.kind === '999' ? 'demo__BIG.999' : 'demo__BIG.277');
      const bytes = statSync(inboxFile).size;
      const args = [...(row.heapMb ? [`--max-old-space-size=${row.heapMb}`] : []), ...self, 'post', dir];
      const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      const line = out.trim().split('\n').pop() ?? '';
      const r = code === 0 && line.startsWith('{') ? (JSON.parse(line) as { posted: number; cpuSeconds: number; peakRssMb?: number }) : undefined;
      const result = r ? (r.posted === 1 ? 'posted' : `posted ${r.posted} files`) : `failed (exit ${code}): ${err.split('\n').find((l) => /error/i.test(l))?.slice(0, 100) ?? ''}`;
      console.log(`${row.label.padEnd(50)} ${(bytes / 1048576).toFixed(1).padStart(8)} ${String(count).padStart(8)} ${(r?.cpuSeconds ?? 0).toFixed(1).padStart(7)} ${(r ? (count / r.cpuSeconds).toFixed(0) + ' ' + row.unit : '').padStart(10)} ${(r?.peakRssMb ?? 0).toFixed(0).padStart(12)}  ${result}`);
      if (!r) process.exitCode = 1;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [cmd, dir, a, b] = process.argv.slice(2);
  const root = (r?: string) => (r ? pathToFileURL(resolve(r)).href : '..');
  const run = async () => {
    if (cmd === 'prepare') return prepare(resolve(dir!), a as '999' | '277', Number(b), root(process.env.X12GW_BUILD_ROOT));
    if (cmd === 'post') return post(resolve(dir!), root(a));
    throw new Error('usage: inbound-answers.ts prepare DIR 999|277 COUNT | post DIR [BUILD_ROOT]');
  };
  run().then(
    (r) => {
      const u = process.cpuUsage();
      const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
      console.log(JSON.stringify({ ...r, cpuSeconds: (u.user + u.system) / 1e6, peakRssMb: peak ? Number(peak[1]) / 1024 : undefined }));
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
