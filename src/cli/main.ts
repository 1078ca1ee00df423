#!/usr/bin/env node
/**
 * x12gw — the gateway's command line. Each command is wired here and lives in commands/.
 * Each command's module is imported when the command runs, so a run loads only what it uses (memory:
 * `generate` or `report` do not carry the gateway, the API or the ledger).
 * Exit codes: 0 success / valid, 1 the data has problems (invalid file, rejected claims),
 * 2 a file could not be read or is not X12 at all, 3 bad usage or configuration, 70 internal error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { registerAccountCommands } from './commands/accounts-register.js';
import { repoRoot } from './repo-root.js';
import { OutputError, ReaderGone } from './output.js';

// `x12gw ... | head -1`: the reader closing the pipe is the end of the job, not an error (as for Unix
// tools): stop at once, exit 0, nothing on stderr. Commands that stream also stop through ReaderGone.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

/** The version in package.json (the CLI runs from src/ with tsx or from dist/). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const program = new Command();
program
  .name('x12gw')
  .description('HIPAA X12 5010 gateway: validate, parse and acknowledge X12 files; generate 837 claims; run the gateway.')
  .version(packageVersion(), '-V, --version', 'print the version')
  .exitOverride()
  .showHelpAfterError('(run x12gw --help for the commands)');

program
  .command('validate')
  .description('Check X12 files against the 5010 implementation guides (envelopes, loops, segments, elements, codes). Exit 0 valid, 1 invalid, 2 unreadable / not X12.')
  .argument('<files...>', 'X12 files (837P/I/D, 835, 277CA, 276/277, 999, TA1)')
  .option('--json', 'machine-readable report on stdout')
  .option('--partner <id>', "837s: apply this partner's rules (SNIP 7: config/partners/<id>.json `rules`)")
  .option('--partners <dir>', 'folder of partner profiles', 'config/partners')
  .option('--jobs <n>', 'worker threads validating transaction sets in parallel (default: X12GW_JOBS, else the cores the load average leaves free; files under 32 MiB use one; 1 = one thread)')
  .action(async (files: string[], opts) => {
    process.exitCode = await (await import('./commands/validate.js')).validateCommand(files, opts);
  });

program
  .command('parse')
  .description('Print the loop tree of an X12 file as JSON (one record per transaction set), streamed as it is read.')
  .argument('<file>', 'X12 file')
  .option('--ndjson', 'one JSON record per line, claim by claim (flat memory for huge files)')
  .action(async (file: string, opts) => {
    process.exitCode = await (await import('./commands/parse.js')).parseCommand(file, opts);
  });

program
  .command('ack')
  .description('Write the 999 implementation acknowledgment (and a TA1 when the envelope is bad or ISA14=1) for an X12 file.')
  .argument('<file>', 'X12 file to acknowledge')
  .option('-o, --output <file>', 'write the acknowledgment here instead of stdout')
  .option('--control-number <n>', 'first interchange/group control number to use', '1')
  .option('--date <iso>', 'date and time to stamp (default: now)')
  .action(async (file: string, opts) => {
    process.exitCode = await (await import('./commands/ack.js')).ackCommand(file, opts);
  });

program
  .command('report')
  .description('Write a report a biller can read for an 835 (remittance), 277CA / 277 (claim status) or 999 / TA1 (acknowledgment). Exit 0 clean, 1 problems found (imbalance, rejections), 2 unreadable.')
  .argument('<file>', 'response file')
  .option('--format <format>', 'html, csv or json', 'html')
  .option('-o, --output <file>', 'write the report here instead of stdout')
  .option('--claims <file>', 'the 837 a 999 answers, to map its errors to claims (CLM01) and fields')
  .action(async (file: string, opts) => {
    process.exitCode = await (await import('./commands/report.js')).reportCommand(file, opts);
  });

program
  .command('generate')
  .description('Scrub a claim batch and write the 837 files for the claims that pass; report rejected claims with the fix. Exit 0 all generated, 1 some rejected, 2 unreadable input, 3 bad configuration.')
  .argument('<batch>', 'claim batch: BATCH.json ({ partnerId, claims: [...] }), BATCH.ndjson (one claim per line, streamed) or a FHIR R4 Bundle (JSON, or NDJSON of Bundles)')
  .option('-o, --output <file>', '837 file to write (default: the batch name with .837)')
  .option('--partner <id>', 'partner profile (config/partners/<id>.json) for claims that name none')
  .option('--dry-run', 'scrub and build, write nothing')
  .option('--json', 'machine-readable report on stdout')
  .option('--partners <dir>', 'folder of partner profiles', 'config/partners')
  .option('--date <iso>', 'date and time to stamp (default: now)')
  .option('--control-number <n>', 'first interchange/group control number', '1')
  .option('--from <format>', 'input format: fhir (FHIR R4 Bundle / NDJSON of Bundles), csv or claims (default: detected)')
  .option('--csv-header-map <file>', 'CSV: JSON file mapping the export\'s headers to the layout\'s columns (docs/csv-intake.md)')
  .option('--jobs <n>', 'threads: 2 or more validate the written 837 on a second thread (default: X12GW_JOBS, else 1 = the main thread)')
  .action(async (batch: string, opts) => {
    process.exitCode = await (await import('./commands/generate.js')).generateCommand(batch, opts);
  });

program
  .command('serve')
  .description('Run the gateway against the partners in a config file: outbox watcher, SFTP upload and polling, inbox posting, and the API when configured.')
  .requiredOption('--config <file>', 'gateway config (see config/gateway.example.json)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace')
  .addOption(new Option('--database <url>', 'PostgreSQL URL of the ledger (overrides the config; default SQLite in dataDir); no password in it: PGPASSWORD or ~/.pgpass').env('X12GW_DATABASE_URL'))
  .action(async (opts) => {
    process.exitCode = await (await import('./commands/serve.js')).serveCommand(opts);
  });

program
  .command('sim')
  .description('Run the simulated clearinghouse: SFTP on loopback, answers 837s with TA1 / 999 / 277CA / 835.')
  .requiredOption('--dir <folder>', 'folder for its inbound/outbound files and state')
  .option('--port <n>', 'SFTP port', '2222')
  .option('--user <name>', 'SFTP user name', 'practice')
  .option('--authorized-key <file>', 'OpenSSH public key of the user')
  .option('--password-env <var>', 'environment variable holding the user password')
  .option('--reject-member-ids <regex>', 'reject claims whose member id matches (277CA A7)', '^REJ')
  .option('--delays <ms,ms,ms>', 'delays before the 999, the 277CA and the 835', '0,1000,3000')
  .option('--plb-every <n>', 'every nth 835 carries a provider adjustment (PLB)', '3')
  .option('--json', 'print the endpoint as JSON')
  .action(async (opts) => {
    process.exitCode = await (await import('./commands/sim.js')).simCommand(opts);
  });

program
  .command('demo')
  .description('The whole loop on localhost: simulated clearinghouse + gateway + API, demo batches dropped in the outbox, a summary and the URLs.')
  .option('--once', 'run in a temporary folder until every demo claim is final (max 120 s), then exit')
  .option('--json', 'with --once: print the summary as JSON')
  .option('--dir <folder>', 'data folder (default data/demo)')
  .option('--port <n>', 'API port', '8080')
  .option('--batches <folder>', 'claim batches to drop (default samples/demo)')
  .option('--timeout <s>', 'with --once: seconds before giving up', '120')
  .option('--database <url>', 'PostgreSQL URL of an empty database for the ledger (default SQLite)')
  .option('--instances <n>', 'gateways sharing the ledger (more than 1 needs --database): this one plus `x12gw serve` child processes', '1')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace')
  .action(async (opts) => {
    process.exitCode = await (await import('./commands/demo.js')).demoCommand(opts);
  });

program
  .command('user')
  .description('Create a workbench user (or reset its password and role) in the gateway ledger, optionally with an API token and a practice; or list the users. The password is read from X12GW_USER_PASSWORD.')
  .option('--config <file>', 'gateway config whose ledger to use (its data folder)')
  .option('--data <folder>', 'the ledger\'s data folder instead of a config')
  .option('--username <name>', 'user name')
  .option('--role <role>', 'admin, biller or read-only', 'biller')
  .option('--token <label>', 'also create an API token with this label (printed once)')
  .option('--list', 'list the users and their roles')
  .option('--practice <id>', 'make the user a member of this practice with --role (an admin of a practice manages its users; without --practice an admin is service-wide)')
  .action(async (opts) => {
    process.exitCode = await (await import('./commands/user.js')).userCommand(opts);
  });

registerAccountCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 3;
  } else if (err instanceof ReaderGone) {
    process.exitCode = 0;
  } else if (err instanceof OutputError) {
    process.stderr.write(`x12gw: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`x12gw: internal error: ${(err as Error).message}\n`);
    process.exitCode = 70;
  }
}
