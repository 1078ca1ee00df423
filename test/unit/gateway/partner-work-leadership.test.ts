/**
 * Several instances on one PostgreSQL (issue 17): an instance that leads no partner does no partner
 * work — and does not read the pending 837s (their bytes) from the ledger on every cycle to find that
 * out (bench/instances.ts found every idle instance doing so). The ledger here answers nothing: any
 * call to it fails the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayConfigSchema, resolveFolders } from '../../../src/gateway/config.js';
import type { RuntimeContext } from '../../../src/gateway/context.js';
import { createLogger } from '../../../src/gateway/logger.js';
import { createPartnerHealth } from '../../../src/gateway/partner-health.js';
import { createPartnerWork } from '../../../src/gateway/partner-work.js';
import type { Ledger } from '../../../src/ledger/ledger.js';
import { testPartner } from '../../helpers/partner.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('partner work on an instance that leads no partner', () => {
  it('skips every partner without touching the ledger', async () => {
    dir = mkdtempSync(join(tmpdir(), 'x12gw-nolead-'));
    const touched: string[] = [];
    const ledger = new Proxy({}, { get: (_t, prop) => (typeof prop === 'string' ? (...args: unknown[]) => (touched.push(prop), Promise.reject(new Error(`ledger.${prop} called with ${args.length} argument(s)`))) : undefined) }) as unknown as Ledger;
    const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
    const now = () => new Date();
    const partner = testPartner({ host: '127.0.0.1', port: 1, username: 'practice', fingerprint: `SHA256:${'A'.repeat(43)}`, passwordEnv: 'UNUSED' });
    const asked: string[] = [];
    const ctx: RuntimeContext = {
      folders: resolveFolders(GatewayConfigSchema.parse({ defaultPartner: 'demo' }), dir),
      partners: new Map([[partner.id, partner]]),
      defaultPartner: partner.id,
      ledger,
      log,
      now,
      crash: () => {},
      transport: () => {
        throw new Error('no transport: this instance leads nobody');
      },
      leadership: { holds: async (id) => (asked.push(id), false), release: async () => {} },
    };
    const work = createPartnerWork(ctx, createPartnerHealth({ log, now }));
    const report = await work.run({ due: () => true, budgetMs: 5_000 });
    expect(report).toEqual({ uploaded: 0, uploadFailures: 0, downloaded: 0, skipped: ['demo'] });
    expect(asked).toEqual(['demo']);
    expect(touched).toEqual([]);
  });
});
