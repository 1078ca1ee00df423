/**
 * Where CLI commands write big outputs (parse, report, generate): stdout or a file, with back-pressure
 * and with the end of the reader treated as Unix tools do.
 *
 * - `write` queues text; the command calls `await out.ready()` between input chunks, which waits for
 *   'drain' when the stream holds more than its high-water mark, so memory stays flat however slow
 *   the reader is (`| gzip`, `| ssh`, a slow disk).
 * - EPIPE (`| head -1` closed the pipe) means the reader has all it wants: writes stop, `ready()` throws
 *   `ReaderGone`, and main.ts exits 0 without a word on stderr.
 * - Files are created 0600 (reports hold PHI) and written through the same path.
 */
import { createWriteStream, fchmodSync, fstatSync, openSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** The reader of our output went away (EPIPE): stop work, exit 0, say nothing. */
export class ReaderGone extends Error {
  constructor() {
    super('the reader closed the output');
  }
}

/** Some other write failure (disk full, permission). */
export class OutputError extends Error {}

export interface Output {
  /** Queue text (never blocks; call `ready()` regularly). Ignored once the reader is gone. */
  write(text: string | Buffer): void;
  /** Resolves when the queue is below the high-water mark; throws ReaderGone / OutputError. */
  ready(): Promise<void>;
  /** Flush everything and close a file (stdout stays open); throws like `ready()`. */
  end(): Promise<void>;
  /** Bytes handed to `write` so far. */
  readonly bytes: number;
}

/** Characters gathered before a write to the stream. */
const BATCH = 64 * 1024;

const isEpipe = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE' || (err as NodeJS.ErrnoException | undefined)?.code === 'ERR_STREAM_DESTROYED';

/** An Output over any writable stream (stdout by default). */
export function streamOutput(stream: Writable = process.stdout, options: { closeAtEnd?: boolean; name?: string } = {}): Output {
  let failure: Error | undefined;
  let bytes = 0;
  stream.on('error', (err) => {
    failure ??= isEpipe(err) ? new ReaderGone() : new OutputError(`${options.name ?? 'output'}: cannot write: ${err.message}`);
  });
  const check = () => {
    if (failure) throw failure;
  };
  /** Waits for `event`, or for 'close' (a destroyed stream, EPIPE, never drains); removes both listeners. */
  const waitFor = async (event: 'drain' | 'finish') => {
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off(event, done);
        stream.off('close', done);
        resolve();
      };
      stream.on(event, done);
      stream.on('close', done);
    });
    check();
  };
  // Small pieces are gathered and handed to the stream 64 KiB at a time: one write (a system call on a
  // pipe) per piece cost a fifth of `parse --ndjson`.
  let pending = '';
  const flush = () => {
    if (pending.length && !failure) stream.write(pending);
    pending = '';
  };
  return {
    write(text) {
      if (failure) return;
      if (typeof text === 'string') {
        bytes += Buffer.byteLength(text);
        pending += text;
        if (pending.length >= BATCH) flush();
      } else {
        bytes += text.length;
        flush();
        stream.write(text);
      }
    },
    async ready() {
      flush();
      check();
      if (stream.writableNeedDrain) await waitFor('drain');
    },
    async end() {
      flush();
      check();
      if (options.closeAtEnd) {
        stream.end();
        await waitFor('finish');
      } else if (stream.writableNeedDrain) await waitFor('drain');
      // Data written to stdout is flushed by Node before exit; a later EPIPE is the reader's choice.
      check();
    },
    get bytes() {
      return bytes;
    },
  };
}

let stdout: Output | undefined;

/** stdout (one Output for the process: its error listener is added once), or a new file created 0600 when `file` is given. */
export function openOutput(file?: string): Output {
  if (!file) return (stdout ??= streamOutput(process.stdout, { name: 'stdout' }));
  let fd: number;
  try {
    fd = openSync(file, 'w', 0o600);
    // Also when the file was already there with wider permissions; but only a regular file: `-o /dev/null`
    // (or a FIFO, a terminal) is not ours to change, and as root fchmod would make /dev/null 0600 for the
    // whole machine.
    if (fstatSync(fd).isFile()) fchmodSync(fd, 0o600);
  } catch (err) {
    throw new OutputError(`${file}: cannot write: ${(err as Error).message}`);
  }
  return streamOutput(createWriteStream(file, { fd, highWaterMark: 1 << 20 }), { closeAtEnd: true, name: file });
}
