/**
 * `x12gw user`: creates (or resets) a workbench user in the gateway's ledger, optionally with an API token
 * for a system, or lists the users. The ledger is the one of `--config` (its data folder) or `--data DIR`.
 * The password comes from the environment variable X12GW_USER_PASSWORD, never from the command line (it
 * would show in `ps` and in shell history). A token is printed once; only its hash is stored.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFolders, loadConfigPractices } from '../../gateway/config.js';
import { openLedgerDb } from '../../ledger/db.js';
import { practicesOfUser, setUserPractice, syncPractices, PRACTICE_ID_PATTERN } from '../../ledger/tenants.js';
import { createUserStore } from '../../ledger/users.js';
import { ROLES, type Role } from '../../ledger/workbench-schema.js';

export interface UserOptions {
  config?: string;
  data?: string;
  username?: string;
  role: string;
  token?: string;
  list?: boolean;
  /** Issue 17: the practice the user belongs to, with `role` there (docs/tenants.md). */
  practice?: string;
}

/** The ledger's file in a data folder (src/ledger/db.ts's default). */
const LEDGER_FILE = 'ledger.sqlite';
const PASSWORD_ENV = 'X12GW_USER_PASSWORD';

export async function userCommand(opts: UserOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`x12gw user: ${message}\n`);
    return 3;
  };
  if (!opts.config === !opts.data) return fail('give the ledger with exactly one of --config FILE or --data DIR');
  let dataDir: string;
  try {
    dataDir = opts.config ? loadConfigFolders(opts.config).data : opts.data!;
  } catch (err) {
    return fail(`cannot read the config: ${(err as Error).message}`);
  }
  // Usage is checked before the ledger is opened (opening creates it).
  const password = env[PASSWORD_ENV] ?? '';
  if (!opts.list) {
    if (!opts.username) return fail('--username is required (or --list)');
    if (!(ROLES as readonly string[]).includes(opts.role)) return fail(`--role must be one of ${ROLES.join(', ')}`);
    if (password.length < 12) return fail(`set the password in ${PASSWORD_ENV} (at least 12 characters)`);
    if (opts.practice !== undefined && !PRACTICE_ID_PATTERN.test(opts.practice)) return fail('--practice must be a practice id (letters, digits, ".", "_", "-")');
  }
  // --data names a gateway's existing ledger: a folder without one is a wrong path, not a new ledger. A
  // --config names the gateway itself: its data folder is the right place even before its first start.
  if (opts.data && !existsSync(join(dataDir, LEDGER_FILE))) return fail(`${dataDir} holds no gateway ledger (${LEDGER_FILE}); give the data folder of a gateway that has run (for the demo: data/demo after \`x12gw demo\`)`);
  const handle = await openLedgerDb({ dataDir });
  try {
    const users = createUserStore(handle.db);
    if (opts.list) {
      for (const u of await users.listUsers()) {
        const practices = (await practicesOfUser(handle.db, u.id)).map((p) => `${p.practiceId}:${p.role}`).join(',');
        process.stdout.write(`${u.username}\t${u.role}${practices ? `\t${practices}` : ''}${u.disabled ? '\tdisabled' : ''}\n`);
      }
      return 0;
    }
    if (opts.practice && opts.config) {
      // The practices of the config, as `serve` writes them at start (the one named may be new).
      try {
        await syncPractices(handle.db, loadConfigPractices(opts.config));
      } catch (err) {
        return fail(`cannot read the config's practices: ${(err as Error).message}`);
      }
    }
    const user = await users.ensureUser({ username: opts.username!, password, role: opts.role as Role });
    if (opts.practice) {
      try {
        await setUserPractice(handle.db, user.id, opts.practice, opts.role as Role);
      } catch (err) {
        return fail((err as Error).message);
      }
    }
    process.stdout.write(`user ${user.username} (${user.role}${opts.practice ? ` of practice ${opts.practice}` : ''}) ready\n`);
    if (opts.token) process.stdout.write(`API token "${opts.token}" (shown once): ${await users.createApiToken(user.id, opts.token)}\n`);
    return 0;
  } finally {
    await handle.close();
  }
}
