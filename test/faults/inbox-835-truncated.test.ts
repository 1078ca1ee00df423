/**
 * A large 835 is validated whole before any of it is posted (src/gateway/inbox.ts, survey pass): a file
 * whose last interchange is cut short is quarantined with nothing posted, although its first 835s (each
 * larger than a posting chunk) are complete and would post. The same file complete posts every claim
 * payment, in chunks. (The old inbox read the whole file before posting and quarantined it too: this
 * guards the two-pass design, where posting starts before the file's end has been read a second time.)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, openLedgerDb, type LedgerDb } from '../../src/ledger/index.js';
import { processInbox } from '../../src/gateway/inbox.js';
import { createLogger } from '../../src/gateway/logger.js';
import type { RuntimeContext } from '../../src/gateway/context.js';
import { seedClaims, writeLarge835 } from '../../bench/large-835.js';

const handles: LedgerDb[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function setUp(truncateBy: number) {
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-trunc835-'));
  dirs.push(dir);
  const folders = { inbox: join(dir, 'inbox'), inboxArchive: join(dir, 'archive'), quarantine: join(dir, 'quarantine'), reports: join(dir, 'reports'), results: join(dir, 'results'), data: join(dir, 'data') };
  for (const f of Object.values(folders)) mkdirSync(f, { recursive: true });
  const file = join(folders.inbox, 'demo__PAY.835');
  const big = await writeLarge835(file, 1.5e6, 2500);
  if (truncateBy) truncateSync(file, statSync(file).size - truncateBy);
  const handle = await openLedgerDb({ dataDir: folders.data });
  handles.push(handle);
  const ledger = createLedger(handle.db);
  await seedClaims(ledger, 'demo', big.claims);
  const ctx = {
    folders,
    partners: new Map([['demo', {}]]),
    defaultPartner: 'demo',
    ledger,
    log: createLogger({ level: 'info', destination: new Writable({ write: (_c, _e, cb) => cb() }) }),
    now: () => new Date(),
    crash: () => {},
    transport: () => {
      throw new Error('no transport in this test');
    },
  } as unknown as RuntimeContext;
  return { dir, folders, ledger, ctx, big };
}

describe('a large 835 is validated before anything is posted', () => {
  it('quarantines a file cut short in its last interchange, posting none of its complete 835s', async () => {
    const { folders, ledger, ctx, big } = await setUp(40);
    expect(big.remittances).toBeGreaterThan(1);
    expect(await processInbox(ctx)).toEqual({ posted: 0, duplicates: 0, quarantined: 1 });
    expect(await ledger.listRemittances()).toHaveLength(0);
    expect((await ledger.listClaims()).every((c) => c.state === 'ack-accepted')).toBe(true);
    const notes = readdirSync(folders.quarantine).filter((n) => n.endsWith('.errors.txt'));
    expect(readFileSync(join(folders.quarantine, notes[0]!), 'utf8')).toMatch(/cannot be posted/);
    // No temporary report file is left behind.
    expect(readdirSync(folders.reports).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('posts the complete file: every claim payment once, in chunks', async () => {
    const { ledger, ctx, big } = await setUp(0);
    expect(await processInbox(ctx)).toEqual({ posted: 1, duplicates: 0, quarantined: 0 });
    expect(await ledger.listRemittances()).toHaveLength(big.remittances);
    const claims = await ledger.listClaims();
    expect(claims.filter((c) => ['paid', 'partially-paid', 'denied'].includes(c.state))).toHaveLength(big.claims);
  }, 120_000);
});
