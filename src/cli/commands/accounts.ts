/**
 * `x12gw deposits import FILE` and `x12gw patients import-payments FILE`: the workbench's imports from the
 * command line, into the ledger of `--config` (its data folder) or `--data DIR`. Output is counts and
 * problem positions only. Exit 0 imported, 1 the file has problems (nothing or only the good lines
 * imported, as the import's rules say), 3 usage or unreadable file.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { DEPOSIT_COLUMNS, type DepositMapping } from '../../accounts/deposit-file.js';
import { loadConfigFolders } from '../../gateway/config.js';
import { openLedgerDb } from '../../ledger/db.js';
import { importDeposits } from '../../ledger/deposits.js';
import { importPatientPayments } from '../../ledger/patient-accounts.js';

interface LedgerOpts {
  config?: string;
  data?: string;
}

type Problem = { code: string; message: string; position: { file?: string; line?: number; column?: string } };
const describe = (p: Problem) => `${p.position.file ?? ''}${p.position.line ? `:${p.position.line}` : ''}${p.position.column ? ` (${p.position.column})` : ''}: ${p.code}: ${p.message}`;

async function withInput<T>(cmd: string, file: string, opts: LedgerOpts, run: (text: string, dataDir: string) => Promise<T>): Promise<T | number> {
  const fail = (message: string) => {
    process.stderr.write(`x12gw ${cmd}: ${message}\n`);
    return 3;
  };
  if (!opts.config === !opts.data) return fail('give the ledger with exactly one of --config FILE or --data DIR');
  let dataDir: string;
  let text: string;
  try {
    dataDir = opts.config ? loadConfigFolders(opts.config).data : opts.data!;
  } catch (err) {
    return fail(`cannot read the config: ${(err as Error).message}`);
  }
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return run(text, dataDir);
}

export async function depositsImportCommand(file: string, opts: LedgerOpts & { format?: string; map?: string[] }): Promise<number> {
  const mapping: DepositMapping = {};
  for (const m of opts.map ?? []) {
    const [k, ...v] = m.split('=');
    if (!(DEPOSIT_COLUMNS as readonly string[]).includes(k) || !v.length) {
      process.stderr.write(`x12gw deposits import: --map takes column=Header with column one of ${DEPOSIT_COLUMNS.join(', ')}\n`);
      return 3;
    }
    mapping[k as keyof DepositMapping] = v.join('=');
  }
  if (opts.format && opts.format !== 'csv' && opts.format !== 'bai2') {
    process.stderr.write('x12gw deposits import: --format is csv or bai2\n');
    return 3;
  }
  const r = await withInput('deposits import', file, opts, async (text, dataDir) => {
    const handle = await openLedgerDb({ dataDir });
    try {
      return await importDeposits(handle.db, text, { fileName: basename(file), actor: 'cli', now: new Date(), mapping, format: opts.format as 'csv' | 'bai2' | undefined });
    } finally {
      await handle.close();
    }
  });
  if (typeof r === 'number') return r;
  for (const p of r.problems) process.stderr.write(`${describe(p)}\n`);
  process.stdout.write(`${r.format}: ${r.imported} deposit(s) imported, ${r.duplicates} already imported, ${r.skipped} debit(s) skipped, ${r.problems.length} problem(s)\n`);
  return r.problems.length ? 1 : 0;
}

export async function patientPaymentsImportCommand(file: string, opts: LedgerOpts): Promise<number> {
  const r = await withInput('patients import-payments', file, opts, async (text, dataDir) => {
    const handle = await openLedgerDb({ dataDir });
    try {
      return await importPatientPayments(handle.db, text, { file: basename(file), actor: 'cli', now: new Date() });
    } finally {
      await handle.close();
    }
  });
  if (typeof r === 'number') return r;
  for (const p of r.problems) process.stderr.write(`${describe(p)}\n`);
  process.stdout.write(`${r.recorded} payment(s) recorded, ${r.duplicates} already imported, ${r.credits} left a credit, ${r.problems.length} problem(s)\n`);
  return r.problems.length ? 1 : 0;
}

/** Registers `deposits import` and `patients import-payments` on the program (one line in main.ts). */
