import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverWebhook, signWebhook, type ResultsDocument } from '../../../src/gateway/outputs.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

const doc: ResultsDocument = { file: 'demo__x.835', fileId: 'I1', kind: '835', postedAt: '2024-03-10T12:00:00Z', claims: [{ claimId: 'C-1', ledgerId: 'L1', state: 'paid', paid: '80.00', patientResponsibility: '20.00', payerClaimNumber: null, codes: [] }], unmatched: 0 };

async function listen(statuses: number[]) {
  const seen: Array<{ signature: string; timestamp: string; body: string }> = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ signature: String(req.headers['x-x12gw-signature']), timestamp: String(req.headers['x-x12gw-timestamp']), body });
      res.statusCode = statuses[Math.min(seen.length - 1, statuses.length - 1)];
      res.end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server!.address() as { port: number }).port}/hook`, seen };
}

describe('webhook', () => {
  it('signs the body with HMAC-SHA256 over timestamp.body and retries server errors', async () => {
    const { url, seen } = await listen([500, 503, 200]);
    const r = await deliverWebhook({ url, secret: 'k3y', attempts: 5, baseDelayMs: 1, timeoutMs: 2000 }, doc);
    expect(r).toEqual({ delivered: true, attempts: 3 });
    for (const s of seen) {
      const expected = 'sha256=' + createHmac('sha256', 'k3y').update(`${s.timestamp}.${s.body}`).digest('hex');
      expect(s.signature).toBe(expected);
    }
    expect(JSON.parse(seen[0].body)).toMatchObject({ event: 'response.posted', fileId: 'I1', claims: [{ claimId: 'C-1', state: 'paid' }] });
    expect(signWebhook('k3y', '1', 'x')).not.toBe(signWebhook('other', '1', 'x'));
  });

  it('does not retry a client error, and gives up after the attempts', async () => {
    const a = await listen([400]);
    expect(await deliverWebhook({ url: a.url, secret: 's', attempts: 5, baseDelayMs: 1, timeoutMs: 2000 }, doc)).toEqual({ delivered: false, attempts: 1 });
    await new Promise<void>((r) => server!.close(() => r()));
    const b = await listen([502]);
    expect(await deliverWebhook({ url: b.url, secret: 's', attempts: 3, baseDelayMs: 1, timeoutMs: 2000 }, doc)).toEqual({ delivered: false, attempts: 3 });
    expect(b.seen).toHaveLength(3);
  });
});
