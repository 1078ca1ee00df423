/**
 * The gateway's logger: pino, JSON (pretty on a TTY), with redaction of every field that could hold PHI
 * as a backstop. The rule the code follows is stronger: log ids, control numbers, counts and positions,
 * never claim content.
 */
import pino, { type Logger } from 'pino';

/** Paths redacted wherever they appear (pino's `*` matches one level). */
export const REDACT_PATHS = [
  'claim',
  'claims',
  'data',
  'patient',
  'subscriber',
  'name',
  'memberId',
  'birthDate',
  'address',
  'content',
  'body',
  'req.headers.authorization',
  'headers.authorization',
  '*.claim',
  '*.data',
  '*.patient',
  '*.subscriber',
  '*.name',
  '*.memberId',
  '*.birthDate',
  '*.address',
  '*.content',
  '*.body',
];

export interface LoggerOptions {
  level?: string;
  /** Pretty output (default: when stdout is a TTY). */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const toStderr = options.destination === process.stderr;
  const pretty = options.pretty ?? (process.stdout.isTTY === true && !options.destination);
  const base = { level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'x12gw' } };
  if (pretty) return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', destination: toStderr ? 2 : 1 } } });
  return options.destination ? pino(base, options.destination as pino.DestinationStream) : pino(base);
}

export type { Logger };
