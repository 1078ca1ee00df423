/** `x12gw user`: operators create workbench users and API tokens for `x12gw serve` from the command line. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedgerDb } from '../../src/ledger/db.js';
import { practiceIdsFor, practicesOfUser } from '../../src/ledger/tenants.js';
import { createUserStore } from '../../src/ledger/users.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'x12gw-cli-user-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'user', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, X12GW_USER_PASSWORD: '', ...env }, timeout: 60_000 });

// Each case starts the CLI several times (tsx start-up and scrypt): room for a loaded CI machine.
describe('x12gw user', { timeout: 180_000 }, () => {
  it('creates a user from a gateway config, with a token, and the ledger accepts both', async () => {
    const config = join(dir, 'gateway.json');
    // partner profiles are not needed to manage users: the named one does not exist here
    writeFileSync(config, JSON.stringify({ dataDir: 'data', partners: [], defaultPartner: 'acme' }));
    const password = 'correct horse battery';
    const r = cli(['--config', config, '--username', 'ann', '--role', 'biller', '--token', 'billing-system'], { X12GW_USER_PASSWORD: password });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^user ann \(biller\) ready$/m);
    const token = /shown once\): (\S+)/.exec(r.stdout)?.[1];
    expect(token).toMatch(/^x12gw_/);
    expect(r.stdout).not.toContain(password);

    const handle = await openLedgerDb({ dataDir: join(dir, 'data') });
    try {
      const users = createUserStore(handle.db);
      expect((await users.authenticate('ann', password))?.role).toBe('biller');
      expect(await users.authenticate('ann', 'wrong password!!')).toBeUndefined();
      expect((await users.userForToken(token!))?.username).toBe('ann');
    } finally {
      await handle.close();
    }

    // again with another role: the same user, reset; --list shows it
    expect(cli(['--data', join(dir, 'data'), '--username', 'ann', '--role', 'read-only'], { X12GW_USER_PASSWORD: password }).status).toBe(0);
    const list = cli(['--data', join(dir, 'data'), '--list']);
    expect(list.status).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual(['ann\tread-only']);
  });

  it('refuses bad usage with exit 3 and a reason, never a stack trace, and never takes a password argument', () => {
    const data = join(dir, 'other');
    const noPassword = cli(['--data', data, '--username', 'bob']);
    expect(noPassword.status).toBe(3);
    expect(noPassword.stderr).toMatch(/X12GW_USER_PASSWORD \(at least 12 characters\)/);
    const shortPassword = cli(['--data', data, '--username', 'bob'], { X12GW_USER_PASSWORD: 'short' });
    expect(shortPassword.status).toBe(3);
    const badRole = cli(['--data', data, '--username', 'bob', '--role', 'root'], { X12GW_USER_PASSWORD: 'long enough password' });
    expect(badRole.status).toBe(3);
    expect(badRole.stderr).toMatch(/--role must be one of admin, biller, read-only/);
    const both = cli(['--data', data, '--config', join(dir, 'gateway.json'), '--username', 'bob']);
    expect(both.status).toBe(3);
    expect(cli(['--username', 'bob']).status).toBe(3);
    expect(cli(['--data', data, '--username', 'bob', '--password', 'x'], { X12GW_USER_PASSWORD: 'long enough password' }).status).toBe(3);
    for (const r of [noPassword, shortPassword, badRole, both]) expect(r.stderr).not.toMatch(/\s+at /);
    // bad usage creates no ledger
    expect(existsSync(data)).toBe(false);
  });
  it('--practice makes a practice admin (or biller) whose sessions see only that practice; an admin without one is service-wide', async () => {
    const config = join(dir, 'tenants.json');
    writeFileSync(config, JSON.stringify({ dataDir: 'tenants-data', partners: [], defaultPartner: 'acme', practices: [{ id: 'alpha', name: 'Alpha', billingProviderNpis: ['1234567893'] }] }));
    const password = 'correct horse battery';
    const r = cli(['--config', config, '--username', 'pat', '--role', 'admin', '--practice', 'alpha'], { X12GW_USER_PASSWORD: password });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^user pat \(admin of practice alpha\) ready$/m);
    const unknown = cli(['--config', config, '--username', 'quinn', '--practice', 'nowhere'], { X12GW_USER_PASSWORD: password });
    expect(unknown.status).toBe(3);
    expect(unknown.stderr).toMatch(/no practice "nowhere"/);
    expect(cli(['--config', config, '--username', 'root', '--role', 'admin'], { X12GW_USER_PASSWORD: password }).status).toBe(0);
    const list = cli(['--config', config, '--list']);
    expect(list.stdout.trim().split('\n')).toEqual(expect.arrayContaining(['pat\tadmin\talpha:admin', 'root\tadmin']));

    const handle = await openLedgerDb({ dataDir: join(dir, 'tenants-data') });
    try {
      const users = createUserStore(handle.db);
      const pat = (await users.authenticate('pat', password))!;
      const root = (await users.authenticate('root', password))!;
      expect(practiceIdsFor(pat, await practicesOfUser(handle.db, pat.id))).toEqual(['alpha']);
      expect(practiceIdsFor(root, await practicesOfUser(handle.db, root.id))).toBe('all');
    } finally {
      await handle.close();
    }
  });
});
