/**
 * A progress bar on stderr for long jobs: shown only when stderr is a terminal (or forced), redrawn at
 * most ten times a second, erased when done.
 */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

export function progressBar(total: number, label: string, options: { force?: boolean; minTotal?: number; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  // X12GW_PROGRESS=always shows it even when stderr is not a terminal (logs, tests); =never hides it.
  const setting = process.env.X12GW_PROGRESS;
  const wanted = setting === 'always' || (setting !== 'never' && (options.force || stream.isTTY));
  const enabled = wanted && total >= (options.minTotal ?? 4 * 1024 * 1024);
  if (!enabled) return { update() {}, finish() {} };
  const started = Date.now();
  let last = 0;
  const draw = (done: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(ratio * width);
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = done / 1048576 / seconds;
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${rate.toFixed(1)} MB/s `);
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(done);
    },
    finish() {
      stream.write('\r' + ' '.repeat(label.length + 60) + '\r');
    },
  };
}
