/**
 * The gateway never records or uploads an 837 our own validator refuses: a queued claim that cannot be
 * written (its stored data no longer fits the model, or its 837 fails the validator) is held in the queue
 * with one alert, and the other claims of its chunk are generated (src/gateway/outbound-check.ts).
 * The writer fault is planted (an unknown segment before the claim's CLM), as in the CLI's own check test.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Claim } from '../../../src/claims/model.js';
import { createLogger } from '../../../src/gateway/logger.js';
import type { RuntimeContext } from '../../../src/gateway/context.js';
import { createLedger, sha256, type Ledger, type LedgerDb } from '../../../src/ledger/index.js';
import { listAlerts } from '../../../src/ledger/alerts.js';
import { allFindings, readX12 } from '../../../src/guides/index.js';
import { openTestLedgerDb } from '../../helpers/test-ledger.js';
import { testPartner } from '../../helpers/partner.js';
import { professionalInput } from '../claims/fixtures.js';

const planted = vi.hoisted(() => ({ claimIds: new Set<string>(), builds: 0 }));
vi.mock('../../../src/gateway/claims-port.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/gateway/claims-port.js')>();
  return {
    ...original,
    build837: (...args: Parameters<typeof original.build837>) => {
      planted.builds++;
      const built = original.build837(...args);
      let text = built.text;
      for (const id of planted.claimIds) text = text.replace(`CLM*${id}*`, `ZZZ*1~CLM*${id}*`);
      return { ...built, text };
    },
  };
});
const { generatePending } = await import('../../../src/gateway/sender.js');

let dir: string;
let handle: LedgerDb;
let ledger: Ledger;
let logs: string[];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'x12gw-unwritable-'));
  handle = await openTestLedgerDb({ dataDir: dir });
  ledger = createLedger(handle.db);
  logs = [];
  planted.claimIds = new Set();
  planted.builds = 0;
});
afterEach(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const partner = testPartner({ host: '127.0.0.1', port: 22, username: 'u', fingerprint: 'SHA256:' + 'A'.repeat(43) });

function context(): RuntimeContext {
  const log = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) }) });
  return { partners: new Map([[partner.id, partner]]), defaultPartner: partner.id, ledger, log, now: () => new Date('2026-12-07T12:00:00Z'), crash: () => {} } as unknown as RuntimeContext;
}

/** Queues claims as intake stores them (the claim model as JSON), one batch; `data` overrides a claim's stored JSON. */
async function queue(claimIds: string[], data: Record<string, unknown> = {}): Promise<Map<string, string>> {
  const claims = claimIds.map((claimId, index) => {
    const claim = Claim.parse(professionalInput({ claimId }));
    return { index, partnerId: partner.id, payerId: 'PAYER1', claimType: '837P', patientControlNumber: claimId, totalCharge: String(claim.totalCharge), serviceDate: '2024-03-01', lines: [], data: (data[claimId] ?? claim) as Record<string, unknown> };
  });
  const r = await ledger.recordBatch({ name: 'batch.json', sha256: sha256(claimIds.join(',')), size: 1, partnerId: partner.id, claims });
  return new Map(claimIds.map((c, i) => [c, r.claimIds[i]]));
}

const stateOf = async (id: string) => (await handle.db.selectFrom('claims').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
const outboundFiles = () => handle.db.selectFrom('files').select(['content']).where('direction', '=', 'out').execute();

describe('claims the gateway cannot write as a valid 837', () => {
  it('a claim whose 837 fails our validator is held (queued, one alert); the rest of its chunk is generated, and the file is valid', async () => {
    const ids = await queue(['OK-1', 'BAD-2', 'OK-3']);
    planted.claimIds = new Set(['BAD-2']);
    expect(await generatePending(context())).toBe(1);
    expect(await stateOf(ids.get('OK-1')!)).toBe('generated');
    expect(await stateOf(ids.get('OK-3')!)).toBe('generated');
    expect(await stateOf(ids.get('BAD-2')!)).toBe('queued');
    const files = await outboundFiles();
    expect(files).toHaveLength(1);
    expect(files[0].content).not.toContain('BAD-2');
    expect(allFindings(readX12(files[0].content!)).filter((f) => f.severity === 'error')).toEqual([]);
    const alerts = (await listAlerts(handle.db, {})).items.filter((a) => a.kind === 'claim-unwritable');
    expect(alerts.map((a) => a.claimId)).toEqual([ids.get('BAD-2')]);
    expect(alerts[0].note).toMatch(/fails our own validator: .*\[X12-/);
    // The next pass holds it again without a second alert, and sends nothing more.
    expect(await generatePending(context())).toBe(0);
    expect((await listAlerts(handle.db, {})).items.filter((a) => a.kind === 'claim-unwritable')).toHaveLength(1);
    expect(await stateOf(ids.get('BAD-2')!)).toBe('queued');
    // Warned once (with the alert), not on every pass that holds it again.
    const levelOf = (event: string) => logs.map((l) => JSON.parse(l) as { event?: string; level: number }).filter((l) => l.event === event).map((l) => l.level);
    expect(levelOf('generate.held')).toEqual([40]);
    expect(levelOf('generate.still-held')).toEqual([20]);
    // Once it can be written (here: the fault gone), it goes out.
    planted.claimIds = new Set();
    expect(await generatePending(context())).toBe(1);
    expect(await stateOf(ids.get('BAD-2')!)).toBe('generated');
  });

  it('the bad claims of a chunk are found by halving it, not by one build per claim', async () => {
    const names = Array.from({ length: 32 }, (_, i) => `C-${i + 1}`);
    const ids = await queue(names);
    planted.claimIds = new Set(['C-5', 'C-27']);
    expect(await generatePending(context())).toBe(1);
    for (const n of names) expect([n, await stateOf(ids.get(n)!)]).toEqual([n, planted.claimIds.has(n) ? 'queued' : 'generated']);
    const alerts = (await listAlerts(handle.db, {})).items.filter((a) => a.kind === 'claim-unwritable');
    expect(alerts.map((a) => a.claimId).sort()).toEqual([ids.get('C-5'), ids.get('C-27')].sort());
    // 1 refused chunk + 2 halves + 2 quarters + ... down to the two claims (2 per level, 5 levels) + the chunk without them.
    expect(planted.builds).toBeLessThanOrEqual(1 + 2 * 2 * 5 + 1);
  });

  it('a claim whose stored data no longer fits the model is held; the others are generated; nothing throws', async () => {
    const stale = { ...Claim.parse(professionalInput({ claimId: 'OLD-1' })), retiredField: 'x' };
    const ids = await queue(['OLD-1', 'OK-2'], { 'OLD-1': stale });
    expect(await generatePending(context())).toBe(1);
    expect(await stateOf(ids.get('OLD-1')!)).toBe('queued');
    expect(await stateOf(ids.get('OK-2')!)).toBe('generated');
    const alerts = (await listAlerts(handle.db, {})).items.filter((a) => a.kind === 'claim-unwritable');
    expect(alerts.map((a) => [a.claimId, a.note])).toEqual([[ids.get('OLD-1'), 'Held in the queue, not sent: its stored data no longer fits the claim model.']]);
  });

  it('the logs name the held claim by its ledger id only: no claim contents', async () => {
    await queue(['OK-1', 'BAD-2']);
    planted.claimIds = new Set(['BAD-2']);
    await generatePending(context());
    const held = logs.filter((l) => l.includes('generate.held'));
    expect(held).toHaveLength(1);
    const fixture = Claim.parse(professionalInput({ claimId: 'BAD-2' }));
    for (const phi of [fixture.subscriber.name.last, fixture.subscriber.memberId, 'BAD-2']) expect(logs.join('')).not.toContain(phi);
  });
});
