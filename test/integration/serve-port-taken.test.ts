/**
 * `startRuntime` when the API's port is taken: the gateway it already started on the folder is stopped
 * before the error goes up, so a caller that retries on another port (the demo does) runs one gateway on
 * the folder, not two (two gateways on one folder race for its inbox: `inbox.duplicate` warnings).
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime } from '../../src/cli/commands/serve.js';
import { loadConfigFile } from '../../src/gateway/config.js';
import { createLogger } from '../../src/gateway/logger.js';
import { startDemoEnvironment, type DemoEnvironment } from '../../src/simulator/demo-environment.js';

const dir = mkdtempSync(join(tmpdir(), 'x12gw-port-taken-'));
let env: DemoEnvironment;

beforeAll(async () => {
  env = await startDemoEnvironment({ dir, repoRoot: resolve(__dirname, '../..') });
}, 120_000);

afterAll(async () => {
  await env?.sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

function capturedLog() {
  const events: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) events.push(JSON.parse(line).event);
      done();
    },
  });
  return { events, log: createLogger({ level: 'info', destination: destination as never }) };
}

describe('startRuntime on a taken API port', () => {
  it('throws EADDRINUSE with its gateway stopped, and a retry on a free port runs exactly one gateway', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as AddressInfo).port;
    try {
      const first = capturedLog();
      const err = await startRuntime(loadConfigFile(env.configPath), { log: first.log, apiPort: port, apiTokens: ['port-taken-token-0123456789'] }).then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      );
      expect(err?.code).toBe('EADDRINUSE');
      const started = first.events.indexOf('gateway.started');
      expect(started).toBeGreaterThanOrEqual(0);
      // Stopped after it started: on the old code the failed runtime's gateway kept running.
      expect(first.events.indexOf('gateway.stopped')).toBeGreaterThan(started);

      const second = capturedLog();
      const running = await startRuntime(loadConfigFile(env.configPath), { log: second.log, apiPort: 0, apiTokens: ['port-taken-token-0123456789'] });
      try {
        expect(running.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(second.events.filter((e) => e === 'gateway.started')).toHaveLength(1);
      } finally {
        await running.stop();
      }
      // Nothing of the first runtime logged after its error (no cycle of a forgotten gateway).
      const afterStop = first.events.slice(first.events.indexOf('gateway.stopped') + 1);
      expect(afterStop).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 120_000);
});
