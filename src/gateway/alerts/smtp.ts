/**
 * A small SMTP client over node:net (RFC 5321; STARTTLS RFC 3207; AUTH PLAIN RFC 4616), enough to hand
 * one message to the practice's mail server: greeting, EHLO, optional STARTTLS (then EHLO again),
 * optional AUTH PLAIN, MAIL FROM, RCPT TO per recipient, DATA with dot-stuffing, QUIT. Every command
 * waits at most `timeoutMs` for its reply. The outcome is a value: delivered, or the stage that failed
 * with the server's reply code — never the message text or the password in an error.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export interface SmtpMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The Message-ID's local part (a delivery id: the same message sent twice has the same id). */
  messageId: string;
  date: Date;
}

export interface SmtpConnection {
  host: string;
  port: number;
  heloName: string;
  starttls: boolean;
  /** PEM of the CA that signed the server's certificate (else Node's public CAs). */
  ca?: string;
  auth?: { user: string; password: string };
  timeoutMs: number;
}

export type SmtpStage = 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'message' | 'quit' | 'input';
export type SmtpResult = { ok: true; accepted: string[] } | { ok: false; stage: SmtpStage; code?: number; message: string };

interface Reply {
  code: number;
  lines: string[];
}

class SmtpFailure extends Error {
  constructor(
    readonly stage: SmtpStage,
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

/** Reads CRLF lines off a socket and hands out complete (possibly multi-line) replies in order. */
function replyReader(socket: Socket | TLSSocket, timeoutMs: number) {
  let buffer = '';
  let lines: string[] = [];
  const ready: Reply[] = [];
  let waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void; stage: SmtpStage; timer: NodeJS.Timeout } | undefined;
  let failure: Error | undefined;
  const settle = () => {
    if (!waiting) return;
    const w = waiting;
    if (ready.length) {
      waiting = undefined;
      clearTimeout(w.timer);
      w.resolve(ready.shift()!);
    } else if (failure) {
      waiting = undefined;
      clearTimeout(w.timer);
      w.reject(new SmtpFailure(w.stage, failure.message));
    }
  };
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let at: number;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, at).replace(/\r$/, '');
      buffer = buffer.slice(at + 1);
      const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
      if (!m) {
        failure = new Error('the server sent a line that is not an SMTP reply');
        continue;
      }
      lines.push(m[3]);
      if (m[2] !== '-') {
        ready.push({ code: Number(m[1]), lines });
        lines = [];
      }
    }
    if (buffer.length > 64 * 1024) failure = new Error('reply line too long');
    settle();
  };
  const onEnd = () => {
    failure ??= new Error('the server closed the connection');
    settle();
  };
  const onError = (err: Error) => {
    failure = new Error(`connection error (${(err as NodeJS.ErrnoException).code ?? err.name})`);
    settle();
  };
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('close', onEnd);
  socket.on('error', onError);
  return {
    next(stage: SmtpStage): Promise<Reply> {
      return new Promise<Reply>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting = undefined;
          reject(new SmtpFailure(stage, `no reply within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting = { resolve, reject, stage, timer };
        settle();
      });
    },
    /** Stops listening (before the socket is handed to TLS). */
    detach() {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      return buffer.length > 0 || ready.length > 0;
    },
  };
}

const oneLine = (s: string) => /[\r\n]/.test(s);
const mailbox = /^[^\s<>()@,;:\\"]+@[A-Za-z0-9.-]+$/;
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

/** The message in wire form: headers, a blank line, the body with CRLF line ends and leading dots doubled, then the final dot. */
export function messageData(m: SmtpMessage, heloName: string): string {
  const encodedSubject = /^[\x20-\x7e]*$/.test(m.subject) ? m.subject : `=?UTF-8?B?${Buffer.from(m.subject, 'utf8').toString('base64')}?=`;
  const headers = [
    `From: <${m.from}>`,
    `To: ${m.to.map((t) => `<${t}>`).join(', ')}`,
    `Subject: ${encodedSubject}`,
    `Date: ${m.date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${m.messageId}@${heloName}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const body = m.text
    .split(/\r?\n/)
    .map((line) => (line.startsWith('.') ? '.' + line : line))
    .join('\r\n');
  return `${headers.join('\r\n')}\r\n\r\n${body}\r\n.\r\n`;
}

function check(reply: Reply, stage: SmtpStage, expected: number[]): void {
  if (!expected.includes(reply.code)) throw new SmtpFailure(stage, `the server answered ${reply.code} to ${stage.toUpperCase()}`, reply.code);
}

/** Sends one message; resolves with the outcome (never rejects). */
export async function sendMail(conn: SmtpConnection, m: SmtpMessage): Promise<SmtpResult> {
  if ([m.from, ...m.to].some((a) => oneLine(a) || !mailbox.test(a))) return { ok: false, stage: 'input', message: 'a sender or recipient is not a plain e-mail address' };
  if (oneLine(m.subject) || oneLine(m.messageId)) return { ok: false, stage: 'input', message: 'the subject or message id holds a line break' };
  if (conn.auth && !conn.starttls && !isLoopback(conn.host)) return { ok: false, stage: 'input', message: 'AUTH without STARTTLS is refused (the password would cross the network in clear)' };
  let socket: Socket | TLSSocket | undefined;
  try {
    socket = await new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host: conn.host, port: conn.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new SmtpFailure('connect', `could not connect within ${conn.timeoutMs} ms`));
      }, conn.timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(new SmtpFailure('connect', `could not connect (${(err as NodeJS.ErrnoException).code ?? err.name})`));
      });
    });
    let reader = replyReader(socket, conn.timeoutMs);
    const send = (line: string) => socket!.write(line + '\r\n');
    const command = async (line: string, stage: SmtpStage, expected: number[]) => {
      send(line);
      const reply = await reader.next(stage);
      check(reply, stage, expected);
      return reply;
    };
    check(await reader.next('greeting'), 'greeting', [220]);
    let ehlo = await command(`EHLO ${conn.heloName}`, 'ehlo', [250]);
    if (conn.starttls) {
      if (!ehlo.lines.some((l) => /^STARTTLS\b/i.test(l))) throw new SmtpFailure('starttls', 'the server does not offer STARTTLS');
      await command('STARTTLS', 'starttls', [220]);
      if (reader.detach()) throw new SmtpFailure('starttls', 'the server sent data after agreeing to STARTTLS');
      const plain = socket;
      socket = await new Promise<TLSSocket>((resolve, reject) => {
        const t = tlsConnect({ socket: plain as Socket, host: conn.host, servername: isIP(conn.host) ? undefined : conn.host, ca: conn.ca, minVersion: 'TLSv1.2' });
        const timer = setTimeout(() => reject(new SmtpFailure('starttls', `TLS handshake not done within ${conn.timeoutMs} ms`)), conn.timeoutMs);
        t.once('secureConnect', () => {
          clearTimeout(timer);
          resolve(t);
        });
        t.once('error', (err) => {
          clearTimeout(timer);
          reject(new SmtpFailure('starttls', `TLS handshake failed (${(err as NodeJS.ErrnoException).code ?? err.name})`));
        });
      });
      reader = replyReader(socket, conn.timeoutMs);
      ehlo = await command(`EHLO ${conn.heloName}`, 'ehlo', [250]);
    }
    if (conn.auth) {
      const token = Buffer.from(`\u0000${conn.auth.user}\u0000${conn.auth.password}`, 'utf8').toString('base64');
      await command(`AUTH PLAIN ${token}`, 'auth', [235]);
    }
    await command(`MAIL FROM:<${m.from}>`, 'mail', [250]);
    const accepted: string[] = [];
    for (const to of m.to) {
      send(`RCPT TO:<${to}>`);
      const reply = await reader.next('rcpt');
      if (reply.code === 250 || reply.code === 251) accepted.push(to);
    }
    if (!accepted.length) throw new SmtpFailure('rcpt', 'the server accepted none of the recipients');
    await command('DATA', 'data', [354]);
    socket.write(messageData(m, conn.heloName));
    check(await reader.next('message'), 'message', [250]);
    // The message is accepted from here on: a failing QUIT does not undo that.
    try {
      await command('QUIT', 'quit', [221]);
    } catch {
      // ignored
    }
    return { ok: true, accepted };
  } catch (err) {
    if (err instanceof SmtpFailure) return { ok: false, stage: err.stage, code: err.code, message: err.message };
    return { ok: false, stage: 'connect', message: `unexpected failure (${(err as Error).name})` };
  } finally {
    socket?.destroy();
  }
}
