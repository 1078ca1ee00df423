/**
 * Issue 10 item 8: one unreachable partner must not stall the loop. Beside a healthy partner (the
 * simulated clearinghouse, real SFTP) sit two black holes: a TCP listener that accepts and never speaks,
 * and one that never accepts (a listen backlog that is full, so the SYN is never answered). Each has
 * claims waiting and a poll due on every cycle. The healthy partner's claims are uploaded and its
 * responses posted within two cycles; each cycle is bounded by the partner budget, not by the black
 * holes' timeouts; the black holes are suspended (logged with the reason) and not dialled again until
 * their breaker's backoff has passed; their claims wait in the spool, untouched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayConfigSchema, resolveConfig } from '../../src/gateway/config.js';
import { createGateway, type Gateway } from '../../src/gateway/runtime.js';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { testPartner } from '../helpers/partner.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Accepts TCP connections and never sends a byte. */
async function silentListener(): Promise<{ port: number; accepted: () => number; server: Server }> {
  let accepted = 0;
  const held: Socket[] = [];
  const server = createServer((s) => {
    accepted++;
    s.on('error', () => undefined);
    held.push(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(() => {
    for (const s of held) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { port: (server.address() as { port: number }).port, accepted: () => accepted, server };
}

/**
 * A port whose listener never accepts: a socket listening with backlog 0 that nobody accept()s (a small
 * Python child: Node accepts every connection itself), its one queue slot taken by a filler connection,
 * so a new SYN is dropped and the client's connect hangs. Fails loudly when python3 is missing.
 */
async function neverAccepting(): Promise<{ port: number }> {
  const child: ChildProcess = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(3600)'], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanup.push(() => void child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`python3 is needed for the never-accepting listener: ${e.message}`)));
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  // Fill the accept queue: connect until a connection no longer completes.
  for (let i = 0; i < 8; i++) {
    const s = new Socket();
    s.on('error', () => undefined);
    cleanup.push(() => void s.destroy());
    const connected = await new Promise<boolean>((r) => {
      const t = setTimeout(() => r(false), 400);
      s.connect(port, '127.0.0.1', () => (clearTimeout(t), r(true)));
    });
    if (!connected) return { port };
  }
  throw new Error('could not fill the listen backlog of the never-accepting listener');
}

describe('a black-holed partner beside a healthy one', () => {
  it('never delays the healthy partner, intake or posting; cycles stay bounded; black holes are suspended', async () => {
    const h: Harness = await startHarness();
    cleanup.push(() => h.close());
    const silent = await silentListener();
    const dead = await neverAccepting();
    const base = JSON.parse(readFileSync(h.partnerPath, 'utf8'));
    const hole = (id: string, port: number) =>
      testPartner(
        { host: '127.0.0.1', port, username: 'practice', keyFile: base.sftp.privateKey.file, fingerprint: 'SHA256:' + 'Q'.repeat(43) },
        // A realistic connect timeout: far longer than the cycle is allowed to take.
        { id, pollIntervalMs: 50 },
      );
    const partners = [hole('silent', silent.port), hole('dead', dead.port)];
    for (const p of partners) p.sftp.readyTimeoutMs = 15_000;
    const config = GatewayConfigSchema.parse(JSON.parse(readFileSync(h.configPath, 'utf8')));
    // Generous for a healthy partner's handshake and transfer on a loaded 2-core machine.
    const budgetMs = 3_000;
    const gw: Gateway = createGateway({ resolved: resolveConfig(config, h.dir, partners), ledger: h.ledger, log: h.gateway.context.log, watch: false, partnerBudgetMs: budgetMs, breaker: { baseMs: 60_000 } });
    cleanup.push(() => gw.stop());

    const outbox = gw.context.folders.outbox;
    writeFileSync(`${outbox}/healthy.json`, JSON.stringify(syntheticBatch({ batchId: 'HEALTHY', partnerId: 'demo', claims: 4 })));
    writeFileSync(`${outbox}/to-silent.json`, JSON.stringify(syntheticBatch({ batchId: 'SILENT', partnerId: 'silent', claims: 2 })));
    writeFileSync(`${outbox}/to-dead.json`, JSON.stringify(syntheticBatch({ batchId: 'DEAD', partnerId: 'dead', claims: 2 })));
    // The outbox takes a file once it has seen it stable: one look, then the measured cycles.
    await gw.cycle({ poll: false });
    await new Promise((r) => setTimeout(r, 120));

    const healthyDone = async () => {
      const claims = (await h.ledger.listClaims()).filter((c) => c.partner_id === 'demo');
      return claims.length === 4 && claims.every((c) => FINAL_STATES.includes(c.state));
    };
    const durations: number[] = [];
    let cycles = 0;
    for (; cycles < 2 && !(await healthyDone()); ) {
      const t0 = Date.now();
      await gw.cycle({ poll: true });
      durations.push(Date.now() - t0);
      cycles++;
      await h.sim.scan();
      await h.sim.idle();
    }
    expect(await healthyDone(), JSON.stringify(durations) + h.logs.filter((l) => /partner\.|upload|poll|download|inbox|cycle/.test(l)).join('')).toBe(true);
    // Bounded by the budget (plus local work on a loaded machine), not by the 15 s connect timeout (x3 tries).
    for (const d of durations) expect(d).toBeLessThan(budgetMs + 5_000);

    // Let the black holes' connects time out; both are then suspended, with the reason.
    await gw.stop();
    const suspended = h.logs.filter((l) => l.includes('"event":"partner.suspended"')).map((l) => JSON.parse(l));
    expect(suspended.map((s) => [s.partner, s.kind]).sort()).toEqual([
      ['dead', 'timeout'],
      ['silent', 'timeout'],
    ]);
    // Open breakers are skipped without a network call: no second connection within the backoff.
    const before = silent.accepted();
    const t0 = Date.now();
    await gw.cycle({ poll: true });
    expect(Date.now() - t0).toBeLessThan(budgetMs + 5_000);
    expect(silent.accepted()).toBe(before);
    expect(before).toBe(1);
    // Their 837s wait in the spool (`uploading` = look at the remote side before sending again), nothing lost.
    const waiting = (await h.ledger.outboundFiles()).filter((f) => f.partner_id !== 'demo');
    expect(waiting).toHaveLength(2);
    for (const f of waiting) expect(['spooled', 'uploading']).toContain(f.state);
    expect((await h.ledger.listClaims()).filter((c) => c.partner_id !== 'demo' && c.state !== 'generated')).toEqual([]);
  }, 90_000);
});
