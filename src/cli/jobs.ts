/**
 * How many threads a command may use: `--jobs N`, else the `X12GW_JOBS` variable, else the command's own
 * default. One reading for every command (`validate`, `generate`), so a value means the same everywhere.
 */

/** A `--jobs` / X12GW_JOBS value that is not a whole number of threads, 1 or more. */
export class JobsOptionError extends Error {}

/**
 * The thread count from `--jobs` (`flag`, as typed), else X12GW_JOBS (an empty variable counts as unset),
 * else `fallback`. Strict: only decimal digits, at least 1 ("0x2", "1.0", "+2", " 2", "0", "-1" and an empty
 * `--jobs ""` are refused, naming where the value came from).
 */
export function jobsFrom(flag: string | undefined, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = flag === undefined;
  const raw = fromEnv ? env.X12GW_JOBS : flag;
  if (raw === undefined || (fromEnv && raw === '')) return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new JobsOptionError(`${fromEnv ? 'X12GW_JOBS' : '--jobs'} must be a whole number of threads, 1 or more (decimal digits only), not "${raw}"`);
  }
  return Number(raw);
}
