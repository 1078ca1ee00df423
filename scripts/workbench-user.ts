/**
 * Creates (or resets) a workbench user in a ledger: `npx tsx scripts/workbench-user.ts --data DIR
 * --username NAME --role admin|biller|read-only [--token LABEL]`. The password comes from the
 * environment variable X12GW_USER_PASSWORD (never a command-line argument: it would show in `ps`).
 * With --token, an API token for that user is created and printed once.
 */
import { parseArgs } from 'node:util';
import { openLedgerDb } from '../src/ledger/db.js';
import { createUserStore } from '../src/ledger/users.js';
import { ROLES, type Role } from '../src/ledger/workbench-schema.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: 'data' }, username: { type: 'string' }, role: { type: 'string', default: 'biller' }, token: { type: 'string' } } });
const password = process.env.X12GW_USER_PASSWORD ?? '';
if (!values.username || !(ROLES as readonly string[]).includes(values.role!) || password.length < 12) {
  process.stderr.write('usage: X12GW_USER_PASSWORD=… (12+ characters) workbench-user.ts --data DIR --username NAME --role admin|biller|read-only [--token LABEL]\n');
  process.exit(2);
}
const handle = await openLedgerDb({ dataDir: values.data });
const users = createUserStore(handle.db);
const user = await users.ensureUser({ username: values.username, password, role: values.role as Role });
process.stdout.write(`user ${user.username} (${user.role}) ready\n`);
if (values.token) process.stdout.write(`API token (shown once): ${await users.createApiToken(user.id, values.token)}\n`);
await handle.close();
