#!/usr/bin/env node
/**
 * `npm test` runs this first: the integration and browser tests need OpenSSH's sshd and Debian's Chromium,
 * the ledger's PostgreSQL tests Debian's postgresql (server binaries; the tests start their own cluster).
 * When one is missing and we are root on a Debian-like machine, install it with apt-get; otherwise say
 * exactly what to install and fail, so a test run never silently skips them.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const has = (cmd, paths) => paths.some((p) => existsSync(p)) || (() => { try { execSync(`command -v ${cmd}`, { stdio: 'ignore', shell: '/bin/sh' }); return true; } catch { return false; } })();
const missing = [];
if (!has('sshd', ['/usr/sbin/sshd'])) missing.push('openssh-server');
if (!has('chromium', ['/usr/bin/chromium'])) missing.push('chromium');
// PostgreSQL's server binaries (initdb, pg_ctl): the ledger's PostgreSQL tests start a private cluster.
const hasPostgres = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
if (!hasPostgres) missing.push('postgresql');
if (missing.length === 0) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (root && existsSync('/usr/bin/apt-get')) {
  console.error(`installing test dependencies: ${missing.join(' ')}`);
  execSync('apt-get update -qq', { stdio: 'inherit' });
  execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`, { stdio: 'inherit', shell: '/bin/sh' });
  process.exit(0);
}
console.error(`The tests need: ${missing.join(', ')}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}) and run npm test again.`);
process.exit(1);
