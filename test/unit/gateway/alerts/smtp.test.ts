/**
 * The SMTP client against a local SMTP server the test starts (test/helpers/smtp-server.ts): plain and
 * STARTTLS sessions, AUTH PLAIN, dot-stuffing, refusals and timeouts as values.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageData, sendMail, type SmtpConnection, type SmtpMessage } from '../../../../src/gateway/alerts/smtp.js';
import { startSmtpServer, type SmtpTestServer } from '../../../helpers/smtp-server.js';

let server: SmtpTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

let certDir: string;
let tls: { key: string; cert: string };
beforeAll(() => {
  certDir = mkdtempSync(join(tmpdir(), 'smtp-cert-'));
  // A throwaway self-signed certificate for 127.0.0.1 (openssl must be installed: the test fails without it).
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
  tls = { key: readFileSync(join(certDir, 'key.pem'), 'utf8'), cert: readFileSync(join(certDir, 'cert.pem'), 'utf8') };
});
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

const message = (over: Partial<SmtpMessage> = {}): SmtpMessage => ({
  from: 'x12gw@clinic.example',
  to: ['billing@clinic.example', 'lead@clinic.example'],
  subject: '[x12gw] Timely-filing limit passed: claim C-1',
  text: 'First line.\n.a line that starts with a dot\n.\nlast line',
  messageId: 'DL123',
  date: new Date('2026-12-06T12:00:00Z'),
  ...over,
});
const conn = (port: number, over: Partial<SmtpConnection> = {}): SmtpConnection => ({ host: '127.0.0.1', port, heloName: 'x12gw.test', starttls: false, timeoutMs: 5000, ...over });

describe('SMTP client', () => {
  it('hands a message over with AUTH PLAIN, one RCPT per recipient and the dots of the body stuffed', async () => {
    server = await startSmtpServer({ user: { name: 'gw', password: 's3cret' } });
    const r = await sendMail(conn(server.port, { auth: { user: 'gw', password: 's3cret' } }), message());
    expect(r).toEqual({ ok: true, accepted: ['billing@clinic.example', 'lead@clinic.example'] });
    expect(server.messages).toHaveLength(1);
    const m = server.messages[0];
    expect(m).toMatchObject({ from: 'x12gw@clinic.example', to: ['billing@clinic.example', 'lead@clinic.example'], secure: false, authenticatedAs: 'gw' });
    // the body as written, after the server undid the stuffing: a lone "." line did not end the DATA early
    expect(m.data.split('\r\n\r\n').slice(1).join('\r\n\r\n')).toBe('First line.\r\n.a line that starts with a dot\r\n.\r\nlast line\r\n');
    expect(m.data).toContain('Message-ID: <DL123@x12gw.test>');
    expect(m.data).toContain('Subject: [x12gw] Timely-filing limit passed: claim C-1');
    expect(server.commands).toEqual(['EHLO x12gw.test', 'AUTH ***', 'MAIL FROM:<x12gw@clinic.example>', 'RCPT TO:<billing@clinic.example>', 'RCPT TO:<lead@clinic.example>', 'DATA', 'QUIT']);
  });

  it('dot-stuffs in the wire form', () => {
    expect(messageData(message({ text: '.x\n..y\nz' }), 'h')).toMatch(/\r\n\r\n\.\.x\r\n\.\.\.y\r\nz\r\n\.\r\n$/);
  });

  it('upgrades with STARTTLS before AUTH and MAIL, trusting the configured CA', async () => {
    server = await startSmtpServer({ tls, requireTls: true, user: { name: 'gw', password: 'pw' } });
    const r = await sendMail(conn(server.port, { starttls: true, ca: tls.cert, auth: { user: 'gw', password: 'pw' } }), message());
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    expect(server.messages[0].secure).toBe(true);
    expect(server.commands.slice(0, 4)).toEqual(['EHLO x12gw.test', 'STARTTLS', 'EHLO x12gw.test', 'AUTH ***']);
  });

  it('refuses a certificate it does not trust, and a server without STARTTLS when STARTTLS is on', async () => {
    server = await startSmtpServer({ tls });
    const untrusted = await sendMail(conn(server.port, { starttls: true }), message());
    expect(untrusted).toMatchObject({ ok: false, stage: 'starttls' });
    await server.close();
    server = await startSmtpServer();
    const none = await sendMail(conn(server.port, { starttls: true }), message());
    expect(none).toMatchObject({ ok: false, stage: 'starttls', message: 'the server does not offer STARTTLS' });
    expect(server.messages).toEqual([]);
  });

  it('returns refusals as values naming the stage and the code, never the password', async () => {
    server = await startSmtpServer({ user: { name: 'gw', password: 'right' } });
    const bad = await sendMail(conn(server.port, { auth: { user: 'gw', password: 'wrong-password' } }), message());
    expect(bad).toEqual({ ok: false, stage: 'auth', code: 535, message: 'the server answered 535 to AUTH' });
    expect(JSON.stringify(bad)).not.toContain('wrong-password');
    server.refuse('mail', 451);
    expect(await sendMail(conn(server.port, { auth: { user: 'gw', password: 'right' } }), message())).toMatchObject({ ok: false, stage: 'mail', code: 451 });
    server.refuse('rcpt', 550, 2);
    expect(await sendMail(conn(server.port, { auth: { user: 'gw', password: 'right' } }), message())).toMatchObject({ ok: false, stage: 'rcpt' });
    server.refuse('message', 554);
    expect(await sendMail(conn(server.port, { auth: { user: 'gw', password: 'right' } }), message())).toMatchObject({ ok: false, stage: 'message', code: 554 });
    expect(server.messages).toEqual([]);
  });

  it('gives up on a silent server after the timeout, and on a closed port', async () => {
    // Accepts and never answers; its sockets are kept to be destroyed at the end (net.Server has no closeAllConnections).
    const accepted = new Set<Socket>();
    const silent = createServer((socket) => void accepted.add(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      expect(await sendMail(conn(port, { timeoutMs: 300 }), message())).toMatchObject({ ok: false, stage: 'greeting', message: 'no reply within 300 ms' });
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
    expect(await sendMail(conn(port, { timeoutMs: 2000 }), message())).toMatchObject({ ok: false, stage: 'connect' });
  });

  it('refuses header injection and AUTH in clear to a host off the loopback', async () => {
    expect(await sendMail(conn(1), message({ subject: 'x\r\nBcc: a@b.example' }))).toMatchObject({ ok: false, stage: 'input' });
    expect(await sendMail(conn(1), message({ to: ['a@b.example>\r\nRCPT TO:<c@d.example'] }))).toMatchObject({ ok: false, stage: 'input' });
    expect(await sendMail({ ...conn(25), host: 'mail.clinic.example', auth: { user: 'u', password: 'p' } }, message())).toMatchObject({ ok: false, stage: 'input' });
  });
});
