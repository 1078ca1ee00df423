/**
 * Workbench load: 100,000 claims in a temporary ledger (sent between 2 and 130 days ago; some never
 * answered, some acknowledged, some accepted by the payer, some paid), then the server time of the
 * pages billers use most, measured in-process with inject() (routing, queries, rendering; no network).
 * Target: every page < 300 ms (median server time).
 *
 *   npx tsx bench/workbench.ts [claims]        (or through `npm run bench`, BENCH_ONLY=workbench)
 *   BENCH_WORKBENCH_LEDGER=path/ledger.sqlite npx tsx bench/workbench.ts   (a copy of an existing ledger)
 *   BENCH_WORKBENCH_AS=service …   (the pages as a service-wide user; default: the default practice's biller)
 *   BENCH_WORKBENCH_SKIP='^(worklist|dashboard)$' …   (pages not timed)
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/api/app.js';
import { GatewayPartnerProfile } from '../src/gateway/partners.js';
import { createLedger, openLedgerDb } from '../src/ledger/index.js';
import { createUserStore } from '../src/ledger/users.js';
import { seedSlice, type SeedSlice } from './workbench-seed.js';

export const partner = GatewayPartnerProfile.parse({
  id: 'demo',
  name: 'Bench clearinghouse',
  isa: { senderQualifier: 'ZZ', senderId: 'BENCHSENDER', receiverQualifier: 'ZZ', receiverId: 'BENCHRECV', usage: 'T', ackRequested: false },
  gs: { senderCode: 'BENCHSENDER', receiverCode: 'BENCHRECV' },
  submitter: { name: 'BENCH BILLING', id: 'BENCH01', contact: { name: 'DESK', phone: '5555550100' } },
  receiver: { name: 'BENCH CLEARINGHOUSE', id: 'BENCHCH' },
  limits: { maxClaimsPerTransaction: 500, maxClaimsPerFile: 500 },
  sftp: { host: '127.0.0.1', port: 22, username: 'x', password: { env: 'UNUSED' }, hostKeyFingerprints: ['SHA256:' + 'A'.repeat(43)] },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(total = Number(process.argv[2] ?? process.env.BENCH_WORKBENCH_CLAIMS ?? 100_000)) {
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-wb-bench-'));
  // BENCH_WORKBENCH_LEDGER=<ledger.sqlite>: measure a copy of an existing (closed) ledger instead of seeding
  // one; opening it runs the migrations it lacks, timed as `openSeconds` (e.g. 0008's backfill).
  const reuse = process.env.BENCH_WORKBENCH_LEDGER;
  if (reuse) for (const suffix of ['', '-wal']) if (existsSync(reuse + suffix)) copyFileSync(reuse + suffix, join(dir, 'ledger.sqlite' + suffix));
  const opened = performance.now();
  const handle = await openLedgerDb({ dataDir: dir });
  const openMs = performance.now() - opened;
  const started = performance.now();
  const ages = [2, 12, 25, 40, 55, 70, 85, 100, 130];
  const untils: SeedSlice['until'][] = ['uploaded', 'uploaded', 'ack', 'status', 'paid'];
  const sliceSize = 2500;
  let seeded = 0;
  for (let i = 0; !reuse && seeded < total; i++) {
    const n = Math.min(sliceSize, total - seeded);
    await seedSlice(handle.db, partner, { batchId: `B${i}`, claims: n, sentDaysAgo: ages[i % ages.length], until: untils[i % untils.length], start: seeded + 1 });
    seeded += n;
  }
  if (reuse) seeded = Number((await handle.db.selectFrom('claims').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const seedMs = performance.now() - started;
  const ledger = createLedger(handle.db);
  const users = createUserStore(handle.db);
  const user = await users.createUser({ username: 'bench', password: 'bench-password-123', role: 'biller' });
  const token = await users.createApiToken(user.id, 'bench');
  const server = await buildServer({ deps: { ledger, tokens: ['bench-config-token-0123456789'], workbench: { partnerIds: ['demo'] } }, logger: false });
  // BENCH_WORKBENCH_AS=service: the pages as a service-wide user (the config token) instead of the practice's biller.
  const headers = { authorization: `Bearer ${process.env.BENCH_WORKBENCH_AS === 'service' ? 'bench-config-token-0123456789' : token}` };
  const pages: Array<[string, string]> = [
    ['claims list (first page)', '/claims'],
    ['claims list (page 200)', '/claims?offset=10000'],
    ['claims: state filter', '/claims?state=ack-accepted'],
    ['claims: payer + date range', '/claims?payer=SIMPAYER1&from=2024-01-01&to=2030-12-31'],
    ['claims: date range only', '/claims?from=2024-01-01&to=2030-12-31'],
    ['claims: patient control no.', '/claims?pcn=B7-*'],
    ['aging page', '/aging'],
    ['aging API', '/v1/aging?limit=100'],
    ['worklist', '/worklist'],
    ['dashboard', '/'],
    ['patient balances (per claim)', '/balances?view=claims'],
    ['patient balances (per patient)', '/balances?view=patients'],
  ];
  // Issue 16's search: values taken from a seeded claim (the last one, so a scan would not find it early).
  const sample = await handle.db.selectFrom('claims').select(['patient_last', 'member_id', 'data', 'total_charge']).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  const paidOne = await handle.db.selectFrom('claims').select('payer_claim_number').where('payer_claim_number', 'is not', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  if (sample) {
    const d = JSON.parse(sample.data) as { patient?: { birthDate?: string }; subscriber?: { birthDate?: string } };
    const q = encodeURIComponent;
    pages.push(
      ['claims: patient last-name prefix', `/claims?patient=${q((sample.patient_last ?? 'A').slice(0, 3).toLowerCase())}`],
      ['claims: member id', `/claims?memberId=${q(sample.member_id ?? '')}`],
      ['claims: date of birth', `/claims?dob=${d.patient?.birthDate ?? d.subscriber?.birthDate ?? '1980-01-01'}`],
      ['claims: amount', `/claims?amount=${sample.total_charge}`],
      ['API claims: patient prefix', `/v1/claims?patient=${q((sample.patient_last ?? 'A').slice(0, 3))}&limit=100`],
    );
    if (paidOne?.payer_claim_number) pages.push(['claims: payer claim number', `/claims?payerClaimNumber=${q(paidOne.payer_claim_number)}`]);
  }
  const results: Record<string, { medianMs: number; maxMs: number; status: number; bytes: number }> = {};
  // BENCH_WORKBENCH_SKIP=<regexp>: pages whose name matches are not timed (e.g. a base build's page that does not finish).
  const skip = process.env.BENCH_WORKBENCH_SKIP ? new RegExp(process.env.BENCH_WORKBENCH_SKIP) : undefined;
  for (const [name, url] of pages) {
    if (skip?.test(name)) continue;
    const times: number[] = [];
    let status = 0;
    let bytes = 0;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const res = await server.inject({ url, headers });
      times.push(performance.now() - t);
      status = res.statusCode;
      bytes = res.body.length;
    }
    const warm = times.slice(2); // the first two warm caches and JIT
    results[name] = { medianMs: Math.round(median(warm) * 10) / 10, maxMs: Math.round(Math.max(...warm) * 10) / 10, status, bytes };
  }
  const counts = await ledger.claimStateCounts();
  await server.close();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
  const target = 300;
  const verdict = Object.values(results).every((r) => r.medianMs < target && r.status === 200);
  const out = { bench: 'workbench', as: process.env.BENCH_WORKBENCH_AS === 'service' ? 'service' : 'biller', claims: seeded, states: counts, seedSeconds: reuse ? null : Math.round(seedMs / 100) / 10, openSeconds: Math.round(openMs / 100) / 10, targetMs: target, withinTarget: verdict, pages: results };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return out;
}

if (process.argv[1] && /workbench\.(ts|js)$/.test(process.argv[1])) await run();
