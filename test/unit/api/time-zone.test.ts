/**
 * Times in the practice's time zone: the config key `timeZone` (IANA name, default UTC, an unknown name
 * refused), wired into the workbench's pages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { formatInstant } from '../../../src/api/web/layout.js';
import { GatewayConfigSchema } from '../../../src/gateway/config.js';
import { createLedger, openLedgerDb } from '../../../src/ledger/index.js';
import { createUserStore } from '../../../src/ledger/users.js';
import { signIn } from './workbench-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'x12gw-tz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('practice time zone', () => {
  it('formats an instant in a zone, with the zone’s name, across daylight saving', () => {
    expect(formatInstant('2024-03-04T14:05:00.000Z', 'UTC')).toBe('2024-03-04 14:05 UTC');
    expect(formatInstant('2024-03-04T14:05:00.000Z', 'America/Chicago')).toBe('2024-03-04 08:05 CST');
    expect(formatInstant('2024-07-04T03:30:00.000Z', 'America/Chicago')).toBe('2024-07-03 22:30 CDT');
  });

  it('is a config key, UTC by default, and refuses a name that is not a time zone', () => {
    expect(GatewayConfigSchema.parse({ defaultPartner: 'demo' }).timeZone).toBe('UTC');
    expect(GatewayConfigSchema.parse({ defaultPartner: 'demo', timeZone: 'America/New_York' }).timeZone).toBe('America/New_York');
    expect(GatewayConfigSchema.safeParse({ defaultPartner: 'demo', timeZone: 'Mars/Olympus_Mons' }).success).toBe(false);
  });

  it('shows the pages’ times in the configured zone', async () => {
    const handle = await openLedgerDb({ dataDir: dir });
    const server = await buildServer({ deps: { ledger: createLedger(handle.db), tokens: [], workbench: { timeZone: 'America/Chicago' } }, logger: false });
    try {
      await createUserStore(handle.db).createUser({ username: 'ada', password: 'correct horse battery', role: 'admin' });
      const admin = await signIn(server, 'ada', 'correct horse battery');
      const audit = await server.inject({ url: '/audit', headers: { cookie: admin.cookie } });
      expect(audit.statusCode).toBe(200);
      expect(audit.body).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} C[SD]T/);
      expect(audit.body).not.toMatch(/\d{2}:\d{2} UTC/);
    } finally {
      await server.close();
      await handle.close();
    }
  });
});
