/** File input for the CLI: a chunk stream with progress, and errors that say what went wrong. */
import { createReadStream, statSync } from 'node:fs';
import { progressBar } from './progress.js';

export class UnreadableFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: cannot read: ${reason}`);
  }
}

/** Chunks of a file (1 MiB each unless told), with a progress bar on stderr for big files. */
export async function* readChunks(file: string, label = 'reading', options: { chunkSize?: number } = {}): AsyncGenerator<Buffer> {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UnreadableFileError(file, 'not a regular file');
    size = st.size;
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  const progress = progressBar(size, label);
  let done = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: options.chunkSize ?? 1 << 20 })) {
      done += (chunk as Buffer).length;
      progress.update(done);
      yield chunk as Buffer;
    }
  } catch (err) {
    throw new UnreadableFileError(file, (err as Error).message);
  } finally {
    progress.finish();
  }
}
