/**
 * A private PostgreSQL cluster for tests, started the way sshd.ts starts OpenSSH: Debian's `postgresql`
 * package (`/usr/lib/postgresql/<version>/bin/initdb`, `pg_ctl`), a fresh cluster under a temporary
 * folder, listening on 127.0.0.1 on a free port with its socket in that folder. As root the cluster runs
 * as the `postgres` user (initdb refuses root).
 *
 * It never skips: when the server is missing, `startPostgres` throws naming the package to install
 * (scripts/ensure-test-deps.mjs installs it when run as root).
 *
 * `createDatabase()` gives each test its own empty database on the one cluster (cheap: a template copy).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './sshd.js';

export interface PostgresHandle {
  port: number;
  /** URL of the `postgres` maintenance database. */
  url: string;
  /** Creates a database (empty, or a copy of `template`) and returns its URL. */
  createDatabase(prefix?: string, template?: string): Promise<string>;
  /** Stops the server (immediate mode) and removes the cluster. */
  dispose(): Promise<void>;
}

/** The newest installed server's bin folder, or a loud error naming the package. */
export function findPostgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server is not installed (no /usr/lib/postgresql/*/bin/initdb): run `apt-get install -y postgresql` (scripts/ensure-test-deps.mjs does it as root).');
  versions.sort((a, b) => Number(b) - Number(a));
  return join(base, versions[0], 'bin');
}

function postmasterPid(data: string): number | undefined {
  try {
    return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function run(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

export async function startPostgres(): Promise<PostgresHandle> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'x12gw-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const sock = join(dir, 'sock');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(sock, { mode: 0o755 });
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const p of [dir, data, sock]) chownSync(p, uid, gid);
  }
  const user = 'x12gw';
  run(join(bin, 'initdb'), ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  const port = await freePort();
  // fsync off and small shared memory: a throwaway test cluster on a loaded 2-core machine.
  const opts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB`;
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']);
  const url = `postgres://${user}@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    port,
    url,
    async createDatabase(prefix = 'ledger', template?: string) {
      const name = `${prefix}_${process.pid}_${++n}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://${user}@127.0.0.1:${port}/${name}`;
    },
    async dispose() {
      // Immediate shutdown by signal (SIGQUIT to the postmaster), then SIGKILL if it lingers: never waits
      // on a busy backend the way `pg_ctl stop -w` can on a loaded machine.
      const pid = postmasterPid(data);
      try {
        if (pid) {
          signal(pid, 'SIGQUIT');
          for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
          if (alive(pid)) signal(pid, 'SIGKILL');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
