/**
 * A tiny SMTP server over node:net for tests (127.0.0.1, a free port): EHLO/HELO, optional STARTTLS (with
 * the key and certificate the test gives), AUTH PLAIN against one user, MAIL, RCPT, DATA (dot-stuffing
 * undone), RSET, NOOP, QUIT. It records every accepted message and every command line (AUTH lines
 * masked), and can be told to refuse a stage with a reply code.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The DATA as the client meant it: dot-stuffing undone, CRLF kept. */
  data: string;
  secure: boolean;
  authenticatedAs: string | null;
}

export interface SmtpTestServer {
  port: number;
  messages: ReceivedMail[];
  commands: string[];
  /** Refuse the next command of a stage ('mail' | 'rcpt' | 'data' | 'message' | 'auth') with this code, `times` times. */
  refuse(stage: string, code: number, times?: number): void;
  close(): Promise<void>;
}

export async function startSmtpServer(o: { tls?: { key: string; cert: string }; user?: { name: string; password: string }; requireTls?: boolean } = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMail[] = [];
  const commands: string[] = [];
  const refusals = new Map<string, { code: number; times: number }>();
  const sockets = new Set<Socket>();
  const refused = (stage: string): number | undefined => {
    const r = refusals.get(stage);
    if (!r || r.times <= 0) return undefined;
    r.times--;
    return r.code;
  };

  function session(socket: Socket, secure: boolean) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    let from: string | null = null;
    let to: string[] = [];
    let inData = false;
    let data = '';
    let user: string | null = null;
    let greeted = false;
    const reply = (line: string) => socket.write(line + '\r\n');
    const onLine = (line: string): 'upgrade' | void => {
      if (inData) {
        if (line === '.') {
          inData = false;
          const code = refused('message');
          if (code) return void reply(`${code} message refused`);
          messages.push({ from: from!, to, data, secure, authenticatedAs: user });
          from = null;
          to = [];
          return void reply('250 2.0.0 queued');
        }
        data += (line.startsWith('..') ? line.slice(1) : line) + '\r\n';
        return;
      }
      commands.push(/^AUTH /i.test(line) ? 'AUTH ***' : line);
      const verb = line.split(' ')[0].toUpperCase();
      switch (verb) {
        case 'EHLO':
        case 'HELO':
          greeted = true;
          if (verb === 'HELO') return void reply('250 test');
          return void reply(['250-test.localhost', ...(o.tls && !secure ? ['250-STARTTLS'] : []), ...(o.user ? ['250-AUTH PLAIN'] : []), '250 8BITMIME'].join('\r\n'));
        case 'STARTTLS':
          if (!o.tls || secure) return void reply('502 no');
          reply('220 go ahead');
          return 'upgrade';
        case 'AUTH': {
          const code = refused('auth');
          if (code) return void reply(`${code} auth refused`);
          const [, mech, token] = line.split(' ');
          if (mech?.toUpperCase() !== 'PLAIN' || !token) return void reply('504 only PLAIN');
          const [, name, password] = Buffer.from(token, 'base64').toString('utf8').split('\u0000');
          if (!o.user || name !== o.user.name || password !== o.user.password) return void reply('535 5.7.8 bad credentials');
          user = name;
          return void reply('235 2.7.0 ok');
        }
        case 'MAIL': {
          if (!greeted) return void reply('503 EHLO first');
          if (o.requireTls && !secure) return void reply('530 STARTTLS first');
          if (o.user && !user) return void reply('530 authentication required');
          const code = refused('mail');
          if (code) return void reply(`${code} sender refused`);
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          return void reply('250 ok');
        }
        case 'RCPT': {
          if (from === null) return void reply('503 MAIL first');
          const code = refused('rcpt');
          if (code) return void reply(`${code} recipient refused`);
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          return void reply('250 ok');
        }
        case 'DATA': {
          if (!to.length) return void reply('503 RCPT first');
          const code = refused('data');
          if (code) return void reply(`${code} data refused`);
          inData = true;
          data = '';
          return void reply('354 end with <CRLF>.<CRLF>');
        }
        case 'RSET':
          from = null;
          to = [];
          return void reply('250 ok');
        case 'NOOP':
          return void reply('250 ok');
        case 'QUIT':
          reply('221 bye');
          socket.end();
          return;
        default:
          return void reply('500 unknown command');
      }
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (onLine(line) === 'upgrade') {
          socket.off('data', onData);
          const secureSocket = new TLSSocket(socket, { isServer: true, secureContext: createSecureContext({ key: o.tls!.key, cert: o.tls!.cert }) });
          secureSocket.once('secure', () => session(secureSocket, true));
          secureSocket.on('error', () => {});
          return;
        }
      }
    };
    socket.on('data', onData);
  }

  const server: Server = createServer((socket) => {
    socket.write('220 test.localhost ESMTP ready\r\n');
    session(socket, false);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    messages,
    commands,
    refuse: (stage, code, times = 1) => void refusals.set(stage, { code, times }),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
