/**
 * `x12gw sim`: the simulated clearinghouse on its own — an SFTP server on loopback with inbound/ and
 * outbound/ folders that answers 837s with TA1 / 999 / 277CA / 835. Prints its port and host key
 * fingerprint (JSON with --json) and runs until SIGINT / SIGTERM. Its host key is kept in
 * `<dir>/host_ed25519` (0600) and its scheduled responses in `<dir>/scheduled/`, so a restart (or a kill)
 * changes nothing a client can see.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSimulator, HOST_KEY_FILE } from '../../simulator/clearinghouse.js';

export interface SimOptions {
  dir: string;
  port?: string;
  user?: string;
  authorizedKey?: string;
  passwordEnv?: string;
  rejectMemberIds?: string;
  delays?: string;
  plbEvery?: string;
  json?: boolean;
}

export async function simCommand(opts: SimOptions): Promise<number> {
  const [ackMs, statusMs, remitMs] = (opts.delays ?? '0,1000,3000').split(',').map(Number);
  if (!opts.authorizedKey && !opts.passwordEnv) {
    process.stderr.write('x12gw sim: give --authorized-key FILE (an OpenSSH public key) or --password-env VAR\n');
    return 3;
  }
  const password = opts.passwordEnv ? process.env[opts.passwordEnv] : undefined;
  if (opts.passwordEnv && !password) {
    process.stderr.write(`x12gw sim: environment variable ${opts.passwordEnv} is not set\n`);
    return 3;
  }
  const sim = createSimulator({
    dir: opts.dir,
    sftp: { port: Number(opts.port ?? '2222'), username: opts.user ?? 'practice', authorizedKey: opts.authorizedKey ? readFileSync(opts.authorizedKey, 'utf8') : undefined, password },
    delays: { ackMs, statusMs, remitMs },
    rejectMemberIds: opts.rejectMemberIds,
    plbEvery: Number(opts.plbEvery ?? '3'),
    onEvent: (event, fields) => process.stderr.write(JSON.stringify({ event, ...fields }) + '\n'),
  });
  await sim.start();
  const info = { host: sim.server.host, port: sim.server.port, user: opts.user ?? 'practice', hostKeyFingerprint: sim.server.hostKeyFingerprint, hostKeyFile: join(resolve(opts.dir), HOST_KEY_FILE), inbound: 'inbound', outbound: 'outbound' };
  process.stdout.write(opts.json ? JSON.stringify(info) + '\n' : `simulated clearinghouse on sftp://${info.user}@${info.host}:${info.port}  host key ${info.hostKeyFingerprint}\n`);
  await new Promise<void>((r) => {
    process.once('SIGINT', () => r());
    process.once('SIGTERM', () => r());
  });
  await sim.stop();
  return 0;
}
