/**
 * The `deposits` and `patients` commands on the command line; their code (and the ledger it opens) is
 * loaded only when one of them runs.
 */
import type { Command } from 'commander';

export function registerAccountCommands(program: Command): void {
  const ledgerOptions = (c: Command) => c.option('--config <file>', 'gateway config whose ledger to use (its data folder)').option('--data <folder>', "the ledger's data folder instead of a config");
  const deposits = program.command('deposits').description('Bank deposits for ERA/EFT reassociation (docs/patient-accounts.md).');
  ledgerOptions(deposits.command('import').description('Import a bank statement export (CSV: date, amount, reference[, description]; or BAI2). Exit 0 imported, 1 problems (nothing stored), 3 usage.').argument('<file>', 'CSV or BAI2 file'))
    .option('--format <csv|bai2>', 'default: BAI2 when the file starts with "01,", else CSV')
    .option('--map <column=Header...>', "the bank's header for one of our columns, e.g. --map date='Posting Date'")
    .action(async (file: string, opts) => {
      process.exitCode = await (await import('./accounts.js')).depositsImportCommand(file, opts);
    });
  const patients = program.command('patients').description('Patient accounts (docs/patient-accounts.md).');
  ledgerOptions(patients.command('import-payments').description('Import patient payments from CSV (date, claimId, amount, method[, reference]). Exit 0 imported, 1 some lines had problems, 3 usage.').argument('<file>', 'CSV file')).action(async (file: string, opts) => {
    process.exitCode = await (await import('./accounts.js')).patientPaymentsImportCommand(file, opts);
  });
}
